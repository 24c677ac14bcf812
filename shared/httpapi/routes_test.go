package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/httpapi"
)

// TestPage: every path outside /v1/ is the web page.
func TestPage(t *testing.T) {
	a := newAPI(t)
	rec := a.get("/")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("GET /: HTTP %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestMethodNotAllowed: issue 10, D6 (TRACE and QUERY under /v1/ got the
// mux's plain-text 405, whose Allow listed methods that answered 405 too).
// On every path of the route table, any method it has no route for
// (the common ones, TRACE, QUERY, CONNECT, WebDAV's, a made-up token)
// answers the API's JSON error, 405 `method_not_allowed`, with an Allow
// that lists exactly the methods answered there: each of them, sent to
// the path, is not 405, and every method of the path's routes is in it.
// A path without routes is a JSON 404 whatever the method.
func TestMethodNotAllowed(t *testing.T) {
	a := newAPI(t)
	paths := map[string][]string{} // a path of each pattern → the methods of its routes
	for _, rt := range httpapi.Routes() {
		if rt.Access == httpapi.Page {
			continue
		}
		p := strings.NewReplacer("{month}", "2026-10", "{year}", "2026", "{unit}", a.reg.At(0).ID, "{id}", "li.wei").Replace(rt.Pattern)
		paths[p] = append(paths[p], rt.Method)
	}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodTrace, http.MethodConnect, "QUERY", "PROPFIND", "MKCOL", "BREW"}
	for path, routed := range paths {
		for _, m := range methods {
			if slices.Contains(routed, m) || (m == http.MethodHead && slices.Contains(routed, http.MethodGet)) {
				continue
			}
			rec := a.do(m, path, "")
			wantError(t, rec, http.StatusMethodNotAllowed, httpapi.EMethodNotAllowed, "")
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: Content-Type %q", m, path, ct)
			}
			allow := strings.Split(rec.Header().Get("Allow"), ", ")
			for _, r := range routed {
				if !slices.Contains(allow, r) {
					t.Errorf("%s %s: Allow %q lacks %s, a method of the path's routes", m, path, allow, r)
				}
			}
			for _, am := range allow {
				if got := a.do(am, path, ""); got.Code == http.StatusMethodNotAllowed {
					t.Errorf("%s %s: Allow %q, but %s answers 405", m, path, allow, am)
				}
			}
			if t.Failed() {
				t.Fatalf("%s %s", m, path)
			}
		}
	}
	for _, c := range []struct{ method, path, allow string }{
		{http.MethodPost, "/v1/months", "GET, HEAD, OPTIONS"},
		{http.MethodTrace, "/v1/months/2026-10/ranking", "GET, HEAD, OPTIONS"},
		{"QUERY", "/v1/events", "POST, OPTIONS"},
		{http.MethodGet, "/v1/events", "POST, OPTIONS"},
		{http.MethodPost, "/v1/admin/units", "PUT, OPTIONS"},
	} {
		if got := a.do(c.method, c.path, "").Header().Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
	}
	for _, m := range methods {
		wantError(t, a.do(m, "/v1/nothing", ""), http.StatusNotFound, httpapi.ENotFound, "")
	}
}

// TestRoutesTable: the table holds every route once, each with an access.
func TestRoutesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range httpapi.Routes() {
		key := r.Method + " " + r.Pattern
		if seen[key] {
			t.Errorf("%s twice", key)
		}
		seen[key] = true
		switch r.Access {
		case httpapi.Public, httpapi.Signed, httpapi.Admin:
			if !strings.HasPrefix(r.Pattern, "/v1/") {
				t.Errorf("%s: an API route outside /v1/", key)
			}
			if (r.Access == httpapi.Admin) != strings.HasPrefix(r.Pattern, "/v1/admin/") {
				t.Errorf("%s: access %s", key, r.Access)
			}
		case httpapi.Person:
			if !strings.HasPrefix(r.Pattern, "/v1/") {
				t.Errorf("%s: a route of people outside /v1/", key)
			}
		case httpapi.AdminOrAccount:
			if !strings.HasPrefix(r.Pattern, "/v1/admin/") {
				t.Errorf("%s: access %s outside /v1/admin/", key, r.Access)
			}
		case httpapi.Page:
		default:
			t.Errorf("%s: access %q", key, r.Access)
		}
	}
}

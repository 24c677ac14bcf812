package httpapi_test

import (
	"net/http"
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

// TestMethodNotAllowed: a path of the API with another method answers a
// JSON 405 naming the methods.
func TestMethodNotAllowed(t *testing.T) {
	a := newAPI(t)
	for _, c := range []struct{ method, path, allow string }{
		{http.MethodPost, "/v1/months", "GET"},
		{http.MethodDelete, "/v1/months/2026-10/ranking", "GET"},
		{http.MethodGet, "/v1/events", "POST"},
		{http.MethodPost, "/v1/admin/units", "PUT"},
	} {
		rec := a.do(c.method, c.path, "")
		wantError(t, rec, http.StatusMethodNotAllowed, httpapi.EMethodNotAllowed, "")
		if got := rec.Header().Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
	}
	wantError(t, a.do(http.MethodPut, "/v1/nothing", ""), http.StatusNotFound, httpapi.ENotFound, "")
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
		case httpapi.Page:
		default:
			t.Errorf("%s: access %q", key, r.Access)
		}
	}
}

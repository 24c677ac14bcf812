package httpapi_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/httpfront"
)

// TestFrontSameAnswers: issue 16, 4. Behind shared/httpfront, as
// `hotline serve` runs it, every answer of the published rankings is the
// one net/http alone gives, header for header and byte for byte — plain,
// gzip, a group, the summary view, a version, the year, 304, HEAD, the
// CORS headers of an allowed origin and of another, and the errors of a
// bad period, a bad query and a version not published — and the front
// answers each of them itself (httpapi.Hot), while a POST on the same
// path is net/http's.
func TestFrontSameAnswers(t *testing.T) {
	t.Cleanup(httpapi.SetFileMin(0)) // the bodies from files, as large ones are
	mem := published(t)
	files := newAPIOver(t, mem.store, mem.reg, withBodyDir(t.TempDir()), withOrigins("https://app.example.gov.cn"))
	plain := httptest.NewServer(files.srv)
	t.Cleanup(plain.Close)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var hot atomic.Int64
	front := httpfront.New(ln, httpfront.Config{Handler: files.srv, Hot: func(r *http.Request) bool {
		if httpapi.Hot(r) {
			hot.Add(1)
			return true
		}
		return false
	}})
	srv := &http.Server{Handler: files.srv}
	go func() { _ = srv.Serve(front) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = front.Shutdown(ctx)
		_ = srv.Shutdown(ctx)
	})
	frontURL := "http://" + ln.Addr().String()

	const ranking = "/v1/months/2026-10/ranking"
	gz := []string{"Accept-Encoding", "gzip"}
	etag := func(path string, header ...string) string {
		return fetch(t, plain.URL, http.MethodGet, path, header...).Header.Get("ETag")
	}
	cases := []struct {
		name, method, path string
		header             []string
		status             int
		hot                bool
	}{
		{"plain", http.MethodGet, ranking, nil, http.StatusOK, true},
		{"gzip", http.MethodGet, ranking, gz, http.StatusOK, true},
		{"group", http.MethodGet, ranking + "?group=town_street", nil, http.StatusOK, true},
		{"group gzip", http.MethodGet, ranking + "?group=department", gz, http.StatusOK, true},
		{"summary gzip", http.MethodGet, ranking + "?view=summary", gz, http.StatusOK, true},
		{"version", http.MethodGet, ranking + "?version=1", gz, http.StatusOK, true},
		{"year", http.MethodGet, "/v1/years/2026/ranking", nil, http.StatusOK, true},
		{"304", http.MethodGet, ranking, []string{"If-None-Match", etag(ranking)}, http.StatusNotModified, true},
		{"304 gzip", http.MethodGet, ranking, append([]string{"If-None-Match", etag(ranking, gz...)}, gz...), http.StatusNotModified, true},
		{"HEAD", http.MethodHead, ranking, nil, http.StatusOK, true},
		{"HEAD gzip", http.MethodHead, ranking, gz, http.StatusOK, true},
		{"allowed origin", http.MethodGet, ranking, append([]string{"Origin", "https://app.example.gov.cn"}, gz...), http.StatusOK, true},
		{"other origin", http.MethodGet, ranking, []string{"Origin", "https://other.example"}, http.StatusOK, true},
		{"bad month", http.MethodGet, "/v1/months/2026-13/ranking", nil, http.StatusBadRequest, true},
		{"bad query", http.MethodGet, ranking + "?group=nobody", nil, http.StatusBadRequest, true},
		{"no such version", http.MethodGet, ranking + "?version=99", nil, http.StatusNotFound, true},
		{"not published", http.MethodGet, "/v1/months/2025-01/ranking", nil, http.StatusNotFound, true},
		{"POST", http.MethodPost, ranking, nil, http.StatusMethodNotAllowed, false},
		{"other route", http.MethodGet, "/v1/months", nil, http.StatusOK, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := fetch(t, plain.URL, c.method, c.path, c.header...)
			if want.Status != c.status {
				t.Fatalf("net/http alone: HTTP %d, want %d", want.Status, c.status)
			}
			before := hot.Load()
			for range 2 { // the body's file is written on the first GET, read on the second
				if diff := cmp.Diff(want, fetch(t, frontURL, c.method, c.path, c.header...)); diff != "" {
					t.Fatalf("net/http alone (-) and behind the front (+):\n%s", diff)
				}
			}
			if got := hot.Load() - before; (got == 2) != c.hot {
				t.Errorf("the front answered %d of the 2 itself, want hot %v", got, c.hot)
			}
		})
	}
}

// TestHot: the paths of the published rankings, and none other, are hot.
func TestHot(t *testing.T) {
	for path, want := range map[string]bool{
		"/v1/months/2026-10/ranking":      true,
		"/v1/years/2026/ranking":          true,
		"/v1/months/2026-10/ranking/":     false,
		"/v1/months/2026-10/units/x":      false,
		"/v1/months//ranking":             false,
		"/v1/months/a/b/ranking":          false,
		"/v1/months/../ranking":           false,
		"/v1/months":                      false,
		"/v1/months/2026-10%2Franking":    false,
		"/v1/years/2026/ranking?group=x":  true,
		"/":                               false,
		"/v1/months/2026-10/rankings":     false,
		"/x/v1/months/2026-10/ranking":    false,
		"/v1/months/2026-10/ranking.json": false,
	} {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		if got := httpapi.Hot(r); got != want {
			t.Errorf("Hot(%s) = %v, want %v", path, got, want)
		}
	}
}

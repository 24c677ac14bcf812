package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/shizhong/hotline/shared/httpapi"
)

func TestCORS(t *testing.T) {
	const page = "https://hotline.example.gov.cn"
	a := published(t, withOrigins(page, "http://localhost:5173"))
	for _, c := range []struct {
		name, origin, allow string
	}{
		{"allowed origin", page, page},
		{"another allowed origin", "http://localhost:5173", "http://localhost:5173"},
		{"other origin", "https://evil.example", ""},
		{"a prefix of an allowed origin", "https://hotline.example.gov", ""},
		{"no origin", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rec = a.get("/v1/months/2026-10/ranking")
			if c.origin != "" {
				rec = a.get("/v1/months/2026-10/ranking", "Origin", c.origin)
			}
			h := rec.Header()
			if rec.Code != http.StatusOK || h.Get("Access-Control-Allow-Origin") != c.allow || h.Get("Vary") != "Origin" {
				t.Errorf("HTTP %d, Allow-Origin %q (want %q), Vary %q", rec.Code, h.Get("Access-Control-Allow-Origin"), c.allow, h.Get("Vary"))
			}
			if exposed := h.Get("Access-Control-Expose-Headers"); (c.allow != "") != (exposed != "") {
				t.Errorf("Expose-Headers %q", exposed)
			}
		})
	}
	t.Run("an error from an allowed origin", func(t *testing.T) {
		rec := a.get("/v1/months/2025-01/ranking", "Origin", page)
		if rec.Code != http.StatusNotFound || rec.Header().Get("Access-Control-Allow-Origin") != page {
			t.Errorf("HTTP %d, Allow-Origin %q", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
		}
	})
}

func TestCORSAnyOrigin(t *testing.T) {
	a := published(t, withOrigins("*"))
	rec := a.get("/v1/months", "Origin", "https://anyone.example")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "https://anyone.example" {
		t.Errorf("Allow-Origin %q, want the origin echoed", got)
	}
}

func TestCORSOff(t *testing.T) {
	a := published(t)
	rec := a.get("/v1/months", "Origin", "https://anyone.example")
	if h := rec.Header(); h.Get("Access-Control-Allow-Origin") != "" || h.Get("Vary") != "" {
		t.Errorf("CORS headers without origins configured: %v", h)
	}
	wantError(t, a.do(http.MethodOptions, "/v1/months", "", "Origin", "https://anyone.example", "Access-Control-Request-Method", "GET"), http.StatusForbidden, httpapi.EForbidden, "")
}

func TestPreflight(t *testing.T) {
	const page = "https://hotline.example.gov.cn"
	a := published(t, withOrigins(page))
	for _, c := range []struct {
		name, path, origin string
		status             int
		methods            string
	}{
		{"a read route", "/v1/months/2026-10/ranking", page, http.StatusNoContent, "GET, HEAD, OPTIONS"},
		{"an admin route", "/v1/admin/units", page, http.StatusNoContent, "PUT, OPTIONS"},
		{"ingest", "/v1/events", page, http.StatusNoContent, "POST, OPTIONS"},
		{"other origin", "/v1/months", "https://evil.example", http.StatusForbidden, ""},
		{"no route", "/v1/nothing", page, http.StatusNotFound, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := a.do(http.MethodOptions, c.path, "", "Origin", c.origin, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-hotline-client")
			if rec.Code != c.status {
				t.Fatalf("HTTP %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			h := rec.Header()
			if c.status != http.StatusNoContent {
				if h.Get("Access-Control-Allow-Origin") != "" {
					t.Errorf("a refused preflight allows origin %q", h.Get("Access-Control-Allow-Origin"))
				}
				return
			}
			for name, want := range map[string]string{
				"Access-Control-Allow-Origin":  page,
				"Access-Control-Allow-Methods": c.methods,
				"Access-Control-Allow-Headers": "Content-Type, If-None-Match, X-Hotline-Client, X-Hotline-Timestamp, X-Hotline-Signature",
				"Access-Control-Max-Age":       "600",
				"Allow":                        c.methods,
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
		})
	}
	t.Run("plain OPTIONS", func(t *testing.T) {
		rec := a.do(http.MethodOptions, "/v1/months", "")
		if rec.Code != http.StatusNoContent || rec.Header().Get("Allow") != "GET, HEAD, OPTIONS" || rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("HTTP %d, headers %v", rec.Code, rec.Header())
		}
	})
}

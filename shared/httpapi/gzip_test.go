package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"slices"
	"testing"
)

// TestRankingGzip: a ranking is sent gzip-compressed to a client that
// accepts it — a Beijing-scale ranking (about 14 MB) would not fit a Lambda
// response otherwise — decompressing to the stored body, with its own ETag
// and Vary: Accept-Encoding; q=0 or no Accept-Encoding gets the body as
// stored.
func TestRankingGzip(t *testing.T) {
	a := published(t)
	const path = "/v1/months/2026-10/ranking"
	want := a.stored(t, "2026-10", 0).Body
	if len(want) < 4<<10 {
		t.Fatalf("the stored ranking is %d bytes: too small to test compression", len(want))
	}
	plain := a.get(path)
	for _, c := range []struct {
		accept string
		gzip   bool
	}{
		{"gzip", true},
		{"br, gzip;q=0.8", true},
		{"*", true},
		{"gzip;q=0", false},
		{"identity", false},
		{"", false},
	} {
		t.Run(c.accept, func(t *testing.T) {
			var rec = a.get(path)
			if c.accept != "" {
				rec = a.get(path, "Accept-Encoding", c.accept)
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("HTTP %d", rec.Code)
			}
			h := rec.Header()
			if got := h.Values("Vary"); !slices.Contains(got, "Accept-Encoding") {
				t.Errorf("Vary %q, want Accept-Encoding in it", got)
			}
			body := rec.Body.Bytes()
			if !c.gzip {
				if h.Get("Content-Encoding") != "" || !bytes.Equal(body, want) {
					t.Fatalf("Content-Encoding %q: want the stored body as it is", h.Get("Content-Encoding"))
				}
				return
			}
			if h.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding %q, want gzip", h.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("the decompressed body differs from the stored body (%v)", err)
			}
			if len(body) >= len(want)/3 {
				t.Errorf("compressed %d bytes to %d", len(want), len(body))
			}
			tag := h.Get("ETag")
			if tag == plain.Header().Get("ETag") {
				t.Errorf("the compressed body has the ETag of the plain one, %s", tag)
			}
			if rec := a.get(path, "Accept-Encoding", c.accept, "If-None-Match", tag); rec.Code != http.StatusNotModified {
				t.Errorf("If-None-Match %s: HTTP %d, want 304", tag, rec.Code)
			}
		})
	}
}

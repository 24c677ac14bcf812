package httpapi_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpapi"
)

func withBodyDir(dir string) apiOption { return func(c *httpapi.Config) { c.BodyDir = dir } }

// answer is what a client sees of an answer: status, headers but Date, body
// as sent (not decompressed).
type answer struct {
	Status int
	Header http.Header
	Body   string
}

// fetch sends a request to a server on loopback with a client that leaves
// gzip bodies as they are; header is pairs of name and value.
func fetch(t *testing.T, base, method, path string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	res.Header.Del("Date")
	return answer{res.StatusCode, res.Header, string(body)}
}

// TestBodyDirSameAnswers: issue 16, 4. Sent from files of Config.BodyDir
// (sendfile on a real connection), every answer of the published routes is
// the one sent from memory, byte for byte and header for header: plain,
// gzip, a group, the summary view, a version, a unit, 304 and HEAD; and so
// it is again once the files are gone (sent from memory then).
func TestBodyDirSameAnswers(t *testing.T) {
	t.Cleanup(httpapi.SetFileMin(0)) // every body from a file: the district's are small
	mem := published(t)
	dir := t.TempDir()
	files := newAPIOver(t, mem.store, mem.reg, withBodyDir(dir))
	memSrv, fileSrv := httptest.NewServer(mem.srv), httptest.NewServer(files.srv)
	t.Cleanup(memSrv.Close)
	t.Cleanup(fileSrv.Close)

	const ranking = "/v1/months/2026-10/ranking"
	gz := []string{"Accept-Encoding", "gzip"}
	etag := func(path string, header ...string) string {
		return fetch(t, memSrv.URL, http.MethodGet, path, header...).Header.Get("ETag")
	}
	cases := []struct {
		name, method, path string
		header             []string
		status             int
	}{
		{"plain", http.MethodGet, ranking, nil, http.StatusOK},
		{"gzip", http.MethodGet, ranking, gz, http.StatusOK},
		{"group", http.MethodGet, ranking + "?group=town_street", nil, http.StatusOK},
		{"group gzip", http.MethodGet, ranking + "?group=department", gz, http.StatusOK},
		{"summary", http.MethodGet, ranking + "?view=summary", nil, http.StatusOK},
		{"summary gzip", http.MethodGet, ranking + "?view=summary", gz, http.StatusOK},
		{"version", http.MethodGet, ranking + "?version=1", gz, http.StatusOK},
		{"year", http.MethodGet, "/v1/years/2026/ranking", nil, http.StatusOK},
		{"304", http.MethodGet, ranking, []string{"If-None-Match", etag(ranking)}, http.StatusNotModified},
		{"304 gzip", http.MethodGet, ranking, append([]string{"If-None-Match", etag(ranking, gz...)}, gz...), http.StatusNotModified},
		{"HEAD", http.MethodHead, ranking, nil, http.StatusOK},
		{"HEAD gzip", http.MethodHead, ranking, gz, http.StatusOK},
	}
	check := func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				want := fetch(t, memSrv.URL, c.method, c.path, c.header...)
				if want.Status != c.status {
					t.Fatalf("from memory: HTTP %d, want %d", want.Status, c.status)
				}
				if c.method == http.MethodHead || c.status == http.StatusNotModified {
					if want.Body != "" {
						t.Fatalf("from memory: a body of %d bytes", len(want.Body))
					}
				} else if len(want.Body) < 100 {
					t.Fatalf("from memory: a body of %d bytes, too small to tell", len(want.Body))
				}
				for range 2 { // the file is written on the first GET, read on the second
					if diff := cmp.Diff(want, fetch(t, fileSrv.URL, c.method, c.path, c.header...)); diff != "" {
						t.Fatalf("from files (-memory +files):\n%s", diff)
					}
				}
			})
		}
	}
	check(t)
	names, err := filepath.Glob(filepath.Join(dir, "*.body"))
	if err != nil {
		t.Fatal(err)
	}
	// plain and gzip, two groups, the summary (under 4 KiB here: sent
	// plain either way), the year: one file per body sent with GET and 200.
	if len(names) < 6 {
		t.Fatalf("%d body files in BodyDir, want one per variant sent: %q", len(names), names)
	}
	for _, n := range names {
		if err := os.Remove(n); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("files gone", check)

	// The recorder of httptest (no ReadFrom) gets the same from files.
	for _, h := range [][]string{nil, gz} {
		want, got := mem.get(ranking, h...), files.get(ranking, h...)
		if !bytes.Equal(want.Body.Bytes(), got.Body.Bytes()) || !cmp.Equal(want.Header(), got.Header()) {
			t.Errorf("%q: a ResponseRecorder gets another answer from files", h)
		}
	}
}

// readerFromWriter is a ResponseWriter whose ReadFrom records what it is
// handed, as net/http's own writer hands it to sendfile.
type readerFromWriter struct {
	*httptest.ResponseRecorder
	handed []io.Reader
}

func (w *readerFromWriter) ReadFrom(r io.Reader) (int64, error) {
	w.handed = append(w.handed, r)
	return io.Copy(w.ResponseRecorder, r)
}

// TestBodyDirReachesReadFrom: whatever the server wraps the ResponseWriter
// in, a published body from BodyDir reaches the writer's ReadFrom as a file
// (what sendfile needs: an *os.File, or an io.LimitedReader of one), not
// cut into Writes. A wrapper that hides ReadFrom fails here. A body under
// the smallest sent from a file is written from memory.
func TestBodyDirReachesReadFrom(t *testing.T) {
	restore := httpapi.SetFileMin(0)
	t.Cleanup(restore)
	mem := published(t)
	files := newAPIOver(t, mem.store, mem.reg, withBodyDir(t.TempDir()))
	for _, h := range []string{"", "gzip"} {
		req := httptest.NewRequest(http.MethodGet, "/v1/months/2026-10/ranking", nil)
		if h != "" {
			req.Header.Set("Accept-Encoding", h)
		}
		w := &readerFromWriter{ResponseRecorder: httptest.NewRecorder()}
		files.srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK || len(w.handed) != 1 {
			t.Fatalf("Accept-Encoding %q: HTTP %d, ReadFrom called %d times, want once", h, w.Code, len(w.handed))
		}
		r := w.handed[0]
		if lr, ok := r.(*io.LimitedReader); ok {
			r = lr.R
		}
		if _, ok := r.(syscall.Conn); !ok {
			t.Errorf("Accept-Encoding %q: ReadFrom got a %T, not a file sendfile can send", h, r)
		}
		want := mem.get(req.URL.Path, "Accept-Encoding", h)
		if !bytes.Equal(w.Body.Bytes(), want.Body.Bytes()) {
			t.Errorf("Accept-Encoding %q: the body differs from the one sent from memory", h)
		}
	}
	// A body made per request (a unit's answer) is written from memory,
	// and so is a body under 64 KiB (the district's gzip ranking).
	restore()
	w := &readerFromWriter{ResponseRecorder: httptest.NewRecorder()}
	req := httptest.NewRequest(http.MethodGet, "/v1/months/2026-10/ranking", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	files.srv.ServeHTTP(w, req)
	if n := w.Body.Len(); w.Code != http.StatusOK || n >= 64<<10 || len(w.handed) != 0 {
		t.Errorf("gzip ranking: HTTP %d, %d bytes, ReadFrom called %d times, want 200 under 64 KiB written from memory", w.Code, n, len(w.handed))
	}
	w = &readerFromWriter{ResponseRecorder: httptest.NewRecorder()}
	unit := mem.reg.Units()[0].ID
	files.srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/months/2026-10/units/"+string(unit), nil))
	if w.Code != http.StatusOK || len(w.handed) != 0 || !strings.Contains(w.Body.String(), string(unit)) {
		t.Errorf("unit %s: HTTP %d, ReadFrom called %d times, want 200 written from memory", unit, w.Code, len(w.handed))
	}
}

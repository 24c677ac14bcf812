package httpfront_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpfront"
)

// handler is the handler both servers run: each path under /hot/ and
// /net/ does one thing a handler may do to its answer; the front answers
// /hot/ itself, net/http the rest.
func handler(t testing.TB) http.Handler {
	file := filepath.Join(t.TempDir(), "body")
	fileBody := strings.Repeat("0123456789abcdef", 8<<10) // 128 KiB
	if err := os.WriteFile(file, []byte(fileBody), 0o644); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	both := func(name string, h http.HandlerFunc) {
		mux.Handle("/hot/"+name, h)
		mux.Handle("/net/"+name, h)
	}
	both("sized", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", "13")
		w.Header()["Etag"] = []string{`"v1"`}
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"ok": true}`+"\n")
	})
	both("unsized", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"code":"not_found"}}`+"\n")
	})
	both("large-unsized", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, strings.Repeat("x", 1000))
		_, _ = io.WriteString(w, strings.Repeat("y", 1000))
	})
	both("sniff", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "<html><body>hello</body></html>")
	})
	both("sized-sniff", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5")
		_, _ = io.WriteString(w, "%PDF-")
	})
	both("encoded", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = io.WriteString(w, "not sniffed")
	})
	both("empty", func(w http.ResponseWriter, r *http.Request) {})
	both("not-modified", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Etag"] = []string{`"v1"`}
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", "13")
		h.Set("Cache-Control", "public, max-age=60")
		w.WriteHeader(http.StatusNotModified)
		_, _ = io.WriteString(w, "refused")
	})
	both("no-content", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "3")
		w.WriteHeader(http.StatusNoContent)
	})
	both("late-header", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Before", "1")
		w.WriteHeader(http.StatusAccepted)
		w.Header().Set("X-After", "1")
		_, _ = io.WriteString(w, "accepted")
	})
	both("line-breaks", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Note", " two\r\nlines\n ")
		w.Header()["Bad Name"] = []string{"dropped"}
		w.Header().Add("X-Many", "a")
		w.Header().Add("X-Many", "b")
		_, _ = io.WriteString(w, "ok")
	})
	both("date", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Thu, 01 Oct 2026 00:00:00 GMT")
		_, _ = io.WriteString(w, "dated")
	})
	both("hints", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</app.js>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "after hints")
	})
	both("file", func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Open(file)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", fmt.Sprint(len(fileBody)))
		_, _ = io.Copy(w, io.LimitReader(f, int64(len(fileBody))))
	})
	both("request", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		_, local := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
		fmt.Fprintf(w, "%s %s %s host=%s header-host=%q remote=%s local=%v body=%q accept=%q",
			r.Method, r.RequestURI, r.Proto, r.Host, r.Header.Get("Host"), host, local, body, r.Header.Get("Accept"))
	})
	mux.Handle("/", http.NotFoundHandler())
	return mux
}

// hot is the Config.Hot of the tests: the paths under /hot/.
func hot(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/hot/") }

// frontServer serves handler through a Front with cfg's limits; served
// counts the requests the front answered itself.
func frontServer(t testing.TB, h http.Handler, cfg httpfront.Config) (addr string, served *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served = &atomic.Int64{}
	cfg.Handler = h
	cfg.Hot = func(r *http.Request) bool {
		if hot(r) {
			served.Add(1)
			return true
		}
		return false
	}
	startFront(t, ln, cfg)
	return ln.Addr().String(), served
}

// startFront serves cfg.Handler on ln through a Front of cfg, and net/http
// with the same limits behind it, until the test ends.
func startFront(t testing.TB, ln net.Listener, cfg httpfront.Config) *httpfront.Front {
	t.Helper()
	front := httpfront.New(ln, cfg)
	srv := &http.Server{Handler: cfg.Handler, ReadHeaderTimeout: cfg.ReadHeader, IdleTimeout: cfg.Idle, MaxHeaderBytes: cfg.MaxHeader}
	go func() { _ = srv.Serve(front) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = front.Shutdown(ctx)
		_ = srv.Shutdown(ctx)
	})
	return front
}

// plainServer serves h with net/http alone.
func plainServer(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// answer is what a test compares of an answer: all of it but the Date
// when the server made it.
type answer struct {
	Status int
	Header http.Header
	Body   string
	Dated  bool // with a valid Date (removed from Header)
	Closed bool // the server closed the connection after it
}

// exchange sends the raw requests on one connection, all at once, and
// reads an answer to each (methods says which were HEAD).
func exchange(t *testing.T, addr string, methods []string, raw string) []answer {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	var out []answer
	for i := 0; i < len(methods); {
		res, err := http.ReadResponse(br, &http.Request{Method: methods[i]})
		if err != nil {
			t.Fatalf("answer %d: %v", len(out)+1, err)
		}
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatalf("answer %d, body: %v", len(out)+1, err)
		}
		dated := false
		if d := res.Header.Get("Date"); d != "" && d != "Thu, 01 Oct 2026 00:00:00 GMT" {
			if _, err := http.ParseTime(d); err != nil {
				t.Errorf("answer %d: Date %q: %v", len(out)+1, d, err)
			}
			res.Header.Del("Date")
			dated = true
		}
		out = append(out, answer{res.StatusCode, res.Header, string(body), dated, res.Close})
		if res.StatusCode >= 200 { // an informational answer comes before the answer
			i++
		}
	}
	return out
}

// get is a request of method and path as a client sends it.
func get(method, path string, header ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: example.test\r\n", method, path)
	for i := 0; i+1 < len(header); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", header[i], header[i+1])
	}
	b.WriteString("\r\n")
	return b.String()
}

var paths = []string{
	"sized", "unsized", "large-unsized", "sniff", "sized-sniff", "encoded", "empty", "not-modified",
	"no-content", "late-header", "line-breaks", "date", "hints", "file", "request?a=1",
}

// TestSameAnswers: issue 16, 4. For every way of answering of the
// handler, GET and HEAD, what the front answers on /hot/ is what net/http
// answers on /net/ of the same server and on /hot/ of a server of its
// own: status, every header but the Date, body, and whether the
// connection stays open.
func TestSameAnswers(t *testing.T) {
	h := handler(t)
	frontAddr, served := frontServer(t, h, httpfront.Config{})
	plainAddr := plainServer(t, h)
	for _, p := range paths {
		for _, m := range []string{http.MethodGet, http.MethodHead} {
			t.Run(m+" "+p, func(t *testing.T) {
				before := served.Load()
				got := exchange(t, frontAddr, []string{m}, get(m, "/hot/"+p, "Accept", "*/*"))
				if served.Load() != before+1 {
					t.Fatalf("the front did not answer /hot/%s", p)
				}
				cold := exchange(t, frontAddr, []string{m}, get(m, "/net/"+p, "Accept", "*/*"))
				for i := range cold {
					cold[i].Body = strings.ReplaceAll(cold[i].Body, "/net/", "/hot/")
				}
				if diff := cmp.Diff(cold, got); diff != "" {
					t.Errorf("net/http on /net/ (-) and the front on /hot/ (+):\n%s", diff)
				}
				want := exchange(t, plainAddr, []string{m}, get(m, "/hot/"+p, "Accept", "*/*"))
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("net/http alone (-) and the front (+):\n%s", diff)
				}
			})
		}
	}
}

// TestHandOff: one connection, its requests sent at once: hot ones
// answered by the front, then a POST with a body, which net/http reads
// from its first byte and answers, and keeps the connection: the requests
// after it, hot or not, are answered by net/http, in order, each as it
// should be.
func TestHandOff(t *testing.T) {
	h := handler(t)
	addr, served := frontServer(t, h, httpfront.Config{})
	post := "POST /hot/request HTTP/1.1\r\nHost: example.test\r\nContent-Length: 11\r\n\r\nhello world"
	raw := get("GET", "/hot/sized") + get("HEAD", "/hot/file") + post + get("GET", "/hot/request?after=1") + get("GET", "/net/unsized")
	methods := []string{"GET", "HEAD", "POST", "GET", "GET"}
	got := exchange(t, addr, methods, raw)
	if n := served.Load(); n != 2 {
		t.Errorf("the front answered %d requests, want the 2 before the POST", n)
	}
	want := exchange(t, plainServer(t, h), methods, raw)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("net/http alone (-) and the front (+):\n%s", diff)
	}
	if !strings.Contains(got[2].Body, `body="hello world"`) {
		t.Errorf("the POST handed over: %q", got[2].Body)
	}
}

// TestRefusedAsNetHTTP: what net/http's server refuses or treats apart
// (no Host, two Hosts, a bad Host, a bad header, a head too long, HTTP/1.0,
// Connection: close, Expect, a body on a GET, absolute form, a bad
// request line) goes to net/http, which answers it as it answers it alone.
func TestRefusedAsNetHTTP(t *testing.T) {
	h := handler(t)
	cfg := httpfront.Config{MaxHeader: 1 << 10}
	addr, served := frontServer(t, h, cfg)
	plain := httptest.NewUnstartedServer(h)
	plain.Config.MaxHeaderBytes = cfg.MaxHeader
	plain.Start()
	t.Cleanup(plain.Close)
	long := strings.Repeat("a", 8<<10)
	cases := map[string]string{
		"no Host":         "GET /hot/request HTTP/1.1\r\n\r\n",
		"empty Host":      "GET /hot/request HTTP/1.1\r\nHost:\r\n\r\n",
		"two Hosts":       "GET /hot/request HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"bad Host":        "GET /hot/request HTTP/1.1\r\nHost: a b\r\n\r\n",
		"bad header name": "GET /hot/request HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n",
		"bad value":       "GET /hot/request HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n",
		"too long":        "GET /hot/request HTTP/1.1\r\nHost: a\r\nX-Long: " + long + "\r\n\r\n",
		"HTTP/1.0":        "GET /hot/request HTTP/1.0\r\nHost: a\r\n\r\n",
		"close":           "GET /hot/request HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
		"expect":          "GET /hot/request HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi",
		"GET with body":   "GET /hot/request HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi",
		"chunked GET":     "GET /hot/request HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
		"absolute form":   "GET http://other.test/hot/request HTTP/1.1\r\nHost: a\r\n\r\n",
		"bad line":        "GET /hot/request\r\nHost: a\r\n\r\n",
		"bad method":      "G(T /hot/request HTTP/1.1\r\nHost: a\r\n\r\n",
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			want := exchange(t, plain.Listener.Addr().String(), []string{"GET"}, raw)
			got := exchange(t, addr, []string{"GET"}, raw)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("net/http alone (-) and the front (+):\n%s", diff)
			}
		})
	}
	if n := served.Load(); n != 0 {
		t.Errorf("the front answered %d of them itself", n)
	}
}

// TestPipelined: hot requests sent at once on one connection are
// answered in order, and a short answer (a body shorter than its
// Content-Length, after which net/http closes) ends the connection.
func TestPipelined(t *testing.T) {
	h := handler(t)
	addr, served := frontServer(t, h, httpfront.Config{})
	var raw strings.Builder
	var methods []string
	for i := range 50 {
		raw.WriteString(get("GET", fmt.Sprintf("/hot/request?i=%d", i)))
		methods = append(methods, "GET")
	}
	got := exchange(t, addr, methods, raw.String())
	for i, a := range got {
		if want := fmt.Sprintf("GET /hot/request?i=%d HTTP/1.1", i); !strings.HasPrefix(a.Body, want) {
			t.Fatalf("answer %d: %q, want %q first", i, a.Body, want)
		}
	}
	if n := served.Load(); n != 50 {
		t.Errorf("the front answered %d of the 50", n)
	}
}

// TestShortBodyCloses: a body shorter than its declared length leaves
// the connection unusable; the front closes it, as net/http does.
func TestShortBodyCloses(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		_, _ = io.WriteString(w, "short")
	})
	addr, _ := frontServer(t, h, httpfront.Config{})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	_, _ = io.WriteString(c, get("GET", "/hot/x")+get("GET", "/hot/y"))
	all, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("the connection was not closed: %v", err)
	}
	if got := string(all); !strings.HasSuffix(got, "\r\n\r\nshort") || strings.Count(got, "HTTP/1.1") != 1 {
		t.Errorf("got %q, want one answer ending in its 5 bytes, then the end", got)
	}
}

// TestIdleAndShutdown: a kept-alive connection of the front is closed
// after Idle without a request; Shutdown closes an idle one at once and
// returns.
func TestIdleAndShutdown(t *testing.T) {
	h := handler(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	front := startFront(t, ln, httpfront.Config{Handler: h, Hot: hot, Idle: 200 * time.Millisecond, ReadHeader: time.Second})

	dial := func() (net.Conn, *bufio.Reader) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, get("GET", "/hot/sized")); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(c)
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		return c, br
	}
	idle, br := dial()
	defer idle.Close()
	start := time.Now()
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Fatalf("after Idle: %v, want the connection closed (EOF)", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("closed after %v, want about the Idle of 200ms", d)
	}

	c, br := dial()
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := front.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Fatalf("after Shutdown: %v, want the connection closed (EOF)", err)
	}
	if err := front.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := front.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v, want net.ErrClosed", err)
	}
}

// TestReadFromReachesConn: a body copied from a file goes to the
// connection's own ReadFrom (net.TCPConn's: sendfile), not through the
// write buffer.
func TestReadFromReachesConn(t *testing.T) {
	h := handler(t)
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var readFroms atomic.Int64
	ln := &countingListener{Listener: inner, readFroms: &readFroms}
	startFront(t, ln, httpfront.Config{Handler: h, Hot: hot})
	got := exchange(t, inner.Addr().String(), []string{"GET"}, get("GET", "/hot/file"))[0]
	if len(got.Body) != 128<<10 {
		t.Fatalf("a body of %d bytes, want 128 KiB", len(got.Body))
	}
	if readFroms.Load() == 0 {
		t.Error("the file's body did not reach the connection's ReadFrom")
	}
}

// countingListener's connections count the calls of their ReadFrom.
type countingListener struct {
	net.Listener
	readFroms *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, readFroms: l.readFroms}, nil
}

type countingConn struct {
	net.Conn
	readFroms *atomic.Int64
}

func (c *countingConn) ReadFrom(r io.Reader) (int64, error) {
	c.readFroms.Add(1)
	return c.Conn.(io.ReaderFrom).ReadFrom(r)
}

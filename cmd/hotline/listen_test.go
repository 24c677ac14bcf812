package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// guard is how long a test waits for what must happen before it fails: a
// bound on a hang, not a measure of speed.
const guard = 20 * time.Second

// TestDefaultLimits: issue 10, D5. `hotline serve` bounds every phase of a
// connection and how many it serves at once: the whole request (headers
// and body), the answer, the idle time between requests, the headers'
// size; and the whole request gets at least the time a body of 1 MB takes
// at 35 kB/s.
func TestDefaultLimits(t *testing.T) {
	l := defaultLimits
	for name, d := range map[string]time.Duration{"ReadHeader": l.ReadHeader, "Read": l.Read, "Write": l.Write, "Idle": l.Idle} {
		if d <= 0 {
			t.Errorf("%s timeout %v: unbounded", name, d)
		}
	}
	if l.MaxHeader <= 0 || l.MaxConnections <= 0 || l.BodyBytes < 1<<20 {
		t.Errorf("MaxHeader %d, MaxConnections %d, BodyBytes %d: unbounded, or no room for one body of 1 MB", l.MaxHeader, l.MaxConnections, l.BodyBytes)
	}
	if l.Read < 30*time.Second || l.ReadHeader > l.Read || l.Write < l.Read {
		t.Errorf("Read %v, ReadHeader %v, Write %v: a 1 MB body at 35 kB/s needs 30 s to be read and answered", l.Read, l.ReadHeader, l.Write)
	}
	srv := newHTTPServer(http.NotFoundHandler(), l)
	if srv.ReadTimeout != l.Read || srv.WriteTimeout != l.Write || srv.IdleTimeout != l.Idle || srv.ReadHeaderTimeout != l.ReadHeader || srv.MaxHeaderBytes != l.MaxHeader {
		t.Errorf("the server's timeouts %+v are not the limits %+v", srv, l)
	}
}

// testLimits are defaultLimits scaled down for the tests.
var testLimits = serverLimits{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond, Write: time.Second, Idle: 300 * time.Millisecond, MaxHeader: 4 << 10, MaxConnections: 2}

// startLimited serves handler on a free port with the limits.
func startLimited(t *testing.T, handler http.Handler, l serverLimits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(handler, l)
	go func() { _ = srv.Serve(limitListener(ln, l)) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// closedByServer waits until the server closes conn (a read ends), and
// fails the test if it has not within the guard.
func closedByServer(t *testing.T, conn net.Conn, what string) {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(guard))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Errorf("%s: the connection was still open after %v", what, guard)
	}
}

// TestStalledBodyIsCut: issue 10, D5, the probe's attack, scaled down. A
// client declares a body of 1,048,000 bytes, sends all but one and waits;
// one sends the headers only, one trickles a byte at a time, and one opens
// a connection and sends nothing. The server closes each within its read
// timeout, and the handler sees its body read fail.
func TestStalledBodyIsCut(t *testing.T) {
	failed := make(chan error, 10)
	addr := startLimited(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		failed <- err
	}), serverLimits{ReadHeader: testLimits.ReadHeader, Read: testLimits.Read, Write: testLimits.Write, Idle: testLimits.Idle, MaxHeader: testLimits.MaxHeader, MaxConnections: 10})
	head := "POST /v1/events HTTP/1.1\r\nHost: hotline\r\nContent-Type: application/json\r\nContent-Length: 1048000\r\n\r\n"
	for _, c := range []struct {
		name string
		send func(conn net.Conn)
	}{
		{"all but one byte of the body", func(conn net.Conn) {
			_, _ = io.WriteString(conn, head+"["+strings.Repeat(" ", 1047998))
		}},
		{"the headers only", func(conn net.Conn) { _, _ = io.WriteString(conn, head) }},
		{"a byte at a time", func(conn net.Conn) {
			_, _ = io.WriteString(conn, head)
			go func() {
				for range 1000 {
					if _, err := conn.Write([]byte(" ")); err != nil {
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			}()
		}},
		{"half the headers", func(conn net.Conn) { _, _ = io.WriteString(conn, "POST /v1/events HTTP/1.1\r\nHost: hot") }},
		{"nothing", func(net.Conn) {}},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			c.send(conn)
			closedByServer(t, conn, c.name)
		})
	}
	for range 3 { // the three whose headers arrived reached the handler
		select {
		case err := <-failed:
			if err == nil {
				t.Errorf("a handler read a whole body that was never sent")
			}
		case <-time.After(guard):
			t.Fatalf("a handler never returned")
		}
	}
}

// TestConnectionLimit: issue 10, D5. With two connections allowed and
// both held by clients that send half their headers, a third client's
// request is not answered while they hold them, and is answered once one
// of them is gone.
func TestConnectionLimit(t *testing.T) {
	l := testLimits
	l.ReadHeader, l.Read = guard, guard // the held connections must not time out during the test
	addr := startLimited(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }), l)
	var held []net.Conn
	for range l.MaxConnections {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: hot")
		held = append(held, conn)
	}
	third, err := net.Dial("tcp", addr) // the kernel accepts it; the server does not yet
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if _, err := io.WriteString(third, "GET / HTTP/1.1\r\nHost: hotline\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = third.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	if n, err := third.Read(make([]byte, 1)); n > 0 || err == nil {
		t.Fatalf("a third connection was answered while two were held")
	}
	held[0].Close()
	_ = third.SetReadDeadline(time.Now().Add(guard))
	resp, err := http.ReadResponse(bufio.NewReader(third), nil)
	if err != nil {
		t.Fatalf("the third connection, once one was released: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("HTTP %d", resp.StatusCode)
	}
}

// TestServeLimits: `hotline serve` is served through the limited
// listener: with --max-connections 1 and the one connection held, a
// request waits; released, it is answered. (The timeouts are the server's
// of TestDefaultLimits; tools/slowbody measures them on the real server,
// docs/reliability.md.)
func TestServeLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs hotline serve")
	}
	bin := buildHotline(t)
	base := serve(t, bin, "--data", t.TempDir(), "--max-connections", "1")
	addr := strings.TrimPrefix(base, "http://")
	hold, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(hold, "GET / HTTP/1.1\r\nHost: hot")
	done := make(chan int, 1)
	go func() {
		c := http.Client{Timeout: guard + defaultLimits.ReadHeader}
		resp, err := c.Get(base + "/v1/units")
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	select {
	case code := <-done:
		t.Fatalf("answered HTTP %d while the only connection was held", code)
	case <-time.After(500 * time.Millisecond):
	}
	hold.Close()
	select {
	case code := <-done:
		if code == 0 {
			t.Fatalf("no answer once the connection was released")
		}
	case <-time.After(guard):
		t.Fatalf("no answer %v after the connection was released", guard)
	}
}

// TestBodyBudget: issue 10, D5. Bodies held at once are bounded in bytes:
// with room for two bodies of 1,000 bytes both held by slow handlers, a
// third request with a body is answered 503 `unavailable` with
// Retry-After, unread, and its handler is never called; a request without
// a body is served; once the first two are answered the budget is whole
// again.
func TestBodyBudget(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 10)
	b := &bodyBudget{limit: 2000}
	h := b.guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		if r.ContentLength > 0 {
			<-release
		}
	}))
	post := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/events", strings.NewReader(strings.Repeat(" ", 1000))))
		return rec
	}
	done := make(chan int, 2)
	for range 2 {
		go func() { done <- post().Code }()
		<-entered
	}
	rec := post()
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), `"code":"unavailable"`) {
		t.Errorf("a third body: HTTP %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if len(entered) != 0 {
		t.Errorf("the refused request reached the handler")
	}
	get := httptest.NewRecorder()
	h.ServeHTTP(get, httptest.NewRequest(http.MethodGet, "/v1/units", nil))
	if get.Code != http.StatusOK {
		t.Errorf("a request without a body: HTTP %d", get.Code)
	}
	<-entered
	close(release)
	for range 2 {
		if code := <-done; code != http.StatusOK {
			t.Errorf("a held body: HTTP %d", code)
		}
	}
	if b.used != 0 {
		t.Errorf("%d bytes of the budget still taken after every request was answered", b.used)
	}
	if rec := post(); rec.Code != http.StatusOK {
		t.Errorf("a body once the budget is free: HTTP %d", rec.Code)
	}
}

// readFromConn is a net.Conn whose ReadFrom and WriteTo record that they
// were called, as *net.TCPConn's would send a file with sendfile(2).
type readFromConn struct {
	net.Conn
	readFrom, writeTo int
}

func (c *readFromConn) ReadFrom(io.Reader) (int64, error) { c.readFrom++; return 0, nil }
func (c *readFromConn) WriteTo(io.Writer) (int64, error)  { c.writeTo++; return 0, nil }

// oneConnListener accepts conn once.
type oneConnListener struct {
	net.Listener
	conn net.Conn
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	c := l.conn
	if c == nil {
		return nil, net.ErrClosed
	}
	l.conn = nil
	return c, nil
}

// TestLimitedConnKeepsReadFrom: issue 16, 4. The connection the limited
// listener gives net/http passes ReadFrom and WriteTo down to the
// connection below (a *net.TCPConn, whose ReadFrom sends a file with
// sendfile(2)); and the ResponseWriter the handler of `hotline serve`
// gets, through the body budget, is still net/http's io.ReaderFrom. A
// wrapper that hides either loses sendfile and fails here.
func TestLimitedConnKeepsReadFrom(t *testing.T) {
	inner := &readFromConn{}
	ln := limitListener(&oneConnListener{conn: inner}, testLimits)
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	rf, ok := c.(io.ReaderFrom)
	if !ok {
		t.Fatalf("the limited listener's %T is no io.ReaderFrom", c)
	}
	wt, ok := c.(io.WriterTo)
	if !ok {
		t.Fatalf("the limited listener's %T is no io.WriterTo", c)
	}
	_, _ = rf.ReadFrom(strings.NewReader("body"))
	_, _ = wt.WriteTo(io.Discard)
	if inner.readFrom != 1 || inner.writeTo != 1 {
		t.Errorf("ReadFrom reached the conn below %d times, WriteTo %d: want once each", inner.readFrom, inner.writeTo)
	}

	l := testLimits
	l.BodyBytes = 1 << 20 // the body budget wraps the handler, as in `hotline serve`
	got := make(chan string, 2)
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, ok := w.(io.ReaderFrom)
		got <- fmt.Sprintf("ResponseWriter io.ReaderFrom %v", ok)
	}), l)
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		_, ok := c.(io.ReaderFrom)
		got <- fmt.Sprintf("conn %T io.ReaderFrom %v", c, ok)
		return ctx
	}
	go func() { _ = srv.Serve(limitListener(tcp, l)) }()
	t.Cleanup(func() { _ = srv.Close() })
	resp, err := http.Get("http://" + tcp.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, want := range []string{"conn *main.limitedConn io.ReaderFrom true", "ResponseWriter io.ReaderFrom true"} {
		select {
		case g := <-got:
			if g != want {
				t.Errorf("%s, want %s", g, want)
			}
		case <-time.After(guard):
			t.Fatal("the server never served the request")
		}
	}
}

package httpfront

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"time"

	"golang.org/x/net/http/httpguts"
)

// conn is one connection while the front serves it.
type conn struct {
	front  *Front
	nc     net.Conn
	tap    *tap
	br     *bufio.Reader
	out    outBuffer   // the answers not yet sent
	header http.Header // the header map of its answers
	resp   response    // the ResponseWriter of its answers, one at a time
	ctx    context.Context
	stop   context.CancelFunc
	addr   string
	idle   bool // waiting for a request; under front.mu
}

// serve answers the hot requests of c until one is not, then hands c to
// net/http; or closes it (the client left, a timeout, Shutdown, an answer
// that cannot be followed by another).
func (c *conn) serve() {
	f := c.front
	defer f.forget(c)
	c.tap = &tap{Conn: c.nc, limit: f.cfg.MaxHeader + 4096}
	c.br = bufio.NewReaderSize(c.tap, 4096)
	c.ctx, c.stop = context.WithCancel(context.WithValue(context.Background(), http.LocalAddrContextKey, c.nc.LocalAddr()))
	defer c.stop()
	c.addr = c.nc.RemoteAddr().String()
	first := true
	for {
		c.tap.start(c.br)
		if !c.waitForRequest(first) {
			_ = c.nc.Close()
			return
		}
		first = false
		if f.cfg.ReadHeader > 0 && !c.headBuffered() {
			_ = c.nc.SetReadDeadline(time.Now().Add(f.cfg.ReadHeader))
		}
		req, err := http.ReadRequest(c.br)
		if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
			_ = c.nc.Close() // as net/http's server does with a request that does not come in time
			return
		}
		if err != nil || !f.hot(req) {
			// net/http reads it again from its first byte and answers
			// it, or refuses it, as it would have.
			_ = c.nc.SetReadDeadline(time.Time{})
			if c.out.flush() != nil {
				_ = c.nc.Close()
				return
			}
			f.handOff(acceptResult{c: &replayConn{Conn: c.nc, replay: c.tap.rec}})
			return
		}
		if !c.answer(req) {
			_ = c.out.flush() // what there is of the answer; the client may be gone
			_ = c.nc.Close()
			return
		}
	}
}

// waitForRequest waits for the first byte of the next request (the first
// request of the connection within ReadHeader, a later one within Idle),
// unless the front is shutting down; false when the connection should
// close.
func (c *conn) waitForRequest(first bool) bool {
	f := c.front
	if c.br.Buffered() > 0 {
		return !f.isClosing() // a request sent behind the last one
	}
	if c.out.flush() != nil {
		return false
	}
	wait := f.cfg.Idle
	if first || wait <= 0 {
		wait = f.cfg.ReadHeader
	}
	if wait > 0 {
		_ = c.nc.SetReadDeadline(time.Now().Add(wait))
	}
	f.mu.Lock()
	if f.closing {
		f.mu.Unlock()
		return false
	}
	c.idle = true
	f.mu.Unlock()
	_, err := c.br.Peek(1)
	f.mu.Lock()
	c.idle = false
	closing := f.closing
	f.mu.Unlock()
	return err == nil && !closing
}

// headBuffered reports whether the read buffer holds a whole request
// head, which http.ReadRequest then reads without waiting on the
// connection: the usual case, which need not set the ReadHeader deadline.
func (c *conn) headBuffered() bool {
	held, _ := c.br.Peek(c.br.Buffered())
	return bytes.Contains(held, headEnd)
}

var headEnd = []byte("\r\n\r\n")

// wakeIfIdle ends the wait of an idle connection for its next request;
// under front.mu.
func (c *conn) wakeIfIdle() {
	if c.idle {
		_ = c.nc.SetReadDeadline(time.Now())
	}
}

// hot reports whether the front answers req: what net/http's server
// would accept and hand to the handler as it stands, that Config.Hot
// names.
func (f *Front) hot(req *http.Request) bool {
	if req.ProtoMajor != 1 || req.ProtoMinor != 1 || req.Close ||
		(req.Method != http.MethodGet && req.Method != http.MethodHead) ||
		req.ContentLength != 0 || len(req.TransferEncoding) > 0 {
		return false
	}
	// http.ReadRequest has moved the Host header to req.Host (and refused
	// two): a request of origin form with a non-empty, valid Host is one
	// net/http's server takes; a missing or empty Host, or a target of
	// absolute form, is left to it.
	if req.Host == "" || req.URL.Host != "" || !httpguts.ValidHostHeader(req.Host) {
		return false
	}
	for k, vv := range req.Header {
		if !httpguts.ValidHeaderFieldName(k) {
			return false
		}
		for _, v := range vv {
			if !httpguts.ValidHeaderFieldValue(v) {
				return false
			}
		}
	}
	if _, ok := req.Header["Expect"]; ok {
		return false
	}
	return f.cfg.Hot(req)
}

// answer runs the handler on req and writes its answer; false when the
// connection cannot carry another request.
func (c *conn) answer(req *http.Request) (keep bool) {
	f := c.front
	req.RemoteAddr = c.addr
	req = req.WithContext(c.ctx)
	if c.out.w == nil {
		c.out.w = rawConn(c.nc)
	}
	if f.cfg.Write > 0 {
		_ = c.nc.SetWriteDeadline(time.Now().Add(f.cfg.Write))
	}
	// The answer's header map and ResponseWriter are the connection's,
	// emptied: net/http makes them anew for each request, which the
	// handler may not keep past its end.
	if c.header == nil {
		c.header = http.Header{}
	}
	clear(c.header)
	held := c.resp.held[:0]
	if cap(held) > keepMax {
		held = nil
	}
	c.resp = response{conn: c, req: req, header: c.header, length: -1, held: held}
	w := &c.resp
	defer func() {
		if p := recover(); p != nil {
			keep = false
			if p != http.ErrAbortHandler && f.cfg.Log != nil {
				buf := make([]byte, 64<<10)
				buf = buf[:runtime.Stack(buf, false)]
				f.cfg.Log.Error("http: panic serving "+c.addr, slog.Any("panic", p), slog.String("stack", string(buf)))
			}
		}
	}()
	f.cfg.Handler.ServeHTTP(w, req)
	if !w.finish() {
		return false
	}
	if c.br.Buffered() == 0 {
		return c.out.flush() == nil
	}
	return true
}

// tap records the bytes read from the connection since the start of the
// current request, so that a request the front does not answer can be
// read again by net/http from its first byte; it stops reading past
// limit, as net/http's server stops past MaxHeaderBytes.
type tap struct {
	net.Conn
	rec   []byte
	limit int
}

// errTooLong ends the reading of a request whose head is longer than
// net/http reads; net/http answers it.
var errTooLong = errors.New("httpfront: request head too long")

// start begins the record of a request with what br holds of it already.
func (t *tap) start(br *bufio.Reader) {
	held, _ := br.Peek(br.Buffered())
	t.rec = append(t.rec[:0], held...)
}

func (t *tap) Read(p []byte) (int, error) {
	if len(t.rec) > t.limit {
		return 0, errTooLong
	}
	n, err := t.Conn.Read(p)
	t.rec = append(t.rec, p[:n]...)
	return n, err
}

package main

import (
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// serverLimits bound what one client can hold of `hotline serve` (issue 10,
// D5: with only a header timeout, 200 connections each sending all but one
// byte of a declared 1 MB body stayed open for as long as they liked, and
// the process grew from 201 to 591 MiB).
type serverLimits struct {
	ReadHeader time.Duration // the request line and headers
	Read       time.Duration // the whole request, body included
	Write      time.Duration // from the end of the headers to the end of the answer
	Idle       time.Duration // a kept-alive connection between requests
	MaxHeader  int           // bytes of request line and headers
	// MaxConnections is how many connections are served at once; the
	// others wait in the kernel's accept queue until one closes.
	MaxConnections int
	// BodyBytes is how many bytes of request bodies are held at once
	// (bodyBudget); a request beyond it is answered 503 unread.
	BodyBytes int64
}

// defaultLimits are the limits of `hotline serve`. Read: a body of 1 MB
// (httpapi.MaxBody) arrives in 30 s at 35 kB/s, far slower than any client
// of the hotline on its network. Write: the longest answer is a recompute,
// which takes seconds for a district and 24 s for a Beijing-scale month
// on premises (docs/performance.md); two minutes leave room. Connections:
// 256, more than the 200 concurrent clients of tools/loadcrash; each holds
// a goroutine and a few kB until it sends a body. Bodies: 64 MB at once,
// 64 of the largest (1 MB) or some 600 batches of 500 events as the
// platform sends them (about 100 kB each).
var defaultLimits = serverLimits{
	ReadHeader:     10 * time.Second,
	Read:           30 * time.Second,
	Write:          2 * time.Minute,
	Idle:           60 * time.Second,
	MaxHeader:      64 << 10,
	MaxConnections: 256,
	BodyBytes:      64 << 20,
}

// newHTTPServer is the server of handler with the limits' timeouts and
// body budget.
func newHTTPServer(handler http.Handler, l serverLimits) *http.Server {
	if l.BodyBytes > 0 {
		handler = (&bodyBudget{limit: l.BodyBytes}).guard(handler)
	}
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    l.MaxHeader,
	}
}

// limitListener serves at most l.MaxConnections connections at once: it
// holds a slot from Accept until the connection is closed, as
// golang.org/x/net/netutil's LimitListener does. It is written here because
// netutil's connection embeds net.Conn and so hides *net.TCPConn's
// ReadFrom: net/http then copies a body from a file through a buffer
// instead of handing it to sendfile(2) (issue 16, 4). Its conn passes
// ReadFrom and WriteTo down.
func limitListener(ln net.Listener, l serverLimits) net.Listener {
	if l.MaxConnections <= 0 {
		return ln
	}
	return &limitedListener{Listener: ln, slots: make(chan struct{}, l.MaxConnections), done: make(chan struct{})}
}

type limitedListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{} // closed by Close
	closeOnce sync.Once
}

// Accept waits for a free slot, then for a connection.
func (l *limitedListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		// Closed while waiting for a slot: the listener's own Accept
		// fails now, with the error a closed listener gives.
		c, err := l.Listener.Accept()
		if err == nil {
			_ = c.Close()
			err = net.ErrClosed
		}
		return nil, err
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

// Close closes the listener and ends the wait of an Accept for a slot.
func (l *limitedListener) Close() error {
	err := l.Listener.Close()
	l.closeOnce.Do(func() { close(l.done) })
	return err
}

// limitedConn gives its slot back when closed, once.
type limitedConn struct {
	net.Conn
	releaseOnce sync.Once
	release     func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.releaseOnce.Do(c.release)
	return err
}

// ReadFrom lets a file reach *net.TCPConn's ReadFrom, which sends it with
// sendfile(2).
func (c *limitedConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c.Conn}, r)
}

// NetConn is the connection below, for a writer that reaches writev(2)
// only on a *net.TCPConn itself (shared/httpfront); writing to it is
// writing to c.
func (c *limitedConn) NetConn() net.Conn { return c.Conn }

// CloseWrite lets net/http shut a connection for writing after refusing
// a request (*net.TCPConn's CloseWrite), so that the client reads the
// refusal before the connection is reset.
func (c *limitedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// WriteTo lets *net.TCPConn's WriteTo splice what it reads.
func (c *limitedConn) WriteTo(w io.Writer) (int64, error) {
	if wt, ok := c.Conn.(io.WriterTo); ok {
		return wt.WriteTo(w)
	}
	return io.Copy(w, readerOnly{c.Conn})
}

// writerOnly and readerOnly hide every method but Write and Read, so that
// io.Copy does not come back to the conn's own ReadFrom or WriteTo.
type (
	writerOnly struct{ io.Writer }
	readerOnly struct{ io.Reader }
)

package httpfront

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Config is what a Front needs: the handler net/http's server runs, which
// requests are hot, and the limits of http.Server it must keep too.
type Config struct {
	// Handler answers every request: the hot ones on the front's
	// connection, the others through net/http.
	Handler http.Handler
	// Hot reports whether the front answers r itself. It is asked only
	// of an HTTP/1.1 GET or HEAD without a body that net/http would
	// accept (one valid Host, valid header fields, no Expect, no
	// Connection: close).
	Hot func(r *http.Request) bool
	// ReadHeader bounds the reading of a request's line and headers (as
	// http.Server.ReadHeaderTimeout), Idle the wait for the next request
	// on a kept-alive connection (IdleTimeout), Write the answer
	// (WriteTimeout). Zero: no bound.
	ReadHeader, Idle, Write time.Duration
	// MaxHeader bounds the bytes of a request's line and headers, as
	// http.Server.MaxHeaderBytes (which net/http allows 4096 bytes more);
	// a longer request goes to net/http, which refuses it. Zero:
	// http.DefaultMaxHeaderBytes.
	MaxHeader int
	// Log takes the panic of a handler (net/http's ErrorLog writes it as
	// "http: panic serving ..."); nil: not logged.
	Log *slog.Logger
}

// Front is the listener net/http's server serves (Serve(front)): it
// accepts the connections of the listener below, serves their hot
// requests itself, and returns from Accept every connection at its first
// request that is not hot, with that request's bytes read again first.
type Front struct {
	cfg   Config
	inner net.Listener

	startOnce sync.Once
	accepted  chan acceptResult
	done      chan struct{} // closed by Close
	closeOnce sync.Once

	mu      sync.Mutex
	closing bool
	conns   map[*conn]struct{}
	wg      sync.WaitGroup // the goroutines of the connections being served here
}

// acceptResult is one connection handed to net/http, or the error of the
// listener below.
type acceptResult struct {
	c   net.Conn
	err error
}

// New returns the front of ln.
func New(ln net.Listener, cfg Config) *Front {
	if cfg.MaxHeader <= 0 {
		cfg.MaxHeader = http.DefaultMaxHeaderBytes
	}
	return &Front{
		cfg:      cfg,
		inner:    ln,
		accepted: make(chan acceptResult),
		done:     make(chan struct{}),
		conns:    map[*conn]struct{}{},
	}
}

// Accept returns the next connection for net/http: one whose first
// request here was not hot, or that stopped being hot.
func (f *Front) Accept() (net.Conn, error) {
	f.startOnce.Do(func() { go f.acceptLoop() })
	select {
	case a := <-f.accepted:
		return a.c, a.err
	case <-f.done:
		return nil, net.ErrClosed
	}
}

// Close closes the listener below; Accept then fails with net.ErrClosed.
// Connections already accepted are left to Shutdown.
func (f *Front) Close() error {
	err := f.inner.Close()
	f.closeOnce.Do(func() { close(f.done) })
	return err
}

// Addr is the address of the listener below.
func (f *Front) Addr() net.Addr { return f.inner.Addr() }

// Shutdown closes the front's own connections as http.Server.Shutdown
// closes its own: the idle ones at once, the others when their answer is
// written; it returns when all are closed, or with ctx's error.
func (f *Front) Shutdown(ctx context.Context) error {
	f.mu.Lock()
	f.closing = true
	for c := range f.conns {
		c.wakeIfIdle()
	}
	f.mu.Unlock()
	finished := make(chan struct{})
	go func() { f.wg.Wait(); close(finished) }()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// acceptLoop accepts the connections of the listener below and serves
// each on its own goroutine, until the listener fails for good.
func (f *Front) acceptLoop() {
	for {
		nc, err := f.inner.Accept()
		if err != nil {
			// net/http's Serve decides: it retries a temporary error
			// and returns any other.
			if !f.handOff(acceptResult{err: err}) || errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		c := &conn{front: f, nc: nc}
		f.mu.Lock()
		if f.closing {
			f.mu.Unlock()
			_ = nc.Close()
			continue
		}
		f.conns[c] = struct{}{}
		f.wg.Add(1)
		f.mu.Unlock()
		go c.serve()
	}
}

// handOff gives a to net/http's Accept; false when the front is closed
// (the connection, if any, is then closed).
func (f *Front) handOff(a acceptResult) bool {
	select {
	case f.accepted <- a:
		return true
	case <-f.done:
		if a.c != nil {
			_ = a.c.Close()
		}
		return false
	}
}

// isClosing reports whether Shutdown has begun.
func (f *Front) isClosing() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closing
}

// forget takes c out of the connections served here.
func (f *Front) forget(c *conn) {
	f.mu.Lock()
	delete(f.conns, c)
	f.mu.Unlock()
	f.wg.Done()
}

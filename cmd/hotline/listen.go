package main

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
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

// limitListener serves at most l.MaxConnections connections at once.
// golang.org/x/net/netutil's LimitListener (x/net is already in go.mod,
// through the AWS SDK) holds a slot from Accept until the connection is
// closed, which is the bound wanted, and is the Go team's own code: a
// semaphore listener written here would do the same with less testing.
func limitListener(ln net.Listener, l serverLimits) net.Listener {
	if l.MaxConnections <= 0 {
		return ln
	}
	return netutil.LimitListener(ln, l.MaxConnections)
}

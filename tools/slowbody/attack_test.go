package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"testing"
	"time"
)

// server serves a handler that reads the whole body, as the ingest route
// does, with the given read timeout (0: none).
func server(t *testing.T, read time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadTimeout: read, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "the body could not be read", http.StatusBadRequest)
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// TestAttackTellsOpenFromClosed: the measure means what it says. Against
// a server with a read timeout, every stalled connection is counted
// closed, with the server's answer; against one without, every one is
// still open when the tool gives up; and the memory of this very process
// is read.
func TestAttackTellsOpenFromClosed(t *testing.T) {
	a := attack{Conns: 5, Declared: 200_000, Send: 199_999, Hold: 3 * time.Second, PID: os.Getpid(), Settle: time.Millisecond}
	a.Addr = server(t, 300*time.Millisecond)
	r, err := a.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.closed != 5 || r.open != 0 || r.failed != 0 || r.statuses["400"] != 5 || r.rssBefore <= 0 || r.rssPeak < r.rssBefore {
		t.Errorf("against a server with a read timeout: %+v", r)
	}
	a.Addr, a.Hold = server(t, 0), 500*time.Millisecond
	r, err = a.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.closed != 0 || r.open != 5 {
		t.Errorf("against a server without one: %+v", r)
	}
}

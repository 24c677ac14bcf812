package main

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the flush timer's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogBufferHoldsInfoNotWarnings: request lines wait in the buffer; a
// warning goes out at once, with the lines before it, in order; Close
// writes what is left, and a line after Close is not lost.
func TestLogBufferHoldsInfoNotWarnings(t *testing.T) {
	var out lockedBuffer
	buf := newLogBuffer(&out, time.Hour) // no timer flush within the test
	log := slog.New(bufferedHandler{slog.NewTextHandler(buf, nil), buf}).With("server", "test")
	log.Info("request", "path", "/v1/months/2026-10/ranking")
	if got := out.String(); got != "" {
		t.Fatalf("an INFO line was written at once: %q", got)
	}
	log.Warn("calendar", "year", 2027)
	got := out.String()
	if !strings.Contains(got, "msg=request") || !strings.Contains(got, "msg=calendar") || strings.Index(got, "msg=request") > strings.Index(got, "msg=calendar") {
		t.Fatalf("after a WARN the log holds %q, want the request line then the warning", got)
	}
	log.Info("request", "path", "/v1/ping")
	if strings.Contains(out.String(), "/v1/ping") {
		t.Fatal("an INFO line after the warning was written at once")
	}
	if err := buf.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "/v1/ping") {
		t.Fatal("Close did not write the buffered line")
	}
	log.Info("month end", "period", "2026-10")
	if !strings.Contains(out.String(), "month end") {
		t.Fatal("a line after Close stayed in the buffer")
	}
}

// TestLogBufferFlushesOnItsOwn: a line waits at most the interval; the
// test waits for it (up to 5 s), it does not time it.
func TestLogBufferFlushesOnItsOwn(t *testing.T) {
	var out lockedBuffer
	buf := newLogBuffer(&out, 10*time.Millisecond)
	log := slog.New(bufferedHandler{slog.NewTextHandler(buf, nil), buf})
	for i := range 2 {
		log.Info("request", "n", i)
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(out.String(), "n="+string(rune('0'+i))) {
			if time.Now().After(deadline) {
				t.Fatalf("line %d was never flushed: %q", i, out.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

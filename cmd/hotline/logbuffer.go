package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logBuffer is the log of `hotline serve` written through a buffer, as
// nginx's `access_log … buffer= flush=`: the lines gather in memory and go
// out in one write at most flushEvery after the first of them, or when the
// buffer fills, so that a burst of requests costs a write(2) every few
// hundred lines instead of one a line (issue 16, 4). A line at WARN or
// above goes out at once with what is before it (bufferedHandler), so a
// warning is never held back, and Close writes what is left.
type logBuffer struct {
	mu      sync.Mutex
	w       *bufio.Writer
	every   time.Duration
	pending bool // a flush is scheduled
	closed  bool
}

// flushEvery is how long a request log line may wait in the buffer.
const flushEvery = 100 * time.Millisecond

// logBufferSize is the buffer's size: a full buffer is written at once.
const logBufferSize = 64 << 10

// newLogBuffer buffers w, flushing every interval after a write.
func newLogBuffer(w io.Writer, every time.Duration) *logBuffer {
	return &logBuffer{w: bufio.NewWriterSize(w, logBufferSize), every: every}
}

// Write buffers p, and schedules a flush if none is.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.w.Write(p)
	if b.closed {
		if ferr := b.w.Flush(); err == nil {
			err = ferr
		}
		return n, err
	}
	if !b.pending && b.w.Buffered() > 0 {
		b.pending = true
		time.AfterFunc(b.every, func() { _ = b.Flush() })
	}
	return n, err
}

// Flush writes what the buffer holds.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = false
	return b.w.Flush()
}

// Close writes what is left; later writes go out at once.
func (b *logBuffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return b.w.Flush()
}

// bufferedHandler is a slog handler writing to a logBuffer that flushes it
// after a record at WARN or above.
type bufferedHandler struct {
	slog.Handler
	buf *logBuffer
}

// Handle writes r, and flushes the buffer when r is a warning or worse.
func (h bufferedHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := h.buf.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

// WithAttrs keeps the flushing.
func (h bufferedHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return bufferedHandler{h.Handler.WithAttrs(attrs), h.buf}
}

// WithGroup keeps the flushing.
func (h bufferedHandler) WithGroup(name string) slog.Handler {
	return bufferedHandler{h.Handler.WithGroup(name), h.buf}
}

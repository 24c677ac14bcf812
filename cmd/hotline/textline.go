package main

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// textLine is slog's TextHandler with a quicker way for the records of
// the request log: a record whose attributes are all strings, integers,
// booleans and durations, on a logger without groups or attributes of
// its own, is written here, byte for byte as slog.TextHandler writes it
// (TestTextLineAsTextHandler); any other goes to the TextHandler itself.
// Written here because the TextHandler's line costs about 1 µs, a tenth
// of the CPU of serving a published ranking (issue 16, 4), and no library
// writes slog's text format: the fast loggers (zap, zerolog) write their
// own.
type textLine struct {
	slow slog.Handler // slog.NewTextHandler(w, nil)
	w    io.Writer    // safe for concurrent writes (logBuffer is)
}

// newTextLine is the handler of `hotline serve`'s log, writing to w.
func newTextLine(w io.Writer) textLine {
	return textLine{slow: slog.NewTextHandler(w, nil), w: w}
}

// Enabled is the TextHandler's: INFO and above.
func (h textLine) Enabled(ctx context.Context, l slog.Level) bool { return h.slow.Enabled(ctx, l) }

// WithAttrs and WithGroup leave the quick way: what they return is the
// TextHandler's.
func (h textLine) WithAttrs(attrs []slog.Attr) slog.Handler { return h.slow.WithAttrs(attrs) }

// WithGroup: see WithAttrs.
func (h textLine) WithGroup(name string) slog.Handler { return h.slow.WithGroup(name) }

// Handle writes r as one line.
func (h textLine) Handle(ctx context.Context, r slog.Record) error {
	quick := true
	r.Attrs(func(a slog.Attr) bool {
		quick = a.Key != "" && plainKind(a.Value.Kind())
		return quick
	})
	if !quick {
		return h.slow.Handle(ctx, r)
	}
	bp := lineBuffers.Get().(*[]byte)
	b := (*bp)[:0]
	if !r.Time.IsZero() {
		b = append(b, "time="...)
		b = appendMillis(b, r.Time.Round(0))
		b = append(b, ' ')
	}
	b = append(b, "level="...)
	b = appendText(b, r.Level.String())
	b = append(b, " msg="...)
	b = appendText(b, r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b = append(b, ' ')
		b = appendText(b, a.Key)
		b = append(b, '=')
		b = appendValue(b, a.Value)
		return true
	})
	b = append(b, '\n')
	_, err := h.w.Write(b)
	if cap(b) <= 16<<10 {
		*bp = b
		lineBuffers.Put(bp)
	}
	return err
}

// lineBuffers are the buffers of the lines being written.
var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// plainKind reports whether a value of kind k is written here.
func plainKind(k slog.Kind) bool {
	switch k {
	case slog.KindString, slog.KindInt64, slog.KindUint64, slog.KindBool, slog.KindDuration:
		return true
	}
	return false
}

// appendValue writes v, of a plainKind, as the TextHandler does.
func appendValue(b []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindString:
		return appendText(b, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	default: // slog.KindDuration
		return append(b, v.Duration().String()...)
	}
}

// appendMillis writes t as RFC 3339 with milliseconds, as the
// TextHandler does: 2026-10-31T16:00:00.000Z.
func appendMillis(b []byte, t time.Time) []byte {
	const prefix = len("2006-01-02T15:04:05.000")
	n := len(b)
	// RFC3339Nano drops trailing zeros: a tenth of a millisecond added
	// keeps four digits, of which the fourth is dropped.
	b = t.Truncate(time.Millisecond).Add(time.Millisecond/10).AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefix], b[n+prefix+1:]...)
}

// appendText writes s bare, or quoted when the TextHandler quotes it.
func appendText(b []byte, s string) []byte {
	if needsQuotes(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

// needsQuotes reports whether the TextHandler quotes s: when it is empty,
// or holds a space, '=', '"', an ASCII control character but DEL, or a
// rune beyond ASCII that is not printable or is a space.
func needsQuotes(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == '=' || c == '"' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}

package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestTextLineAsTextHandler: every record, of the request log's shape or
// not, is written by textLine byte for byte as slog.TextHandler writes
// it: generated records of random strings (spaces, '=', quotes,
// backslashes, control characters, DEL, letters beyond ASCII, invalid
// UTF-8, empty), numbers, booleans, durations, times in three zones and
// the zero time, levels between the named ones, and the kinds textLine
// leaves to the TextHandler (floats, times, errors, groups, empty keys).
func TestTextLineAsTextHandler(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 4))
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	zones := []*time.Location{time.UTC, time.Local, shanghai}
	pieces := []string{"", "a", "GET", "/v1/months/2026-10/ranking", " ", "=", `"`, `\`, "\t", "\n", "\x00", "\x1f", "\x7f",
		"街道", "\u00a0", "\u2028", "\u200b", "\xff", "é", "~", "Root=1-2", "k-1"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	value := func(plain bool) slog.Value {
		n := 5
		if !plain {
			n = 9
		}
		switch rng.IntN(n) {
		case 0:
			return slog.StringValue(text())
		case 1:
			return slog.Int64Value(rng.Int64() - rng.Int64())
		case 2:
			return slog.Uint64Value(rng.Uint64())
		case 3:
			return slog.BoolValue(rng.IntN(2) == 0)
		case 4:
			return slog.DurationValue(time.Duration(rng.Int64N(int64(time.Hour))) - time.Minute)
		case 5:
			return slog.Float64Value(rng.NormFloat64())
		case 6:
			return slog.TimeValue(time.Unix(rng.Int64N(2e9), rng.Int64N(1e9)))
		case 7:
			return slog.AnyValue(errors.New(text()))
		default:
			return slog.GroupValue(slog.String("in", text()))
		}
	}
	for i := range 5000 {
		plain := i%2 == 0 // half of them of the request log's kinds alone
		var at time.Time
		if rng.IntN(10) > 0 {
			at = time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
		}
		level := slog.Level(rng.IntN(20) - 6)
		r := slog.NewRecord(at, level, text(), 0)
		for range rng.IntN(9) {
			key := text()
			if plain && key == "" {
				key = "k"
			}
			r.AddAttrs(slog.Attr{Key: key, Value: value(plain)})
		}
		var want, got bytes.Buffer
		if err := slog.NewTextHandler(&want, nil).Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if err := newTextLine(&got).Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("record %d:\n got %q\nwant %q", i, got.String(), want.String())
		}
	}
}

// TestTextLineDerived: a logger with attributes or a group of its own
// writes as the TextHandler's would, and INFO is the lowest level written.
func TestTextLineDerived(t *testing.T) {
	var want, got bytes.Buffer
	for _, b := range []*bytes.Buffer{&want, &got} {
		var h slog.Handler = slog.NewTextHandler(b, nil)
		if b == &got {
			h = newTextLine(b)
		}
		l := slog.New(h)
		l.Debug("not written")
		l.With("run", "month-end").Info("a", "n", 1)
		l.WithGroup("g").Info("b", "n", 2)
		l.Info("c", "n", 3)
	}
	if !strings.Contains(want.String(), "run=month-end") || strings.Contains(want.String(), "not written") {
		t.Fatalf("the TextHandler wrote %q", want.String())
	}
	// Times differ between the two runs: compare without them.
	strip := func(s string) string {
		var out []string
		for _, line := range strings.Split(s, "\n") {
			if _, rest, ok := strings.Cut(line, " "); ok {
				out = append(out, rest)
			}
		}
		return strings.Join(out, "\n")
	}
	if strip(got.String()) != strip(want.String()) {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
	}
}

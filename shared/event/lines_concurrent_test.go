package event_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/event"
)

// collectConcurrent is collect for ReadLinesConcurrent: the lines of every
// event given to fn, sorted.
func collectConcurrent(t *testing.T, r io.Reader, workers int) (lines []int, err error) {
	t.Helper()
	var mu sync.Mutex
	err = event.ReadLinesConcurrent(r, "events.jsonl", workers, func(b event.Batch) error {
		if len(b.Events) != len(b.Lines) || len(b.Events) != len(b.Keys) || len(b.Events) != len(b.Hashes) {
			t.Errorf("batch with %d events, %d lines, %d keys, %d hashes", len(b.Events), len(b.Lines), len(b.Keys), len(b.Hashes))
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		for i, e := range b.Events {
			if want := fmt.Sprintf("L%07d", b.Lines[i]); e.ID != want {
				t.Errorf("event %q reported at line %d", e.ID, b.Lines[i])
			}
			if b.Keys[i] != e.Key() || b.Hashes[i] != e.ContentHash() {
				t.Errorf("line %d: key or content hash not the event's", b.Lines[i])
			}
			lines = append(lines, b.Lines[i])
		}
		return nil
	})
	slices.Sort(lines)
	return lines, err
}

// TestReadLinesConcurrentAll: every event once, with its line, whatever
// the reads and the number of goroutines.
func TestReadLinesConcurrentAll(t *testing.T) {
	g := genJSONL(t, 16000, true, nil)
	for _, rd := range readers() {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/%d workers", rd.name, workers), func(t *testing.T) {
				got, err := collectConcurrent(t, rd.wrap(bytes.NewReader(g.data)), workers)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(g.lines, got); diff != "" {
					t.Errorf("lines (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestReadLinesConcurrentFirstBadLine: the bad line reported is the first
// of the input, and every event before it reached fn.
func TestReadLinesConcurrentFirstBadLine(t *testing.T) {
	const n = 16000
	badEvent := `{"id":"bad","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","due_at":"2026-10-12T10:15:00+08:00","channel":"fax"}`
	for _, tt := range []struct {
		name     string
		bad      map[int]string
		wantLine int
	}{
		{"first line", map[int]string{1: badEvent}, 1},
		{"in a later chunk", map[int]string{9001: badEvent}, 9001},
		{"two bad lines in two chunks", map[int]string{9001: `{"id":"x"}`, 14002: badEvent}, 9001},
		{"two bad lines in one chunk", map[int]string{9001: `[]`, 9002: badEvent}, 9001},
		{"last line", map[int]string{n: badEvent}, n},
	} {
		g := genJSONL(t, n, true, tt.bad)
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/%d workers", tt.name, workers), func(t *testing.T) {
				got, err := collectConcurrent(t, bytes.NewReader(g.data), workers)
				var le *event.LineError
				if !errors.As(err, &le) || le.Line != tt.wantLine || le.File != "events.jsonl" {
					t.Fatalf("got error %v, want a *LineError of events.jsonl:%d", err, tt.wantLine)
				}
				if want := fmt.Sprintf("events.jsonl:%d:", tt.wantLine); !strings.HasPrefix(err.Error(), want) {
					t.Errorf("error %q does not start with %q", err, want)
				}
				for _, l := range g.lines {
					if l < tt.wantLine && !slices.Contains(got, l) {
						t.Fatalf("line %d, before the bad line, did not reach fn", l)
					}
				}
			})
		}
	}
}

func TestReadLinesConcurrentStopsOnFnError(t *testing.T) {
	g := genJSONL(t, 16000, true, nil)
	stop := errors.New("stop")
	var mu sync.Mutex
	calls := 0
	err := event.ReadLinesConcurrent(bytes.NewReader(g.data), "x.jsonl", 2, func(event.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("got error %v, want the error of fn", err)
	}
}

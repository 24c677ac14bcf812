package event_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/event"
)

// jsonl is a generated JSON Lines input and what reading it must give.
type jsonl struct {
	data  []byte
	lines []int // line number of each event, in order
}

// eventLine is a valid event whose id is its line number, padded so that a
// line is about 250 bytes.
func eventLine(line int) string {
	return fmt.Sprintf(`{"id":"L%07d","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T%07d","unit_id":"u%d","due_at":"2026-10-12T10:15:00+08:00","channel":"other","category":"%s"}`,
		line, line, line%97, strings.Repeat("c", 60+line%40))
}

// genJSONL writes n lines: mostly events, with blank lines, lines of spaces
// and tabs, CRLF endings and leading spaces mixed in; bad maps line numbers
// to a replacement text for that line.
func genJSONL(t *testing.T, n int, trailingNewline bool, bad map[int]string) jsonl {
	t.Helper()
	var g jsonl
	var b bytes.Buffer
	for line := 1; line <= n; line++ {
		switch {
		case bad[line] != "":
			b.WriteString(bad[line])
		case line%7 == 3:
			// blank
		case line%11 == 5:
			b.WriteString(" \t ")
		default:
			if line%5 == 0 {
				b.WriteString("  ")
			}
			b.WriteString(eventLine(line))
			g.lines = append(g.lines, line)
		}
		if line < n || trailingNewline {
			if line%13 == 0 {
				b.WriteByte('\r')
			}
			b.WriteByte('\n')
		}
	}
	g.data = b.Bytes()
	return g
}

// collect reads r with ReadLines and returns the line numbers of the events
// in the order fn saw them, and the number of batches.
func collect(t *testing.T, r io.Reader, workers int) (lines []int, batches int, err error) {
	t.Helper()
	err = event.ReadLines(r, "events.jsonl", workers, func(b event.Batch) error {
		batches++
		if len(b.Events) != len(b.Lines) {
			t.Errorf("batch with %d events and %d line numbers", len(b.Events), len(b.Lines))
		}
		if len(b.Events) == 0 {
			t.Errorf("fn called with an empty batch")
		}
		for i, e := range b.Events {
			if i >= len(b.Lines) {
				break
			}
			if want := fmt.Sprintf("L%07d", b.Lines[i]); e.ID != want {
				t.Errorf("event %q reported at line %d (its id says line %s)", e.ID, b.Lines[i], e.ID[1:])
			}
			lines = append(lines, b.Lines[i])
		}
		return nil
	})
	return lines, batches, err
}

// randomReader returns reads of random length up to max.
type randomReader struct {
	r   io.Reader
	rnd *rand.Rand
	max int
}

func (r *randomReader) Read(p []byte) (int, error) {
	n := 1 + r.rnd.IntN(r.max)
	if n < len(p) {
		p = p[:n]
	}
	return r.r.Read(p)
}

func readers() []struct {
	name string
	wrap func(io.Reader) io.Reader
} {
	return []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"bytes", func(r io.Reader) io.Reader { return r }},
		{"half reads", iotest.HalfReader},
		{"data with EOF", iotest.DataErrReader},
		{"random short reads", func(r io.Reader) io.Reader {
			return &randomReader{r: r, rnd: rand.New(rand.NewPCG(1, 2)), max: 70000}
		}},
	}
}

func TestReadLinesManyChunks(t *testing.T) {
	const n = 16000 // about 3.7 MB: several 1 MB chunks
	for _, trailing := range []bool{true, false} {
		g := genJSONL(t, n, trailing, nil)
		if len(g.data) <= 3<<20 {
			t.Fatalf("generated only %d bytes, want more than 3 MB", len(g.data))
		}
		for _, rd := range readers() {
			for _, workers := range []int{1, 3, 0} {
				name := fmt.Sprintf("trailing newline %v/%s/%d workers", trailing, rd.name, workers)
				t.Run(name, func(t *testing.T) {
					got, batches, err := collect(t, rd.wrap(bytes.NewReader(g.data)), workers)
					if err != nil {
						t.Fatalf("ReadLines: %v", err)
					}
					if diff := cmp.Diff(g.lines, got); diff != "" {
						t.Errorf("event lines (-want +got):\n%s", diff)
					}
					if batches < 3 {
						t.Errorf("got %d batches, want at least 3 for %d bytes in 1 MB chunks", batches, len(g.data))
					}
				})
			}
		}
	}
}

func TestReadLinesSmall(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []int
	}{
		{"empty", "", nil},
		{"only blank lines", "\n\n  \n\t\r\n", nil},
		{"one line without newline", eventLine(1), []int{1}},
		{"one line with CRLF", eventLine(1) + "\r\n", []int{1}},
		{"blank lines first", "\n\n" + eventLine(3) + "\n\n" + eventLine(5), []int{3, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := collect(t, strings.NewReader(tt.input), 2)
			if err != nil {
				t.Fatalf("ReadLines: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("event lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadLinesFirstBadLine(t *testing.T) {
	const n = 16000
	badEvent := `{"id":"bad","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","due_at":"2026-10-12T10:15:00+08:00","channel":"fax"}`
	huge := `{"id":"` + strings.Repeat("a", 3<<19) + `","type":"replied"}` // a 1.5 MB line
	tests := []struct {
		name      string
		bad       map[int]string
		trailing  bool
		wantLine  int
		wantField string
	}{
		{"first line", map[int]string{1: badEvent}, true, 1, "channel"},
		{"early in the first chunk", map[int]string{40: badEvent}, true, 40, "channel"},
		{"in a later chunk", map[int]string{9001: badEvent}, true, 9001, "channel"},
		{"two bad lines in two chunks", map[int]string{9001: `{"id":"x"}`, 14002: badEvent}, true, 9001, "type"},
		{"two bad lines in one chunk", map[int]string{9001: `[]`, 9002: badEvent}, true, 9001, ""},
		{"not JSON", map[int]string{12345: `{"id":`}, true, 12345, ""},
		{"last line without newline", map[int]string{n: badEvent}, false, n, "channel"},
		{"a line longer than a chunk", map[int]string{4: huge}, true, 4, "id"},
		{"a line longer than a chunk late in the file", map[int]string{8888: huge}, true, 8888, "id"},
	}
	for _, tt := range tests {
		g := genJSONL(t, n, tt.trailing, tt.bad)
		var before []int
		for _, l := range g.lines {
			if l < tt.wantLine {
				before = append(before, l)
			}
		}
		for _, rd := range readers() {
			for _, workers := range []int{1, 4} {
				t.Run(fmt.Sprintf("%s/%s/%d workers", tt.name, rd.name, workers), func(t *testing.T) {
					got, _, err := collect(t, rd.wrap(bytes.NewReader(g.data)), workers)
					var le *event.LineError
					if !errors.As(err, &le) {
						t.Fatalf("got error %v, want a *LineError", err)
					}
					if diff := cmp.Diff("events.jsonl", le.File); diff != "" {
						t.Errorf("LineError.File (-want +got):\n%s", diff)
					}
					if diff := cmp.Diff(tt.wantLine, le.Line); diff != "" {
						t.Errorf("LineError.Line (-want +got):\n%s", diff)
					}
					if diff := cmp.Diff(tt.wantField, fieldOf(t, err)); diff != "" {
						t.Errorf("FieldError.Field (-want +got):\n%s", diff)
					}
					if want := fmt.Sprintf("events.jsonl:%d:", tt.wantLine); !strings.HasPrefix(err.Error(), want) {
						t.Errorf("error %q does not start with %q", err, want)
					}
					// Every event before the bad line, and none after it.
					if diff := cmp.Diff(before, got); diff != "" {
						t.Errorf("events passed to fn (-want +got):\n%s", diff)
					}
				})
			}
		}
	}
}

func TestReadLinesStopsOnFnError(t *testing.T) {
	g := genJSONL(t, 16000, true, nil)
	stop := errors.New("stop")
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprint(workers, " workers"), func(t *testing.T) {
			calls := 0
			err := event.ReadLines(bytes.NewReader(g.data), "x.jsonl", workers, func(event.Batch) error {
				calls++
				if calls == 2 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) {
				t.Fatalf("got error %v, want the error of fn", err)
			}
			if diff := cmp.Diff(2, calls); diff != "" {
				t.Errorf("calls of fn (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadLinesReadError(t *testing.T) {
	g := genJSONL(t, 100, true, nil)
	boom := errors.New("disk on fire")
	r := io.MultiReader(bytes.NewReader(g.data), iotest.ErrReader(boom))
	_, _, err := collect(t, r, 2)
	if !errors.Is(err, boom) {
		t.Fatalf("got error %v, want one wrapping %v", err, boom)
	}
}

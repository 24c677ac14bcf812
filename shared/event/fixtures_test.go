package event_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/event"
)

// TestSampleEvents decodes the sample of every event type in events/hotline/
// and round-trips it: the samples in the repository are valid contract.
func TestSampleEvents(t *testing.T) {
	paths, err := filepath.Glob("../../events/hotline/*.json")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[event.Type]bool{}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			e, err := event.Decode(data)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if want := strings.TrimSuffix(filepath.Base(p), ".json"); e.Type.String() != want {
				t.Errorf("type %s in %s", e.Type, p)
			}
			seen[e.Type] = true
			again, err := event.Decode(e.AppendJSON(nil))
			if err != nil {
				t.Fatalf("decode the re-encoded event: %v", err)
			}
			if diff := cmp.Diff(e.ContentHash(), again.ContentHash()); diff != "" {
				t.Errorf("round trip changed the event (-want +got):\n%s", diff)
			}
		})
	}
	for _, typ := range event.Types() {
		if !seen[typ] {
			t.Errorf("no sample for %s in events/hotline/", typ)
		}
	}
}

// TestReadLinesBOM: a file that starts with a UTF-8 byte order mark, as
// spreadsheet programs write, reads like one without.
func TestReadLinesBOM(t *testing.T) {
	data, err := os.ReadFile("../../events/hotline/replied.json")
	if err != nil {
		t.Fatal(err)
	}
	input := append([]byte("\ufeff"), data...)
	var got []event.Event
	err = event.ReadLines(bytes.NewReader(input), "bom.jsonl", 1, func(b event.Batch) error {
		got = append(got, b.Events...)
		return nil
	})
	if err != nil || len(got) != 1 {
		t.Fatalf("read %d events: %v", len(got), err)
	}
}

// TestReadLinesLenient goes on past bad lines and names each.
func TestReadLinesLenient(t *testing.T) {
	good, err := os.ReadFile("../../events/hotline/replied.json")
	if err != nil {
		t.Fatal(err)
	}
	good = bytes.TrimSpace(good)
	input := bytes.Join([][]byte{good, []byte(`{"id":"x"}`), []byte(strings.Replace(string(good), "evt-0003", "evt-0103", 1)), []byte("nonsense")}, []byte("\n"))
	var events int
	var bad []int
	err = event.ReadLinesLenient(bytes.NewReader(input), "mixed.jsonl", 2, func(b event.Batch) error {
		events += len(b.Events)
		for _, e := range b.Invalid {
			bad = append(bad, e.Line)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if events != 2 || fmt.Sprint(bad) != "[2 4]" {
		t.Errorf("read %d events, bad lines %v; want 2 events, bad lines [2 4]", events, bad)
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// TestIngest loads units and events into the embedded store; loading them
// again stores nothing new; bad lines are named and exit 2 while every
// valid event is stored.
func TestIngest(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := hotline(t, "ingest", "--data", data, "--units", "testdata/units.yaml", "testdata/events.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "新增 33") || !strings.Contains(out, "重复 1") {
		t.Errorf("first load: %s", out)
	}
	code, out, _ = hotline(t, "ingest", "--data", data, "testdata/events.jsonl")
	if code != 0 || !strings.Contains(out, "新增 0") || !strings.Contains(out, "重复 34") {
		t.Errorf("second load: exit %d: %s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	body := `{"id":"n1","type":"replied","at":"2026-10-20T10:00:00+08:00","ticket_id":"T9","unit_id":"wenhualu"}` + "\n" +
		`{"id":"n2","type":"replied","at":"2026-10-20T10:00:00+08:00","ticket_id":"T9"}` + "\n" +
		`{"id":"e03","type":"replied","at":"2026-10-20T10:00:00+08:00","ticket_id":"T9","unit_id":"wenhualu"}` + "\n"
	if err := os.WriteFile(bad, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = hotline(t, "ingest", "--data", data, bad)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{"bad.jsonl:2:", `"unit_id"`, "bad.jsonl:3:", `"e03"`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(data, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := map[string]bool{}
	if err := st.Events(context.Background(), func(b []event.Event) error {
		for _, e := range b {
			ids[e.ID] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 34 || !ids["n1"] || ids["n2"] {
		t.Errorf("stored %d events (n1 %v, n2 %v), want 34 with n1 and without n2", len(ids), ids["n1"], ids["n2"])
	}
	units, err := st.Units(context.Background())
	if err != nil || len(units) != 7 {
		t.Errorf("units: %d, %v", len(units), err)
	}
}

func TestIngestUsage(t *testing.T) {
	for _, args := range [][]string{{"ingest"}, {"ingest", "--data", t.TempDir()}} {
		if code, _, _ := hotline(t, args...); code != 2 {
			t.Errorf("hotline %v: exit %d, want 2", args, code)
		}
	}
}

// TestIngestV11: the event types and fields of SPEC v1.1 (the samples of
// events/hotline/: return_rejected, deduction_waived with an appeal,
// retracted with recorded_by) are stored as they were written, and loading
// them again finds them duplicates, not conflicts.
func TestIngestV11(t *testing.T) {
	data := t.TempDir()
	var files []string
	want := map[string]uint64{}
	for _, name := range []string{"return_rejected", "deduction_waived", "retracted"} {
		path := filepath.Join("..", "..", "events", "hotline", name+".json")
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		e, err := event.Decode(bytes.TrimSpace(body))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		want[e.ID] = e.ContentHash()
		files = append(files, path)
	}
	args := append([]string{"ingest", "--data", data}, files...)
	if code, out, errOut := hotline(t, args...); code != 0 || !strings.Contains(out, "新增 3，重复 0，冲突 0，无效 0") {
		t.Fatalf("first load: exit %d: %s%s", code, out, errOut)
	}
	if code, out, errOut := hotline(t, args...); code != 0 || !strings.Contains(out, "新增 0，重复 3，冲突 0，无效 0") {
		t.Errorf("second load: exit %d: %s%s", code, out, errOut)
	}
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(data, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got := map[string]uint64{}
	if err := st.Events(context.Background(), func(b []event.Event) error {
		for i := range b {
			got[b[i].ID] = b[i].ContentHash()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored events (-want +got):\n%s", diff)
	}
}

// TestIngestAliases: `ingest --units` stores the units' aliases (issue 15);
// they take no part in the assessment, so a month computed before them is
// the same version after, and `score` writes the same bytes in every text
// format, the pinned JSON of SPEC §8 included, with or without them.
func TestIngestAliases(t *testing.T) {
	data := t.TempDir()
	if code, _, errOut := hotline(t, "ingest", "--data", data, "--units", "testdata/units.yaml", "testdata/events.jsonl"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	_, first, _ := hotline(t, "compute", "--data", data, "--month", "2026-10", "--as-of", asOf)
	if !strings.Contains(first, "version 1") {
		t.Fatalf("first compute: %s", first)
	}
	if code, _, errOut := hotline(t, "ingest", "--data", data, "--units", "testdata/units-aliases.yaml"); code != 0 {
		t.Fatalf("ingest the aliases: exit %d: %s", code, errOut)
	}
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := unit.Load("testdata/units-aliases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := reg.Units()
	want[2].Aliases = nil // aliases: [] is none, as every store gives it
	st, err := sqlite.Open(data, loc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Units(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored units (-want +got):\n%s", diff)
	}
	_, again, _ := hotline(t, "compute", "--data", data, "--month", "2026-10", "--as-of", asOf)
	if !strings.Contains(again, "version 1") {
		t.Errorf("computed again after the aliases: %s, want version 1", again)
	}
	for _, format := range []string{"json", "table", "csv"} {
		args := []string{"score", "--month=2026-10", "--events", "testdata/events.jsonl", "--as-of", asOf, "--format", format}
		_, plain, _ := hotline(t, append(args, "--units", "testdata/units.yaml")...)
		code, named, errOut := hotline(t, append(args, "--units", "testdata/units-aliases.yaml")...)
		if code != 0 {
			t.Fatalf("score --format %s with aliases: exit %d: %s", format, code, errOut)
		}
		if plain != named || strings.Contains(named, "aliases") || strings.Contains(named, "区住建局") {
			t.Errorf("score --format %s differs with aliases (-without +with):\n%s", format, cmp.Diff(plain, named))
		}
		if format == "json" {
			golden(t, "score-2026-10.golden.json", named)
		}
	}
}

package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const asOf = "2026-11-01T00:00:00+08:00"

// hotline runs the command line in-process, with nothing on stdin, and
// returns its exit status and outputs.
func hotline(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return hotlineStdin(t, "", args...)
}

// hotlineStdin is hotline with stdin on standard input.
func hotlineStdin(t testing.TB, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// TestScoreGolden pins the JSON output of SPEC §8 for a small district that
// touches every item: a noncompliant return, an overdue moved by the centre,
// a rejected supervision, an absent meeting, an unreasonable demand, a
// criticism, an unknown unit and a repeated event.
func TestScoreGolden(t *testing.T) {
	for _, tc := range []struct{ name, period, golden string }{
		{"month", "--month=2026-10", "score-2026-10.golden.json"},
		{"year", "--year=2026", "score-2026.golden.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := hotline(t, "score", tc.period, "--units", "testdata/units.yaml",
				"--events", "testdata/events.jsonl", "--as-of", asOf)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tc.golden, out)
		})
	}
}

// TestScoreGoldenCorrections pins the corrections of SPEC v1.1 end to end,
// from a second --events file: a refused return that leaves an assignment
// overdue, a waived criticism and a waived moved overdue (listed with
// "waived": true), a retracted absence, and the corrections that change
// nothing, as warnings (a waiver matching no deduction, a retraction of an
// unknown id and one of a retraction).
func TestScoreGoldenCorrections(t *testing.T) {
	code, out, errOut := hotline(t, "score", "--month=2026-10", "--units", "testdata/units.yaml",
		"--events", "testdata/events.jsonl", "--events", "testdata/corrections.jsonl", "--as-of", asOf)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "score-2026-10-corrections.golden.json", out)
}

func TestScoreFormats(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"table", []string{"排名", "单位", "总分", "等次", "镇街", "区直部门", "文化路街道", "超期件"}},
		{"csv", []string{"\ufeff", "组别", "文化路街道"}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			code, out, errOut := hotline(t, "score", "--month", "2026-10", "--units", "testdata/units.yaml",
				"--events", "testdata/events.jsonl", "--as-of", asOf, "--format", tc.format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	t.Run("xlsx", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.xlsx")
		code, _, errOut := hotline(t, "score", "--month", "2026-10", "--units", "testdata/units.yaml",
			"--events", "testdata/events.jsonl", "--as-of", asOf, "--format", "xlsx", "--out", path)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		data, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(data, []byte("PK")) {
			t.Fatalf("no xlsx written: %v", err)
		}
	})
}

// TestScoreBadInput: bad input exits 2 with a message naming the file, the
// line and the field (SPEC §8); nothing is written.
func TestScoreBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"id":"a","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu"}`
	badDue := write("bad-due.jsonl", good+"\n\n"+`{"id":"b","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","due_at":"2026-10-08T10:15:00+08:00","channel":"hotline_12345"}`+"\n")
	conflict := write("conflict.jsonl", good+"\n"+strings.Replace(good, "T1", "T2", 1)+"\n")
	unknownField := write("unknown.jsonl", `{"id":"a","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","phone":"1"}`+"\n")
	typoYear := write("typo-year.jsonl", good+"\n"+`{"id":"o","type":"org_assessed","at":"2602-10-08T09:00:00+08:00","unit_id":"wenhualu","leadership":1,"staffing":1}`+"\n")
	surrogate := write("surrogate.jsonl", `{"id":"r","type":"returned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","reason":"\ud800x"}`+"\n")
	badUnits := write("units.yaml", "units:\n  - id: a\n    name: A\n    group: village\n")
	out := filepath.Join(dir, "out.json")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"due before at", []string{"--events", badDue}, []string{"bad-due.jsonl:3:", `"due_at"`}},
		{"conflicting duplicate", []string{"--events", conflict}, []string{"conflict.jsonl:2", "conflict.jsonl:1", `"a"`}},
		{"unknown field", []string{"--events", unknownField}, []string{"unknown.jsonl:1:", `"phone"`}},
		{"year 2602 (SPEC v1.1 §3)", []string{"--events", typoYear}, []string{"typo-year.jsonl:2:", `"at"`, "2602"}},
		{"lone surrogate (probe D7)", []string{"--events", surrogate}, []string{"surrogate.jsonl:1:", `"reason"`}},
		{"missing file", []string{"--events", filepath.Join(dir, "none.jsonl")}, []string{"none.jsonl"}},
		{"bad units", []string{"--events", badDue, "--units", badUnits}, []string{"units.yaml", "village"}},
		{"bad month", []string{"--events", badDue, "--month", "2026-13"}, []string{"--month"}},
		{"bad format", []string{"--events", badDue, "--format", "pdf"}, []string{"--format"}},
		{"bad as-of", []string{"--events", badDue, "--as-of", "2026-11-01 00:00"}, []string{"--as-of"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"score", "--month", "2026-10", "--units", "testdata/units.yaml", "--out", out}
			code, _, errOut := hotline(t, append(args, tc.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr: %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q: %s", w, errOut)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written on bad input", out)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"score"}, {"score", "--month", "2026-10", "--year", "2026", "--units", "u", "--events", "e"}} {
		if code, _, _ := hotline(t, args...); code != 2 {
			t.Errorf("hotline %v: exit %d, want 2", args, code)
		}
	}
}

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestComputeEqualsScore: a month computed from the embedded store equals
// `hotline score` on the same events, and computing it again on the same
// input stores no new version.
func TestComputeEqualsScore(t *testing.T) {
	data := t.TempDir()
	if code, _, errOut := hotline(t, "ingest", "--data", data, "--units", "testdata/units.yaml", "testdata/events.jsonl"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	// With --format, stdout is the result alone and the version line goes
	// to stderr, so that `--format json > file` writes JSON.
	code, body, header := hotline(t, "compute", "--data", data, "--month", "2026-10", "--as-of", asOf, "--format", "json")
	if code != 0 {
		t.Fatalf("compute: exit %d: %s", code, header)
	}
	if !strings.Contains(header, "version 1") {
		t.Errorf("first compute, on stderr: %s", header)
	}
	code, want, errOut := hotline(t, "score", "--month", "2026-10", "--units", "testdata/units.yaml", "--events", "testdata/events.jsonl", "--as-of", asOf)
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, errOut)
	}
	if diff := cmp.Diff(decodeJSON(t, want), decodeJSON(t, body)); diff != "" {
		t.Errorf("compute differs from score (-score +compute):\n%s", diff)
	}
	_, again, _ := hotline(t, "compute", "--data", data, "--month", "2026-10", "--as-of", "2026-11-20T00:00:00+08:00")
	if !strings.Contains(again, "version 1") {
		t.Errorf("the same input computed again: %s", again)
	}
	if code, _, _ := hotline(t, "compute", "--data", data); code != 2 {
		t.Errorf("compute without a period: exit %d, want 2", code)
	}
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, s)
	}
	return v
}

package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/shizhong/hotline/shared/score"
)

func TestWriteJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, monthly()); err != nil {
		t.Fatal(err)
	}
	golden(t, "monthly.json", b.Bytes())

	b.Reset()
	if err := WriteJSON(&b, annual()); err != nil {
		t.Fatal(err)
	}
	golden(t, "annual.json", b.Bytes())
}

func TestWriteJSONRoundTrip(t *testing.T) {
	in := monthly()
	var b bytes.Buffer
	if err := WriteJSON(&b, in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), "}\n") || !strings.HasPrefix(b.String(), "{\n  \"period\": \"2026-10\",\n  \"policy\"") {
		t.Errorf("not 2-space indented with a trailing newline, in field order:\n%.80s", b.String())
	}
	var out score.Result
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	// Averages are written rounded to 4 decimals.
	in.Averages.ResultSatisfaction = ratioExact("0.9312")
	if diff := cmp.Diff(in, &out, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestWriteJSONEmptyLists(t *testing.T) {
	r := &score.Result{Period: "2026-10", Policy: "p", Units: []score.UnitResult{{UnitID: "a", Name: "甲"}}}
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	u := got["units"].([]any)[0].(map[string]any)
	for name, v := range map[string]any{
		"warnings": got["warnings"], "tickets_returned_over_limit": got["tickets_returned_over_limit"],
		"flags": u["flags"], "deductions": u["deductions"],
	} {
		if diff := cmp.Diff([]any{}, v, cmpopts.EquateEmpty()); diff != "" || v == nil {
			t.Errorf("%s = %v, want []", name, v)
		}
	}
	if u["rank"] != nil || u["total"] != nil || u["grade"] != nil {
		t.Errorf("unassessed unit: rank, total, grade = %v, %v, %v; want null", u["rank"], u["total"], u["grade"])
	}
}

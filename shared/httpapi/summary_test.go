package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/unit"
)

// summaryKeys are the members a unit of the summary view carries (issue 14):
// the month's, and the year's, which has `months_assessed` too (and
// `scores` null).
var (
	summaryMonthKeys = []string{"unit_id", "name", "group", "rank", "total", "grade", "bottom", "escalation", "scores"}
	summaryYearKeys  = append(slices.Clone(summaryMonthKeys), "months_assessed")
)

// TestRankingSummary: ?view=summary is the ranking (of every group or of
// ?group=) with each unit cut to its line — exactly the members of
// summaryKeys, each as the full body has it, in the same order of units —
// and the top-level members of the full body but the tickets returned too
// often, with "view": "summary"; with its own ETag, answered 304 on it.
func TestRankingSummary(t *testing.T) {
	a := published(t)
	for _, c := range []struct {
		path string
		keys []string
	}{
		{"/v1/months/2026-10/ranking", summaryMonthKeys},
		{"/v1/years/2026/ranking", summaryYearKeys},
	} {
		for _, g := range append([]unit.Group{""}, unit.Groups...) {
			query := "?view=summary"
			full := c.path
			if g != "" {
				query += "&group=" + string(g)
				full += "?group=" + string(g)
			}
			t.Run(c.path+query, func(t *testing.T) {
				rec := a.get(c.path + query)
				if rec.Code != http.StatusOK {
					t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
				}
				got := decodeJSON[map[string]json.RawMessage](t, rec)
				want := decodeJSON[map[string]json.RawMessage](t, a.get(full))
				if string(got["view"]) != `"summary"` {
					t.Errorf("view %s, want \"summary\"", got["view"])
				}
				for k, v := range want {
					switch k {
					case "tickets_returned_over_limit":
						if _, ok := got[k]; ok {
							t.Errorf("the summary has %s", k)
						}
					case "units":
					default:
						if !jsonEqual(t, v, got[k]) {
							t.Errorf("%s: %s, want %s", k, got[k], v)
						}
					}
				}
				var gotUnits, wantUnits []map[string]json.RawMessage
				if err := json.Unmarshal(got["units"], &gotUnits); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(want["units"], &wantUnits); err != nil {
					t.Fatal(err)
				}
				if len(gotUnits) != len(wantUnits) || len(gotUnits) == 0 {
					t.Fatalf("%d units, want %d (and some)", len(gotUnits), len(wantUnits))
				}
				for i, u := range gotUnits {
					var keys []string
					for k, v := range u {
						keys = append(keys, k)
						if !jsonEqual(t, v, wantUnits[i][k]) {
							t.Errorf("unit %d %s: %s, want %s", i, k, v, wantUnits[i][k])
						}
					}
					slices.Sort(keys)
					wantKeys := slices.Sorted(slices.Values(c.keys))
					if diff := cmp.Diff(wantKeys, keys); diff != "" {
						t.Fatalf("unit %d members (-want +got):\n%s", i, diff)
					}
				}
				tag := rec.Header().Get("ETag")
				if !strings.Contains(tag, "-summary") || tag == a.get(full).Header().Get("ETag") {
					t.Errorf("ETag %s is not the summary's own", tag)
				}
				if rec := a.get(c.path+query, "If-None-Match", tag); rec.Code != http.StatusNotModified {
					t.Errorf("If-None-Match its ETag: HTTP %d", rec.Code)
				}
			})
		}
	}
}

// TestRankingSummarySize: the summary of a 42-unit district is within the
// budget of issue 14 (8 kB gzip-compressed), and is sent compressed when
// asked, decompressing to the plain body. docs/performance.md has the
// figures, with those of a Beijing-scale month.
func TestRankingSummarySize(t *testing.T) {
	a := benchAPI(t)
	const path = "/v1/months/2026-10/ranking?view=summary"
	plain := a.get(path)
	rec := a.get(path, "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q for a body of %d bytes", rec.Header().Get("Content-Encoding"), plain.Body.Len())
	}
	zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, plain.Body.Bytes()) {
		t.Errorf("the compressed summary is not the plain one")
	}
	units := len(decodeJSON[struct{ Units []json.RawMessage }](t, plain).Units)
	if units != 42 {
		t.Fatalf("%d units: not a district of the budget's size", units)
	}
	if n := rec.Body.Len(); n > 8000 {
		t.Errorf("the district's summary is %d bytes compressed (%d plain), over the budget of 8 kB", n, plain.Body.Len())
	}
	t.Logf("summary of %d units: %d bytes, %d gzip-compressed; the full ranking %d", units, plain.Body.Len(), rec.Body.Len(), a.get("/v1/months/2026-10/ranking").Body.Len())
}

// jsonEqual reports whether two JSON values are the same value.
func jsonEqual(t testing.TB, a, b json.RawMessage) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		return false
	}
	if err := json.Unmarshal(b, &y); err != nil {
		return false
	}
	return cmp.Equal(x, y)
}

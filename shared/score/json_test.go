package score_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	districtgen "github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
)

// oneEncoding is the pinned shape of SPEC §8 as one encoding/json Encoder
// gives it over the whole result, which WriteJSON must give byte for byte
// though it encodes the units apart.
func oneEncoding(t *testing.T, r *score.Result) string {
	t.Helper()
	c := *r
	c.Units = append([]score.UnitResult{}, r.Units...)
	for i := range c.Units {
		if c.Units[i].Flags == nil {
			c.Units[i].Flags = []string{}
		}
		if c.Units[i].Deductions == nil {
			c.Units[i].Deductions = []score.Deduction{}
		}
	}
	if c.Units == nil {
		c.Units = []score.UnitResult{}
	}
	c.ReturnedOverLimit = append([]score.ReturnedTicket{}, r.ReturnedOverLimit...)
	for i := range c.ReturnedOverLimit {
		if c.ReturnedOverLimit[i].Units == nil {
			c.ReturnedOverLimit[i].Units = []string{}
		}
	}
	c.Warnings = append([]string{}, r.Warnings...)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestWriteJSONIsOneEncoding: WriteJSON, which encodes the units on every
// CPU apart from the rest, writes the bytes of one Encoder over the whole
// result (SPEC §8, the pinned output): for a generated district's month and
// year, for no unit and one, and for names, flags and warnings that hold
// what an encoder escapes or that look like the key the units are spliced
// after.
func TestWriteJSONIsOneEncoding(t *testing.T) {
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	m := calendar.Month{Year: 2026, Month: 10}
	reg, events := testenv.District(t, districtgen.Config{Seed: 3, Tickets: 3000, Month: m, Months: 2, Location: loc})
	l := score.NewLedger(reg)
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "gen", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	eng := score.New(l, policy.Builtin(), calendar.New(loc), time.Date(2026, 11, 3, 0, 0, 0, 0, loc))
	month, year := eng.Month(m), eng.Year(2026)
	if len(month.Units) < 10 || len(year.Units) < 10 {
		t.Fatalf("%d and %d units: the district is too small to check", len(month.Units), len(year.Units))
	}
	odd := *month
	odd.Units = append([]score.UnitResult{}, month.Units...)
	odd.Units[0].Name = "<b>&\u2028\u2029\"\\\n  \"units\": []"
	odd.Units[1].Flags, odd.Units[1].Deductions = nil, nil
	odd.Warnings = append([]string{"\n  \"units\": []", "&<>"}, month.Warnings...)
	odd.Policy = "\n  \"units\": []"
	// A deduction's strings and fields as encoding/json writes them, which
	// WriteJSON writes by hand: escapes, invalid UTF-8, omitted and zero.
	var with *score.UnitResult
	for i := range odd.Units {
		if len(odd.Units[i].Deductions) >= 3 {
			with = &odd.Units[i]
			break
		}
	}
	if with == nil {
		t.Fatal("no unit with three deductions")
	}
	ds := append([]score.Deduction{}, with.Deductions...)
	ds[0].WaiverReason, ds[0].Note, ds[0].Waived = "“同意”\t\"quoted\" \\ \u2028\u2029 <&> \x01\xff", "\n      \"deductions\": []", true
	ds[1].At, ds[1].TicketID, ds[1].EventID = time.Time{}, "", ""
	ds[2].FromUnitID, ds[2].AppealID, ds[2].WaiverID = "文化路", "ap-2026-10-0123456789abcdef", "w-1"
	ds[2].At = time.Date(2026, 10, 31, 23, 59, 59, 123456789, time.FixedZone("", -5*3600))
	with.Deductions = ds
	none := *month
	none.Units = nil
	one := *month
	one.Units = month.Units[:1]
	for name, r := range map[string]*score.Result{"month": month, "year": year, "odd strings": &odd, "no unit": &none, "one unit": &one} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := score.WriteJSON(&b, r); err != nil {
				t.Fatal(err)
			}
			if got, want := b.String(), oneEncoding(t, r); got != want {
				at := 0
				for at < min(len(got), len(want)) && got[at] == want[at] {
					at++
				}
				t.Errorf("WriteJSON differs from one encoding at byte %d of %d: %q, want %q", at, len(want),
					snippet(got, at), snippet(want, at))
			}
		})
	}
}

// snippet is s around byte at.
func snippet(s string, at int) string {
	return fmt.Sprintf("…%s…", s[max(0, at-40):min(len(s), at+40)])
}

// BenchmarkWriteJSON writes the month of a generated district of 100,000
// tickets (run with -cpu 1,2: the units are encoded on every CPU).
func BenchmarkWriteJSON(b *testing.B) {
	reg, events := benchDistrict(b)
	l := score.NewLedger(reg)
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "bench", Line: i + 1}); err != nil {
			b.Fatal(err)
		}
	}
	loc, _ := time.LoadLocation(calendar.DefaultZone)
	res := score.New(l, policy.Builtin(), calendar.New(loc), time.Date(2026, 11, 1, 0, 0, 0, 0, loc)).Month(calendar.Month{Year: 2026, Month: 10})
	var buf bytes.Buffer
	if err := score.WriteJSON(&buf, res); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := score.WriteJSON(&buf, res); err != nil {
			b.Fatal(err)
		}
	}
}

package score_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	districtgen "github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// benchDistrict generates a district of 100,000 tickets in October 2026.
func benchDistrict(b *testing.B) (*unit.Registry, []event.Event) {
	b.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		b.Fatal(err)
	}
	return testenv.District(b, districtgen.Config{Seed: 1, Tickets: 100000, Month: calendar.Month{Year: 2026, Month: 10}, Months: 1, Location: loc})
}

// BenchmarkLedgerAdd stores a district's events: deduplication and the
// compact records.
func BenchmarkLedgerAdd(b *testing.B) {
	reg, events := benchDistrict(b)
	b.ReportAllocs()
	for b.Loop() {
		l := score.NewLedger(reg)
		for i := range events {
			if _, err := l.Add(&events[i], score.Origin{File: "bench", Line: i + 1}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkEngineMonth scores a month from a filled ledger: the pass over
// every ticket and the month's items, ranks and result.
func BenchmarkEngineMonth(b *testing.B) {
	reg, events := benchDistrict(b)
	l := score.NewLedger(reg)
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "bench", Line: i + 1}); err != nil {
			b.Fatal(err)
		}
	}
	loc := time.FixedZone("CST", 8*3600)
	shanghai, _ := time.LoadLocation(calendar.DefaultZone)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, loc)
	b.ReportAllocs()
	for b.Loop() {
		res := score.New(l, policy.Builtin(), calendar.New(shanghai), now).Month(calendar.Month{Year: 2026, Month: 10})
		if len(res.Units) != reg.Len() {
			b.Fatalf("%d units", len(res.Units))
		}
	}
	b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkMonthSummary makes a month's summary (score.MonthSummary, what
// the year reads of it) from a filled ledger and reports its size as JSON:
// in all, a unit, and the tickets returned more than the limit in it.
func BenchmarkMonthSummary(b *testing.B) {
	reg, events := benchDistrict(b)
	l := score.NewLedger(reg)
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "bench", Line: i + 1}); err != nil {
			b.Fatal(err)
		}
	}
	shanghai, _ := time.LoadLocation(calendar.DefaultZone)
	e := score.New(l, policy.Builtin(), calendar.New(shanghai), time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai))
	b.ReportAllocs()
	var s *score.MonthSummary
	for b.Loop() {
		s = e.Summary(calendar.Month{Year: 2026, Month: 10})
	}
	all, _ := json.Marshal(s)
	units, _ := json.Marshal(s.Units)
	over, _ := json.Marshal(s.ReturnedOverLimit)
	b.ReportMetric(float64(len(all)), "summary-B")
	b.ReportMetric(float64(len(units))/float64(len(s.Units)), "B/unit")
	b.ReportMetric(float64(len(s.ReturnedOverLimit)), "over-limit")
	if n := len(s.ReturnedOverLimit); n > 0 {
		b.ReportMetric(float64(len(over))/float64(n), "B/over-limit")
	}
}

package score_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
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

// summaryLedger is the ledger of the summary benchmarks: October 2026 of
// the JSON Lines in HOTLINE_BENCH_SUMMARY_DIR (units.yaml, events.jsonl, as
// hotline gen writes them; .bench/t2000000 of make bench is a Beijing-scale
// month), or else the generated district of benchDistrict.
func summaryLedger(b *testing.B) (*unit.Registry, *score.Ledger) {
	b.Helper()
	dir := os.Getenv("HOTLINE_BENCH_SUMMARY_DIR")
	if dir == "" {
		reg, events := benchDistrict(b)
		l := score.NewLedger(reg)
		for i := range events {
			if _, err := l.Add(&events[i], score.Origin{File: "bench", Line: i + 1}); err != nil {
				b.Fatal(err)
			}
		}
		return reg, l
	}
	uf, err := os.Open(filepath.Join(dir, "units.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	defer uf.Close()
	reg, err := unit.Decode(uf)
	if err != nil {
		b.Fatal(err)
	}
	ef, err := os.Open(filepath.Join(dir, "events.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer ef.Close()
	l := score.NewLedger(reg)
	err = event.ReadLines(ef, "events.jsonl", 0, func(batch event.Batch) error {
		for i := range batch.Events {
			if _, err := l.Add(&batch.Events[i], score.Origin{File: "events.jsonl", Line: batch.Lines[i]}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return reg, l
}

// BenchmarkMonthSummary makes a month's summary (score.MonthSummary, what
// the year reads of it) from a scored month and reports its size as JSON
// (and gzipped, as the DynamoDB store keeps it): in all, a unit, and the
// tickets returned more than the limit in it. YearFromMonths then decodes
// twelve copies of it, as the months of 2026, and computes the year.
func BenchmarkMonthSummary(b *testing.B) {
	reg, l := summaryLedger(b)
	shanghai, _ := time.LoadLocation(calendar.DefaultZone)
	cal := calendar.New(shanghai)
	e := score.New(l, policy.Builtin(), cal, time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai))
	oct := calendar.Month{Year: 2026, Month: 10}
	e.Month(oct) // scored once: the summary is what the month adds
	var s *score.MonthSummary
	b.Run("Summary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s = e.Summary(oct)
		}
		all, _ := json.Marshal(s)
		units, _ := json.Marshal(s.Units)
		over, _ := json.Marshal(s.ReturnedOverLimit)
		var gz bytes.Buffer
		w := gzip.NewWriter(&gz)
		w.Write(all)
		w.Close()
		b.ReportMetric(float64(len(all)), "summary-B")
		b.ReportMetric(float64(gz.Len()), "gzip-B")
		b.ReportMetric(float64(len(units))/float64(len(s.Units)), "B/unit")
		b.ReportMetric(float64(len(s.ReturnedOverLimit)), "over-limit")
		if n := len(s.ReturnedOverLimit); n > 0 {
			b.ReportMetric(float64(len(over))/float64(n), "B/over-limit")
		}
	})
	b.Run("YearFromMonths", func(b *testing.B) {
		stored := make([][]byte, 12)
		for i := range stored {
			m := calendar.Month{Year: 2026, Month: time.Month(i + 1)}
			x := *s
			x.Month, x.AsOf, x.AsOfBound = m.String(), m.End(shanghai).UTC(), false
			stored[i], _ = json.Marshal(&x)
		}
		y := score.New(score.NewLedger(reg), policy.Builtin(), cal, time.Date(2027, 1, 1, 0, 0, 0, 0, shanghai))
		b.ReportAllocs()
		for b.Loop() {
			months := make([]*score.MonthSummary, 12)
			for i := range months {
				months[i] = &score.MonthSummary{}
				if err := json.Unmarshal(stored[i], months[i]); err != nil {
					b.Fatal(err)
				}
			}
			res, err := y.YearFromMonths(2026, months)
			if err != nil {
				b.Fatal(err)
			}
			if err := score.WriteJSON(io.Discard, res); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package compute

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// benchYear is the store of the year benchmark: a generated district of
// HOTLINE_BENCH_YEAR_TICKETS tickets a month (default 3,000) over the twelve
// months of 2026, in SQLite, every month computed as the month end does. In
// HOTLINE_BENCH_YEAR_DIR, when set, it is made once and kept for later runs.
func benchYear(b *testing.B) (*Service, time.Time) {
	b.Helper()
	tickets := 3000
	if s := os.Getenv("HOTLINE_BENCH_YEAR_TICKETS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		tickets = n
	}
	dir := os.Getenv("HOTLINE_BENCH_YEAR_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, "year-"+strconv.Itoa(tickets))
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir, loc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	svc, err := New(st, policy.Builtin(), calendar.New(loc))
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, loc)
	ctx := context.Background()
	if _, err := st.Result(ctx, "2026-12", 0); err == nil {
		return svc, now // made by an earlier run
	}
	var units bytes.Buffer
	pr, pw := io.Pipe()
	go func() {
		_, err := gen.Write(gen.Config{Seed: 16, Tickets: tickets, Month: calendar.Month{Year: 2026, Month: 12}, Months: 12, Location: loc}, &units, pw, nil)
		pw.CloseWithError(err)
	}()
	err = event.ReadLines(pr, "generated", 0, func(batch event.Batch) error {
		for i := 0; i < len(batch.Events); i += store.MaxBatch {
			if _, err := st.PutEvents(ctx, batch.Events[i:min(i+store.MaxBatch, len(batch.Events))]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	reg, err := unit.Decode(&units)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		b.Fatal(err)
	}
	for m := (calendar.Month{Year: 2026, Month: 1}); m.Year == 2026; m = m.Next() {
		if _, err := svc.Month(ctx, m, now); err != nil {
			b.Fatal(err)
		}
	}
	return svc, now
}

// BenchmarkYear computes a year of a district whose twelve months are
// stored and computed: from-events as before issue 16 (every event of the
// twelve months read into one ledger, then score.Engine.Year), from-months
// as Service.Year now does (the twelve months' summaries). Both store the
// result as a version (the same input again: no new version). It reports
// the stored summaries' bytes a month and a unit.
func BenchmarkYear(b *testing.B) {
	svc, now := benchYear(b)
	ctx := context.Background()
	p := calendar.YearPeriod(2026)
	asOf := minTime(now, p.Last().End(svc.Calendar.Location()))
	var fromEvents, fromMonths []byte
	b.Run("from-events", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ledger, err := svc.read(ctx, score.Window(p))
			if err != nil {
				b.Fatal(err)
			}
			res := score.New(ledger, svc.Policy, svc.Calendar, asOf).Year(2026)
			r, err := svc.put(ctx, p, res, ledger, "", asOf, now)
			if err != nil {
				b.Fatal(err)
			}
			fromEvents = r.Body
			b.ReportMetric(float64(ledger.Len()), "events")
		}
	})
	b.Run("from-months", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r, err := svc.Year(ctx, 2026, now)
			if err != nil {
				b.Fatal(err)
			}
			fromMonths = r.Body
		}
		var size, units, unitBytes, over, overBytes int
		for m := p.First(); m.Year == 2026; m = m.Next() {
			r, err := svc.Store.ResultSummary(ctx, m.String(), 0)
			if err != nil || r.Summary == nil {
				b.Fatalf("the summary of %s: %v", m, err)
			}
			var s score.MonthSummary
			if err := json.Unmarshal(r.Summary, &s); err != nil {
				b.Fatal(err)
			}
			u, _ := json.Marshal(s.Units)
			o, _ := json.Marshal(s.ReturnedOverLimit)
			size, units = size+len(r.Summary), len(s.Units)
			unitBytes, over, overBytes = unitBytes+len(u), over+len(s.ReturnedOverLimit), overBytes+len(o)
		}
		b.ReportMetric(float64(size)/12, "summary-B/month")
		b.ReportMetric(float64(unitBytes)/12/float64(units), "B/unit-month")
		b.ReportMetric(float64(over)/12, "over-limit/month")
		if over > 0 {
			b.ReportMetric(float64(overBytes)/float64(over), "B/over-limit")
		}
		b.ReportMetric(float64(units), "units")
	})
	if fromEvents != nil && fromMonths != nil && !bytes.Equal(fromEvents, fromMonths) {
		b.Errorf("the year from its months differs from the year from its events")
	}
}

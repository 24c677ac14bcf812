package score_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/score"
)

// TestWindow: what a period reads. A month is scored from its events;
// escalation (七) looks back two months, each counting by its final version
// where it has one (SPEC §12.4), else by its own events; the staffing rule
// (四(一), SPEC §6 v1.1) of every month read whole reads the assignments of
// its year from January, the months not read whole in summary. A year (二)
// reads its twelve months by their summaries, or whole where none stands.
func TestWindow(t *testing.T) {
	mo := func(s string) calendar.Month {
		m, err := calendar.ParseMonth(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	months := func(ss ...string) []calendar.Month {
		var out []calendar.Month
		for _, s := range ss {
			out = append(out, mo(s))
		}
		return out
	}
	span := func(from, to string) []calendar.Month {
		var out []calendar.Month
		for m := mo(from); m.Index() <= mo(to).Index(); m = m.Next() {
			out = append(out, m)
		}
		return out
	}
	tests := []struct {
		name   string
		period calendar.Period
		final  []string
		want   score.Reads
	}{
		{"October, nothing final: August to October whole, January to July in summary",
			calendar.MonthPeriod(mo("2026-10")), nil,
			score.Reads{Whole: span("2026-08", "2026-10"), Summary: span("2026-01", "2026-07"), Results: months("2026-08", "2026-09")}},
		{"October, August and September final: October alone whole, January to September in summary",
			calendar.MonthPeriod(mo("2026-10")), []string{"2026-08", "2026-09"},
			score.Reads{Whole: months("2026-10"), Summary: span("2026-01", "2026-09"), Results: months("2026-08", "2026-09")}},
		{"October, September final but not August: August's bottom flags still come from its events",
			calendar.MonthPeriod(mo("2026-10")), []string{"2026-09"},
			score.Reads{Whole: months("2026-08", "2026-10"), Summary: append(span("2026-01", "2026-07"), mo("2026-09")), Results: months("2026-08", "2026-09")}},
		{"February, nothing final: December of the year before, and its year's summaries",
			calendar.MonthPeriod(mo("2026-02")), nil,
			score.Reads{Whole: months("2025-12", "2026-01", "2026-02"), Summary: span("2025-01", "2025-11"), Results: months("2025-12", "2026-01")}},
		{"February, December and January final: only January of its own year in summary",
			calendar.MonthPeriod(mo("2026-02")), []string{"2025-12", "2026-01"},
			score.Reads{Whole: months("2026-02"), Summary: months("2026-01"), Results: months("2025-12", "2026-01")}},
		{"January, both earlier final: nothing in summary",
			calendar.MonthPeriod(mo("2026-01")), []string{"2025-11", "2025-12"},
			score.Reads{Whole: months("2026-01"), Results: months("2025-11", "2025-12")}},
		{"a final month outside the window changes nothing",
			calendar.MonthPeriod(mo("2026-10")), []string{"2026-07"},
			score.Reads{Whole: span("2026-08", "2026-10"), Summary: span("2026-01", "2026-07"), Results: months("2026-08", "2026-09")}},
		{"the year, no summary that stands: twelve months whole",
			calendar.YearPeriod(2026), nil,
			score.Reads{Whole: span("2026-01", "2026-12"), Results: span("2026-01", "2026-12")}},
		{"the year, every month's summary stands: no event read",
			calendar.YearPeriod(2026), []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"},
			score.Reads{Results: span("2026-01", "2026-12")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			final := map[calendar.Month]bool{}
			for _, s := range tt.final {
				final[mo(s)] = true
			}
			got := score.Window(tt.period).Given(func(m calendar.Month) bool { return final[m] })
			str := func(ms []calendar.Month) string { return fmt.Sprint(ms) }
			if diff := cmp.Diff(str(tt.want.Whole), str(got.Whole)); diff != "" {
				t.Errorf("whole (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(str(tt.want.Summary), str(got.Summary)); diff != "" {
				t.Errorf("summary (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(str(tt.want.Results), str(got.Results)); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
		})
	}
	// A month alone (a year's month without a summary): itself whole, its
	// year before it in summary.
	if got, want := fmt.Sprint(score.Alone(mo("2026-10"))), fmt.Sprint(score.Reads{Whole: months("2026-10"), Summary: span("2026-01", "2026-09")}); got != want {
		t.Errorf("Alone(2026-10) = %s, want %s", got, want)
	}
	// The run it reads back is the run it counts: MaxBottomRun months in all.
	if got := len(score.Window(calendar.MonthPeriod(mo("2026-10"))).Results); got != score.MaxBottomRun-1 {
		t.Errorf("a month reads %d earlier results, want MaxBottomRun−1 = %d", got, score.MaxBottomRun-1)
	}
}

package score_test

// 七 结果运用 as SPEC §7 makes it: ranks with ties, the bottom units of a
// group, and the escalation over consecutive bottom months.

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

func towns(n int) []unit.Unit {
	out := make([]unit.Unit, n)
	for i := range out {
		out[i] = town(fmt.Sprintf("t%d", i+1))
	}
	return out
}

func depts(n int) []unit.Unit {
	out := make([]unit.Unit, n)
	for i := range out {
		out[i] = dept(fmt.Sprintf("d%d", i+1))
	}
	return out
}

// standing makes the month m of the listed units: each unit of notices is
// assessed (one satisfied callback) with a total of 100 − 0.5 × notices;
// each unit of absent has 10 notices and no callback: not assessed.
func standing(m calendar.Month, notices map[string]int, absent ...string) []event.Event {
	cb := fmt.Sprintf("%04d-%02d-10 09:00", m.Year, m.Month)
	cr := fmt.Sprintf("%04d-%02d-12 09:00", m.Year, m.Month)
	var out []event.Event
	ids := make([]string, 0, len(notices))
	for id := range notices {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		out = append(out, present(id, cb))
		out = append(out, criticisms(id, cr, notices[id])...)
	}
	for _, id := range absent {
		out = append(out, criticisms(id, cr, 10)...)
	}
	return out
}

func TestClause7_RanksAndBottom(t *testing.T) {
	for _, c := range []struct {
		name    string
		units   []unit.Unit
		notices map[string]int // assessed units → notices
		absent  []string       // not assessed
		pol     func(*policy.Policy)
		rank    map[string]int // 0: not ranked
		bottom  []string
	}{
		{
			name:    "七 equal totals share a rank (1, 2, 2, 4); fewer than 3 strictly below is bottom",
			units:   towns(4),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 1, "t4": 2},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 2, "t4": 4},
			bottom:  []string{"t2", "t3", "t4"},
		},
		{
			name:    "七 bottom: the 3 lowest of 5 distinct totals",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "t5": 4},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 4, "t5": 5},
			bottom:  []string{"t3", "t4", "t5"},
		},
		{
			name:    "七 bottom with ties at the bottom: 4 units tie last, none strictly below any: all 4 bottom",
			units:   towns(6),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 2, "t5": 2, "t6": 2},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 3, "t5": 3, "t6": 3},
			bottom:  []string{"t3", "t4", "t5", "t6"},
		},
		{
			name:    "七 bottom with a tie across the line: three units at 99.5 have only 1 below: 4 bottom",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 1, "t4": 1, "t5": 2},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 2, "t4": 2, "t5": 5},
			bottom:  []string{"t2", "t3", "t4", "t5"},
		},
		{
			name:    "七 a tie just above the line has 3 below: not bottom",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 0, "t3": 1, "t4": 2, "t5": 3},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 3, "t4": 4, "t5": 5},
			bottom:  []string{"t3", "t4", "t5"},
		},
		{
			name:    "七 every assessed unit tied: none has a unit strictly below: all bottom (literal §7)",
			units:   towns(4),
			notices: map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 1},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 1},
			bottom:  []string{"t1", "t2", "t3", "t4"},
		},
		{
			name:    "七 a group of 3 assessed units has no bottom unit",
			units:   towns(3),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3},
		},
		{
			name:    "七 4 units of which 1 not assessed is a group of 3 assessed: no bottom; the unassessed unit is not ranked",
			units:   towns(4),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2},
			absent:  []string{"t4"},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 0},
		},
		{
			name:    "七 units not assessed are neither ranked nor counted below others",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3},
			absent:  []string{"t5"},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 4, "t5": 0},
			bottom:  []string{"t2", "t3", "t4"},
		},
		{
			name:  "七 the groups are ranked separately (a department at 98 is first of its group)",
			units: append(towns(4), depts(4)...),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3,
				"d1": 4, "d2": 5, "d3": 6, "d4": 6},
			rank: map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 4,
				"d1": 1, "d2": 2, "d3": 3, "d4": 3},
			bottom: []string{"t2", "t3", "t4", "d2", "d3", "d4"},
		},
		{
			name:    "七 a group of departments of 3 has no bottom although the towns have",
			units:   append(towns(4), depts(3)...),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "d1": 7, "d2": 8, "d3": 9},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 4, "d1": 1, "d2": 2, "d3": 3},
			bottom:  []string{"t2", "t3", "t4"},
		},
		{
			name:    "七 ranking.bottom_count 1: only the lowest unit",
			units:   towns(3),
			pol:     bottomCount(1),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3},
			bottom:  []string{"t3"},
		},
		{
			name:    "七 ranking.bottom_count 1: a group of 1 has no bottom",
			units:   append(towns(3), depts(1)...),
			pol:     bottomCount(1),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "d1": 5},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "d1": 1},
			bottom:  []string{"t3"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := []opt{withUnits(c.units...)}
			if c.pol != nil {
				opts = append(opts, withPolicy(c.pol))
			}
			res := monthOf(t, standing(oct2026, c.notices, c.absent...), oct2026, opts...)
			for _, u := range c.units {
				ur := unitOf(t, res, u.ID)
				want, ok := c.rank[u.ID]
				if !ok {
					t.Fatalf("case lacks the rank of %s", u.ID)
				}
				switch {
				case want == 0 && ur.Rank != nil:
					t.Errorf("%s ranked %d, want not ranked", u.ID, *ur.Rank)
				case want != 0 && ur.Rank == nil:
					t.Errorf("%s not ranked, want %d", u.ID, want)
				case want != 0 && *ur.Rank != want:
					t.Errorf("%s rank %d, want %d", u.ID, *ur.Rank, want)
				}
				if want != 0 {
					eqTotal(t, ur, hundredMinus(c.notices[u.ID]))
				}
				wantBottom := slices.Contains(c.bottom, u.ID)
				if ur.Bottom != wantBottom {
					t.Errorf("%s bottom = %v, want %v", u.ID, ur.Bottom, wantBottom)
				}
				// One month of data: a bottom unit is in its first bottom month.
				switch {
				case wantBottom && (ur.Escalation == nil || *ur.Escalation != score.Notice || ur.BottomRun != 1):
					t.Errorf("%s escalation %v run %d, want notice after 1 month", u.ID, ur.Escalation, ur.BottomRun)
				case !wantBottom && ur.Escalation != nil:
					t.Errorf("%s escalation %v, want none", u.ID, *ur.Escalation)
				}
			}
		})
	}
}

// TestClause7_Escalation follows six towns over seven months. Every month
// the three lowest of distinct totals are bottom (t1..t3 tie at the top
// when they share 100 and have 3 below).
func TestClause7_Escalation(t *testing.T) {
	jul := month(2026, time.July)
	aug := month(2026, time.August)
	sep := month(2026, time.September)
	oct := month(2026, time.October)
	nov := month(2026, time.November)
	dec := month(2026, time.December)
	jan := month(2027, time.January)
	pattern := map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "t5": 4, "t6": 5}
	events := evs(
		standing(jul, pattern), // bottom t4 t5 t6
		standing(aug, map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 0, "t5": 4, "t6": 5}), // bottom t3 t5 t6
		standing(sep, map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "t6": 5}, "t5"),    // t5 not assessed; bottom t3 t4 t6
		standing(oct, map[string]int{"t1": 0, "t2": 1, "t3": 0, "t4": 0, "t5": 4, "t6": 5}), // bottom t2 t5 t6
		standing(nov, pattern),
		standing(dec, pattern),
		standing(jan, pattern),
	)
	type want struct {
		run int
		esc score.Escalation
	}
	notice := func() want { return want{1, score.Notice} }
	deputy := func() want { return want{2, score.InterviewDeputy} }
	principal := func(n int) want { return want{n, score.InterviewPrincipal} }
	expect := []struct {
		m      calendar.Month
		bottom map[string]want
	}{
		{jul, map[string]want{"t4": notice(), "t5": notice(), "t6": notice()}},
		{aug, map[string]want{"t3": notice(), "t5": deputy(), "t6": deputy()}},
		{sep, map[string]want{"t3": deputy(), "t4": notice(), "t6": principal(3)}},
		// t5 was bottom in July and August but not assessed in September:
		// the run starts again.
		{oct, map[string]want{"t2": notice(), "t5": notice(), "t6": principal(4)}},
		{nov, map[string]want{"t4": notice(), "t5": deputy(), "t6": principal(5)}},
		{dec, map[string]want{"t4": deputy(), "t5": principal(3), "t6": principal(6)}},
		// the run goes on across the new year.
		{jan, map[string]want{"t4": principal(3), "t5": principal(4), "t6": principal(7)}},
	}
	check := func(t *testing.T, res *score.Result, bottom map[string]want) {
		for _, u := range towns(6) {
			ur := unitOf(t, res, u.ID)
			w, isBottom := bottom[u.ID]
			if ur.Bottom != isBottom {
				t.Errorf("%s %s bottom = %v, want %v", res.Period, u.ID, ur.Bottom, isBottom)
				continue
			}
			if !isBottom {
				if ur.Escalation != nil {
					t.Errorf("%s %s escalation %s, want none", res.Period, u.ID, *ur.Escalation)
				}
				continue
			}
			// The run is counted up to score.MaxBottomRun: "3 or more".
			if wantRun := min(w.run, score.MaxBottomRun); ur.Escalation == nil || *ur.Escalation != w.esc || ur.BottomRun != wantRun {
				t.Errorf("%s %s escalation %v after %d months, want %s after %d", res.Period, u.ID, ur.Escalation, ur.BottomRun, w.esc, wantRun)
			}
		}
	}
	eng := engine(t, events, withUnits(towns(6)...))
	for _, e := range expect {
		t.Run("七 "+e.m.String(), func(t *testing.T) { check(t, eng.Month(e.m), e.bottom) })
	}
	t.Run("七 September: t5 not assessed: no rank, not bottom, no escalation", func(t *testing.T) {
		ur := unitOf(t, eng.Month(sep), "t5")
		if ur.Assessed || ur.Rank != nil || ur.Bottom || ur.Escalation != nil || ur.BottomRun != 0 {
			t.Errorf("t5 in September: %+v", ur)
		}
	})
	// A fresh engine asked only for October knows the past months too.
	t.Run("七 2026-10 alone, in reverse event order", func(t *testing.T) {
		rev := slices.Clone(events)
		slices.Reverse(rev)
		check(t, monthOf(t, rev, oct, withUnits(towns(6)...)), expect[3].bottom)
	})
	// Escalation labels as the method words them.
	for esc, label := range map[score.Escalation]string{
		score.Notice:             "区政府办公室通报批评",
		score.InterviewDeputy:    "区委组织部分管副部长约谈分管负责人",
		score.InterviewPrincipal: "区委组织部部长及区政府分管领导约谈主要负责人",
	} {
		if esc.Label() != label {
			t.Errorf("%s label %q, want %q", esc, esc.Label(), label)
		}
	}
}

// TestClause7_EscalationGapMonth: a month with no data at all in between
// breaks a run like a month not assessed.
func TestClause7_EscalationGapMonth(t *testing.T) {
	pattern := map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "t5": 4, "t6": 5}
	events := evs(
		standing(month(2026, time.July), pattern),
		standing(month(2026, time.September), pattern),
	)
	res := monthOf(t, events, month(2026, time.September), withUnits(towns(6)...))
	ur := unitOf(t, res, "t6")
	if !ur.Bottom || ur.Escalation == nil || *ur.Escalation != score.Notice || ur.BottomRun != 1 {
		t.Errorf("t6 in September after an empty August: bottom %v escalation %v run %d, want notice after 1", ur.Bottom, ur.Escalation, ur.BottomRun)
	}
}

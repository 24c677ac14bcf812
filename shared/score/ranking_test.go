package score_test

// 七 结果运用 as SPEC §7 makes it: ranks with ties, the bottom units of a
// group, and the escalation over consecutive bottom months.

import (
	"fmt"
	"maps"
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

// notices gives every unit of units the same number of notices.
func notices(units []unit.Unit, n int) map[string]int {
	out := map[string]int{}
	for _, u := range units {
		out[u.ID] = n
	}
	return out
}

// ranks gives every unit of units the same rank.
func ranks(units []unit.Unit, rank int) map[string]int { return notices(units, rank) }

func merge(a, b map[string]int) map[string]int {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

func bottomMaxTotal(s string) func(p *policy.Policy) {
	return func(p *policy.Policy) {
		n := policy.N(s)
		p.Ranking.BottomMaxTotal = &n
	}
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
			name:    "七 §7 v1.1 every assessed unit tied: none has a unit strictly above: none is bottom",
			units:   towns(4),
			notices: map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 1},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 1},
		},
		{
			name:    "七 §7 v1.1 every one of 20 units tied at 100: none is bottom",
			units:   towns(20),
			notices: notices(towns(20), 0),
			rank:    ranks(towns(20), 1),
		},
		{
			name:    "七 §7 v1.1 the probe's five towns at 100/100/100/100/99.5: only the 99.5 is bottom",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 0, "t3": 0, "t4": 0, "t5": 1},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 1, "t5": 5},
			bottom:  []string{"t5"},
		},
		{
			name:    "七 §7 v1.1 a tie at the top with 2 below: only the 2 are bottom",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 0, "t3": 0, "t4": 1, "t5": 2},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 4, "t5": 5},
			bottom:  []string{"t4", "t5"},
		},
		{
			name:    "七 §7 v1.1 a tie at the top with 2 tied below: the 2 are bottom",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 0, "t3": 0, "t4": 1, "t5": 1},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 4, "t5": 4},
			bottom:  []string{"t4", "t5"},
		},
		{
			name:    "七 §7 v1.1 18 units at 100 and 2 below them: only the 2",
			units:   towns(20),
			notices: merge(notices(towns(18), 0), map[string]int{"t19": 1, "t20": 3}),
			rank:    merge(ranks(towns(18), 1), map[string]int{"t19": 19, "t20": 20}),
			bottom:  []string{"t19", "t20"},
		},
		{
			name:    "七 §7 v1.1 a tie straddling the last places: 99, 99, 99 with 98.5 below, under 99.5 with 4 below: 4 bottom",
			units:   towns(6),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 2, "t5": 2, "t6": 3},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 3, "t5": 3, "t6": 6},
			bottom:  []string{"t3", "t4", "t5", "t6"},
		},
		{
			name:    "七 §7 v1.1 a tie straddling the last places that reaches the best total is not bottom (4 tied at 100, 1 below)",
			units:   towns(5),
			notices: map[string]int{"t1": 0, "t2": 0, "t3": 0, "t4": 0, "t5": 2},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 1, "t4": 1, "t5": 5},
			bottom:  []string{"t5"},
		},
		{
			name:    "七 §7 v1.1 the second best total with 2 below is bottom (one unit strictly above it)",
			units:   towns(4),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 4},
			bottom:  []string{"t2", "t3", "t4"},
		},
		{
			name:    "七 §6 v1.1 ranking.bottom_max_total 99: units at or above 99 are never bottom",
			units:   towns(6),
			pol:     bottomMaxTotal("99"),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 1, "t4": 2, "t5": 3, "t6": 4},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 2, "t4": 4, "t5": 5, "t6": 6},
			bottom:  []string{"t5", "t6"},
		},
		{
			name:    "七 §6 v1.1 ranking.bottom_max_total 99.5: a total of exactly 99.5 is spared, 99 is not",
			units:   towns(5),
			pol:     bottomMaxTotal("99.5"),
			notices: map[string]int{"t1": 0, "t2": 0, "t3": 1, "t4": 2, "t5": 2},
			rank:    map[string]int{"t1": 1, "t2": 1, "t3": 3, "t4": 4, "t5": 4},
			bottom:  []string{"t4", "t5"},
		},
		{
			name:    "七 §6 v1.1 ranking.bottom_max_total 85 under the default: every unit here is 优秀, none is bottom",
			units:   towns(5),
			pol:     bottomMaxTotal("85"),
			notices: map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "t5": 4},
			rank:    map[string]int{"t1": 1, "t2": 2, "t3": 3, "t4": 4, "t5": 5},
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

// TestClause7_EscalationNeverAtTheTop follows twenty towns over six months
// under each reading of §7 v1.1: a unit sharing the best total is never
// bottom, so a unit tied at the top month after month is never escalated,
// while the runs of the units below go on and break as the method says.
func TestClause7_EscalationNeverAtTheTop(t *testing.T) {
	jul := month(2026, time.July)
	aug := month(2026, time.August)
	sep := month(2026, time.September)
	oct := month(2026, time.October)
	nov := month(2026, time.November)
	dec := month(2026, time.December)
	all := towns(20)
	top := func(n int) map[string]int { return notices(all[:n], 0) }
	events := evs(
		standing(jul, notices(all, 0)),                                                        // all tied: none
		standing(aug, merge(top(18), map[string]int{"t19": 1, "t20": 3})),                     // 18 at 100, 2 below: the 2
		standing(sep, merge(top(18), map[string]int{"t19": 1, "t20": 1})),                     // top tie, 2 tied below: the 2
		standing(oct, merge(top(16), map[string]int{"t17": 1, "t18": 2, "t19": 2, "t20": 2})), // a tie straddling the last places
		standing(nov, notices(all, 0)),                                                        // all tied again: none, runs broken
		standing(dec, merge(top(19), map[string]int{"t20": 1})),                               // 19 at 100, 1 below
	)
	type want struct {
		run int
		esc score.Escalation
	}
	expect := []struct {
		m      calendar.Month
		bottom map[string]want
	}{
		{jul, map[string]want{}},
		{aug, map[string]want{"t19": {1, score.Notice}, "t20": {1, score.Notice}}},
		{sep, map[string]want{"t19": {2, score.InterviewDeputy}, "t20": {2, score.InterviewDeputy}}},
		{oct, map[string]want{"t18": {1, score.Notice}, "t19": {3, score.InterviewPrincipal}, "t20": {3, score.InterviewPrincipal}}},
		{nov, map[string]want{}},
		{dec, map[string]want{"t20": {1, score.Notice}}},
	}
	eng := engine(t, events, withUnits(all...))
	for _, e := range expect {
		t.Run("七 §7 v1.1 "+e.m.String(), func(t *testing.T) {
			res := eng.Month(e.m)
			for _, u := range all {
				ur := unitOf(t, res, u.ID)
				w, isBottom := e.bottom[u.ID]
				if ur.Bottom != isBottom {
					t.Errorf("%s bottom = %v, want %v (total %v, rank %v)", u.ID, ur.Bottom, isBottom, ur.Total, ur.Rank)
					continue
				}
				switch {
				case !isBottom && (ur.Escalation != nil || ur.BottomRun != 0):
					t.Errorf("%s escalation %v run %d, want none", u.ID, ur.Escalation, ur.BottomRun)
				case isBottom && (ur.Escalation == nil || *ur.Escalation != w.esc || ur.BottomRun != w.run):
					t.Errorf("%s escalation %v after %d months, want %s after %d", u.ID, ur.Escalation, ur.BottomRun, w.esc, w.run)
				}
			}
		})
	}
	t.Run("七 §7 v1.1 t1, at the top every month, is never escalated", func(t *testing.T) {
		for _, e := range expect {
			if ur := unitOf(t, eng.Month(e.m), "t1"); ur.Bottom || ur.Escalation != nil || *ur.Rank != 1 {
				t.Errorf("%s t1: bottom %v escalation %v rank %d", e.m, ur.Bottom, ur.Escalation, *ur.Rank)
			}
		}
	})
}

// TestClause7_EscalationUnderBottomMaxTotal: with ranking.bottom_max_total
// a unit spared one month breaks its run like a month it was not bottom.
func TestClause7_EscalationUnderBottomMaxTotal(t *testing.T) {
	sep := month(2026, time.September)
	oct := month(2026, time.October)
	nov := month(2026, time.November)
	pattern := map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "t5": 40}
	events := evs(
		standing(sep, pattern), // t3 99, t4 98.5 and t5 80 are the three lowest; only t5 is below 85
		standing(oct, pattern),
		standing(nov, pattern),
	)
	eng := engine(t, events, withUnits(towns(5)...), withPolicy(bottomMaxTotal("85")))
	for _, m := range []calendar.Month{sep, oct, nov} {
		res := eng.Month(m)
		for _, id := range []string{"t1", "t2", "t3", "t4"} {
			if ur := unitOf(t, res, id); ur.Bottom || ur.Escalation != nil {
				t.Errorf("%s %s (total %v ≥ 85): bottom %v escalation %v", m, id, ur.Total, ur.Bottom, ur.Escalation)
			}
		}
	}
	ur := unitOf(t, eng.Month(nov), "t5")
	if !ur.Bottom || ur.Escalation == nil || *ur.Escalation != score.InterviewPrincipal || ur.BottomRun != 3 {
		t.Errorf("t5 (total 80) in November: bottom %v escalation %v run %d, want interview_principal after 3", ur.Bottom, ur.Escalation, ur.BottomRun)
	}
}

package score_test

// The annual assessment (二 年终考核, SPEC §7 Annual) and the tickets
// returned more than 3 times (四(二)1 second paragraph, SPEC §9).

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

func annualUnits() []unit.Unit {
	return []unit.Unit{town("a"), town("b"), town("c"), town("d"), town("e"), town("f"), town("g"), dept("x")}
}

// annualEvents: every callback is satisfied, so satisfaction is always 20;
// totals move by organisation and criticism only.
func annualEvents() []event.Event {
	return evs(
		// a: March 100 (3 tickets), July 99.97 (2 tickets; organisation
		// 9.97 from June); a notice in May when it has no callback: May is
		// not an assessed month. Mean (100 + 99.97) / 2 = 99.985 → 99.99.
		orgAssessed("oa1", "a", "2026-01-05 09:00", "5", "5"),
		orgAssessed("oa2", "a", "2026-06-15 09:00", "4.97", "5"),
		rate("a", "A03", "2026-03-10 10:00", 3, 3),
		rate("a", "A07", "2026-07-10 10:00", 2, 2),
		criticisms("a", "2026-05-12 09:00", 1),

		// b: 4 tickets in the year: not assessed.
		rate("b", "B03", "2026-03-10 10:00", 2, 2),
		rate("b", "B07", "2026-07-10 10:00", 2, 2),

		// c: one ticket with a callback in 5 months: assessed in 5 months,
		// but 1 ticket in the year.
		repeat(5, func(i int) event.Event {
			return callback(fmt.Sprintf("cbC%d", i), "C1", "c", fmt.Sprintf("2026-%02d-10 10:00", i+2), event.Satisfied, event.Satisfied)
		}),

		// d: 5 tickets, but one of them in December 2025.
		rate("d", "D12", "2025-12-10 10:00", 1, 1),
		rate("d", "D04", "2026-04-10 10:00", 4, 4),

		// e: March 98.5 (3 notices), April 100; 4 notices in August
		// without a callback. Mean 99.25 over 2 months.
		rate("e", "E03", "2026-03-10 10:00", 3, 3),
		criticisms("e", "2026-03-12 09:00", 3),
		rate("e", "E04", "2026-04-10 10:00", 3, 3),
		criticisms("e", "2026-08-12 09:00", 4),

		// f: 5 tickets in October with 80 notices: 60.
		rate("f", "F10", "2026-10-10 10:00", 5, 5),
		criticisms("f", "2026-10-12 09:00", 80),

		// g: March 100, April 100, May 99.99: mean 99.99666… → 100.
		orgAssessed("og1", "g", "2026-01-05 09:00", "5", "5"),
		orgAssessed("og2", "g", "2026-05-02 09:00", "4.99", "5"),
		rate("g", "G03", "2026-03-10 10:00", 2, 2),
		rate("g", "G04", "2026-04-10 10:00", 2, 2),
		rate("g", "G05", "2026-05-10 10:00", 1, 1),

		// x: a department, 5 tickets in November.
		rate("x", "X11", "2026-11-10 10:00", 5, 5),
	)
}

func TestAnnual(t *testing.T) {
	res := yearOf(t, annualEvents(), 2026, withUnits(annualUnits()...))
	if res.Period != "2026" {
		t.Errorf("period %q, want 2026", res.Period)
	}
	for _, c := range []struct {
		name     string
		unit     string
		assessed bool
		months   int
		tickets  int
		total    string
		rank     int
		grade    score.Grade
	}{
		{"年终 mean of the monthly totals over the assessed months, rounded half-up: (100 + 99.97) / 2 = 99.985 → 99.99", "a", true, 2, 5, "99.99", 2, score.Excellent},
		{"年终 fewer than 5 callback tickets in the year: not assessed", "b", false, 2, 4, "", 0, ""},
		{"年终 tickets, not callbacks or months: 1 ticket with callbacks in 5 months is not assessed", "c", false, 5, 1, "", 0, ""},
		{"年终 only the tickets with a callback in the year count (one was in December 2025)", "d", false, 1, 4, "", 0, ""},
		{"年终 months without a callback are not averaged: (98.5 + 100) / 2 = 99.25", "e", true, 2, 6, "99.25", 3, score.Excellent},
		{"年终 one assessed month: its total; graded (60 is pass)", "f", true, 1, 5, "60", 4, score.Pass},
		{"年终 a repeating mean: (100 + 100 + 99.99) / 3 = 99.99666… → 100", "g", true, 3, 5, "100", 1, score.Excellent},
		{"年终 departments are ranked among themselves", "x", true, 1, 5, "100", 1, score.Excellent},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := unitOf(t, res, c.unit)
			if u.Assessed != c.assessed {
				t.Errorf("assessed = %v, want %v", u.Assessed, c.assessed)
			}
			if u.MonthsAssessed == nil || *u.MonthsAssessed != c.months {
				t.Errorf("months_assessed = %v, want %d", u.MonthsAssessed, c.months)
			}
			if u.Counts.CallbackTickets != c.tickets {
				t.Errorf("callback_tickets = %d, want %d", u.Counts.CallbackTickets, c.tickets)
			}
			if !c.assessed {
				if u.Total != nil || u.Rank != nil || u.Grade != nil {
					t.Errorf("not assessed but total %v rank %v grade %v", u.Total, u.Rank, u.Grade)
				}
				return
			}
			eqTotal(t, u, c.total)
			if u.Rank == nil || *u.Rank != c.rank {
				t.Errorf("rank %v, want %d", u.Rank, c.rank)
			}
			if u.Grade == nil || *u.Grade != c.grade {
				t.Errorf("grade %v, want %s", u.Grade, c.grade)
			}
		})
	}
	t.Run("年终 the monthly totals behind the means", func(t *testing.T) {
		eng := engine(t, annualEvents(), withUnits(annualUnits()...))
		for _, c := range []struct {
			unit  string
			m     time.Month
			total string // "": not assessed
		}{
			{"a", time.March, "100"}, {"a", time.May, ""}, {"a", time.July, "99.97"},
			{"e", time.March, "98.5"}, {"e", time.April, "100"}, {"e", time.August, ""},
			{"g", time.May, "99.99"}, {"c", time.June, "100"},
		} {
			u := unitOf(t, eng.Month(month(2026, c.m)), c.unit)
			if c.total == "" {
				if u.Assessed {
					t.Errorf("%s in %s assessed, want not", c.unit, c.m)
				}
				continue
			}
			eqTotal(t, u, c.total)
		}
	})
	t.Run("年终 JSON: period 2026, months_assessed, null total of units not assessed", func(t *testing.T) {
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Period string                       `json:"period"`
			Units  []map[string]json.RawMessage `json:"units"`
		}
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		if out.Period != "2026" {
			t.Errorf("period %q", out.Period)
		}
		for _, u := range out.Units {
			if _, ok := u["months_assessed"]; !ok {
				t.Errorf("unit %s has no months_assessed", u["unit_id"])
			}
			if string(u["unit_id"]) == `"a"` && string(u["total"]) != "99.99" {
				t.Errorf("a total JSON %s, want 99.99", u["total"])
			}
			if string(u["unit_id"]) == `"b"` && (string(u["total"]) != "null" || string(u["rank"]) != "null" || string(u["grade"]) != "null") {
				t.Errorf("b total %s rank %s grade %s, want null", u["total"], u["rank"], u["grade"])
			}
		}
	})
	t.Run("年终 annual_min_callback_tickets is a policy value", func(t *testing.T) {
		res := yearOf(t, annualEvents(), 2026, withUnits(annualUnits()...), withPolicy(func(p *policy.Policy) { p.Assessment.AnnualMinCallbackTickets = 4 }))
		if u := unitOf(t, res, "b"); !u.Assessed {
			t.Errorf("b with 4 tickets not assessed with a minimum of 4")
		}
	})
}

// returnsOf makes a ticket returned by each unit in turn at the given local
// times, each return 5 hours after its own assignment.
func returnsOf(ticket string, units []string, ats []string) []event.Event {
	var out []event.Event
	for i, at := range ats {
		r := ts(at).Add(-5 * time.Hour).In(shanghai).Format("2006-01-02 15:04")
		due := ts(at).Add(72 * time.Hour).In(shanghai).Format("2006-01-02 15:04")
		out = append(out,
			assigned(fmt.Sprintf("as-%s-%d", ticket, i), ticket, units[i], r, due),
			returned(fmt.Sprintf("rt-%s-%d", ticket, i), ticket, units[i], at))
	}
	return out
}

// 四(二)1 second paragraph: tickets returned more than 3 times are listed
// for supervision by the centre (回退超过3次的工单由区长热线服务中心督办).
func TestReturnedMoreThan3Times(t *testing.T) {
	events := evs(
		returnsOf("R4", []string{"a", "b", "a", "c"}, []string{"2026-02-03 15:00", "2026-04-01 15:00", "2026-06-02 15:00", "2026-09-02 15:00"}),
		returnsOf("R3", []string{"a", "a", "a"}, []string{"2026-02-03 15:00", "2026-04-01 15:00", "2026-09-02 15:00"}),
		returnsOf("M4", []string{"a", "b", "c", "x"}, []string{"2026-10-12 15:00", "2026-10-13 15:00", "2026-10-14 15:00", "2026-10-15 15:00"}),
		returnsOf("M5", []string{"a", "a", "a", "a", "a"}, []string{"2026-10-12 15:00", "2026-10-13 15:00", "2026-10-14 15:00", "2026-10-15 15:00", "2026-10-16 15:00"}),
	)
	type listed struct {
		Ticket  string
		Returns int
		Units   []string
	}
	listOf := func(res *score.Result) []listed {
		out := []listed{}
		for _, r := range res.ReturnedOverLimit {
			u := slices.Clone(r.Units)
			slices.Sort(u)
			out = append(out, listed{r.TicketID, r.Returns, u})
		}
		slices.SortFunc(out, func(a, b listed) int { return strings.Compare(a.Ticket, b.Ticket) })
		return out
	}
	eng := engine(t, events)
	for _, c := range []struct {
		name string
		res  *score.Result
		want []listed
	}{
		{"四(二)1 the year: 4 and 5 returns listed, 3 not", eng.Year(2026), []listed{
			{"M4", 4, []string{"a", "b", "c", "x"}}, {"M5", 5, []string{"a"}}, {"R4", 4, []string{"a", "b", "c"}},
		}},
		{"四(二)1 September: the fourth return of R4 makes it listed", eng.Month(sep2026), []listed{
			{"R4", 4, []string{"a", "b", "c"}},
		}},
		{"四(二)1 June: R4 returned 3 times so far is not listed", eng.Month(month(2026, time.June)), []listed{}},
		{"四(二)1 October: four returns within the month", eng.Month(oct2026), []listed{
			{"M4", 4, []string{"a", "b", "c", "x"}}, {"M5", 5, []string{"a"}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, listOf(c.res)); diff != "" {
				t.Errorf("tickets returned more than 3 times (-want +got):\n%s", diff)
			}
		})
	}
}

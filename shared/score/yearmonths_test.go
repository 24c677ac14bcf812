package score_test

// The annual assessment computed from the twelve months' summaries (SPEC §7
// Annual: the mean of the monthly totals; at least 5 tickets with a
// callback in the year; SPEC §9 tickets returned more than 3 times) equals,
// byte for byte, the annual result computed from every event of the year.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// yearUnits are the registry of the generated years: six towns and two
// departments (the random events' units), and the hand-made ones.
func yearUnits() []unit.Unit {
	return []unit.Unit{town("a"), town("b"), town("c"), town("d"), town("e"), town("f"), dept("x"), dept("y"),
		town("twice"), town("five"), town("over")}
}

// generatedYear is a year of events: the random events of two months
// (properties_test.go) laid seven times across December 2025 to January
// 2027, each copy with its own ids and tickets, so that tickets and their
// callbacks, returns, waivers and retractions span months; plus the cases
// the annual rules turn on (annualCases).
func generatedYear(seed uint64, n int) []event.Event {
	var out []event.Event
	day := 24 * time.Hour
	for k := range 7 {
		shift := time.Duration(-304+61*k) * day
		p := fmt.Sprintf("k%d-", k)
		for _, e := range randomEvents(seed+uint64(k), n, []string{"a", "b", "c", "d", "e", "f", "x", "y"}) {
			e.ID = p + e.ID
			e.At = e.At.Add(shift)
			if !e.DueAt.IsZero() {
				e.DueAt = e.DueAt.Add(shift)
			}
			if e.TicketID != "" {
				e.TicketID = p + e.TicketID
			}
			if e.EventID != "" {
				e.EventID = p + e.EventID
			}
			out = append(out, e)
		}
	}
	return append(out, annualCases()...)
}

// annualCases: "twice" has 3 tickets, each with a callback in two months
// (6 monthly callback tickets in 6 months, 3 in the year: not assessed); "five" has 5
// tickets over the year, one of them with a callback in December 2025 and
// January 2026, another with callbacks in March and April (assessed); a
// ticket returned 5 times by two units from February to May, waived and
// retracted in later months; a ticket returned 4 times, the last in
// January 2027 (over the limit in 2027 only).
func annualCases() []event.Event {
	return evs(
		callback("tw1a", "TW1", "twice", "2026-02-10 10:00", event.Satisfied, event.Satisfied),
		callback("tw1b", "TW1", "twice", "2026-03-10 10:00", event.Satisfied, event.Satisfied),
		callback("tw2a", "TW2", "twice", "2026-05-10 10:00", event.Dissatisfied, event.Satisfied),
		callback("tw2b", "TW2", "twice", "2026-08-10 10:00", event.Satisfied, event.Satisfied),
		missed("tw3a", "TW3", "twice", "2026-11-30 23:59"),
		callback("tw3b", "TW3", "twice", "2026-12-01 00:00", event.Satisfied, event.Dissatisfied),

		callback("fv1a", "FV1", "five", "2025-12-20 10:00", event.Satisfied, event.Satisfied),
		callback("fv1b", "FV1", "five", "2026-01-05 10:00", event.Satisfied, event.Satisfied),
		callback("fv2a", "FV2", "five", "2026-03-31 23:00", event.Satisfied, event.Satisfied),
		callback("fv2b", "FV2", "five", "2026-04-01 09:00", event.Satisfied, event.Satisfied),
		callback("fv3", "FV3", "five", "2026-06-10 10:00", event.Satisfied, event.Satisfied),
		callback("fv4", "FV4", "five", "2026-09-10 10:00", event.Satisfied, event.Satisfied),
		callback("fv5", "FV5", "five", "2026-12-31 23:00", event.Satisfied, event.Satisfied),
		criticized("fvc", "five", "2026-06-12 09:00"),

		assigned("ov-a1", "OV1", "over", "2026-02-02 09:00", "2026-02-10 09:00"),
		returned("ov-r1", "OV1", "over", "2026-02-05 09:00"),
		assigned("ov-a2", "OV1", "x", "2026-02-06 09:00", "2026-02-20 09:00"),
		returned("ov-r2", "OV1", "x", "2026-02-09 09:00"),
		assigned("ov-a3", "OV1", "over", "2026-03-02 09:00", "2026-03-10 09:00"),
		returned("ov-r3", "OV1", "over", "2026-03-09 09:00"),
		assigned("ov-a4", "OV1", "x", "2026-04-02 09:00", "2026-04-10 09:00"),
		returned("ov-r4", "OV1", "x", "2026-04-03 09:00"),
		assigned("ov-a5", "OV1", "over", "2026-05-02 09:00", "2026-05-10 09:00"),
		returned("ov-r5", "OV1", "over", "2026-05-03 09:00"),
		callback("ov-c1", "OV1", "over", "2026-05-20 10:00", event.Satisfied, event.Satisfied),
		waived("ov-w", "over", score.RuleLateReturn, "ov-r3", "2026-07-01 09:00", "申诉成立"),
		retracted("ov-x", "ov-r4", "2026-08-01 09:00"),
		waived("ov-w2", "over", score.RuleOverdue, "nothing-here", "2026-09-01 09:00", "笔误"),

		assigned("ow-a1", "OW1", "over", "2026-11-02 09:00", "2026-11-10 09:00"),
		returned("ow-r1", "OW1", "over", "2026-11-03 09:00"),
		returned("ow-r2", "OW1", "over", "2026-11-04 09:00"),
		returned("ow-r3", "OW1", "over", "2026-12-04 09:00"),
		returned("ow-r4", "OW1", "over", "2027-01-04 09:00"),
	)
}

// yearFromSummaries computes year y from the summaries of its months as
// the month end writes them (each month judged as of its end, or of now
// when that is earlier), each read back from its JSON, by an engine that
// holds no event. A summary the year cannot use (Engine.Usable) is made
// again as of the year's now, as the service does from the month's events;
// fallbacks counts them.
func yearFromSummaries(t *testing.T, events []event.Event, y int, units []unit.Unit, pol *policy.Policy, now string) (res *score.Result, fallbacks int) {
	t.Helper()
	l := score.NewLedger(registry(t, units))
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "test", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	cal := calendar.New(shanghai)
	empty := score.New(score.NewLedger(registry(t, units)), pol, cal, ts(now))
	sums := make([]*score.MonthSummary, 12)
	for i := range sums {
		m := month(y, time.Month(i+1))
		asOf := ts(now)
		if end := m.End(shanghai); end.Before(asOf) {
			asOf = end
		}
		s := score.New(l, pol, cal, asOf).Month(m).Summary
		if empty.Usable(m, s) != nil {
			s = score.New(l, pol, cal, ts(now)).Month(m).Summary
			fallbacks++
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &sums[i]); err != nil {
			t.Fatal(err)
		}
	}
	res, err := empty.YearFromMonths(y, sums)
	if err != nil {
		t.Fatalf("YearFromMonths: %v", err)
	}
	return res, fallbacks
}

func resultJSON(t *testing.T, r *score.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := score.WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestYearFromMonthsEqualsYear: on generated years, under the built-in
// policy and its switches, and as of a day in the year (deadlines of later
// months not yet passed), the year from its months is the year from its
// events, byte for byte (二 年终考核).
func TestYearFromMonthsEqualsYear(t *testing.T) {
	pols := map[string]func(*policy.Policy){
		"builtin":      nil,
		"group":        groupAverage,
		"proportional": proportional,
		"min3":         func(p *policy.Policy) { p.Assessment.AnnualMinCallbackTickets = 3; p.Returns.SuperviseOver = 1 },
	}
	for _, seed := range []uint64{1, 2, 3} {
		events := generatedYear(seed, 400)
		for name, f := range pols {
			for _, now := range []string{defaultNow, "2026-08-15 12:00"} {
				t.Run(fmt.Sprintf("seed%d/%s/%s", seed, name, now), func(t *testing.T) {
					opts := []opt{withUnits(yearUnits()...), withPolicy(f), withNow(now)}
					e := engine(t, events, opts...)
					s := applyOpts(opts)
					want := resultJSON(t, e.Year(2026))
					res, fallbacks := yearFromSummaries(t, events, 2026, yearUnits(), s.policy(), now)
					if now == defaultNow && fallbacks > 6 {
						t.Errorf("%d of 12 months made again: the summaries as of their months' ends are hardly tried", fallbacks)
					}
					got := resultJSON(t, res)
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("year from months (-events +months):\n%s", diff)
					}
				})
			}
		}
	}
}

// TestYearFromMonthsCases checks that the generated year reaches the cases
// it is for, so that the equality above can fail: a unit whose monthly
// callback tickets add up to 6 but whose year has 3 (not assessed, §7), a
// unit of 5 tickets over the year (assessed), tickets returned more than 3
// times (§9), unknown units and corrections that change nothing among the
// warnings.
func TestYearFromMonthsCases(t *testing.T) {
	events := generatedYear(1, 400)
	res, _ := yearFromSummaries(t, events, 2026, yearUnits(), policy.Builtin(), defaultNow)
	twice := unitOf(t, res, "twice")
	if twice.Assessed || twice.Counts.CallbackTickets != 3 || *twice.MonthsAssessed != 6 {
		t.Errorf("twice: assessed %v, callback tickets %d, months %d; want false, 3, 6", twice.Assessed, twice.Counts.CallbackTickets, *twice.MonthsAssessed)
	}
	five := unitOf(t, res, "five")
	if !five.Assessed || five.Counts.CallbackTickets != 5 || five.Counts.Criticisms != 1 {
		t.Errorf("five: assessed %v, callback tickets %d, criticisms %d; want true, 5, 1", five.Assessed, five.Counts.CallbackTickets, five.Counts.Criticisms)
	}
	var ov *score.ReturnedTicket
	for i, r := range res.ReturnedOverLimit {
		if r.TicketID == "OV1" {
			ov = &res.ReturnedOverLimit[i]
		}
		if r.TicketID == "OW1" {
			t.Errorf("OW1 is over the limit only in 2027: %+v", r)
		}
	}
	if ov == nil || ov.Returns != 4 || !cmp.Equal(ov.Units, []string{"over", "x"}) {
		t.Errorf("OV1 returned %+v; want 4 returns (one retracted) by over and x", ov)
	}
	var ghost, unmatched bool
	for _, w := range res.Warnings {
		ghost = ghost || strings.Contains(w, `unit "ghost"`)
		unmatched = unmatched || strings.Contains(w, `"ov-w2"`)
	}
	if !ghost || !unmatched {
		t.Errorf("warnings lack the unknown unit (%v) or the unmatched waiver (%v): %q", ghost, unmatched, res.Warnings)
	}
}

// TestYearFromMonthsRefuses: a summary stands for its month only under the
// year's policy, calendar, registry and as-of (SPEC §9: every result keeps
// its policy and input); any other is refused, naming the month.
func TestYearFromMonthsRefuses(t *testing.T) {
	events := annualEvents()
	e := engine(t, events, withUnits(annualUnits()...))
	summaries := func() []*score.MonthSummary {
		out := make([]*score.MonthSummary, 12)
		for i := range out {
			out[i] = e.Month(month(2026, time.Month(i+1))).Summary
		}
		return out
	}
	year := func(pol *policy.Policy, units []unit.Unit, now string) *score.Engine {
		return score.New(score.NewLedger(registry(t, units)), pol, calendar.New(shanghai), ts(now))
	}
	other := policy.Builtin()
	other.Criticism.PerItem = policy.N("1")
	cases := []struct {
		name   string
		engine *score.Engine
		change func([]*score.MonthSummary)
		want   string
	}{
		{"missing", year(policy.Builtin(), annualUnits(), defaultNow), func(s []*score.MonthSummary) { s[3] = nil }, "month 2026-04: no summary"},
		{"format", year(policy.Builtin(), annualUnits(), defaultNow), func(s []*score.MonthSummary) { s[0].Format = 0 }, "month 2026-01: summary format 0"},
		{"month", year(policy.Builtin(), annualUnits(), defaultNow), func(s []*score.MonthSummary) { s[1], s[2] = s[2], s[1] }, "month 2026-02: the summary of 2026-03"},
		{"policy", year(other, annualUnits(), defaultNow), nil, "month 2026-01: computed under policy"},
		{"as of", year(policy.Builtin(), annualUnits(), "2026-06-15 00:00"), nil, "month 2026-06: judged as of"},
		{"units", year(policy.Builtin(), annualUnits()[1:], defaultNow), nil, "month 2026-01: 8 units, the registry has 7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := summaries()
			if c.change != nil {
				c.change(s)
			}
			_, err := c.engine.YearFromMonths(2026, s)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want one containing %q", err, c.want)
			}
		})
	}
	// The same summaries, unchanged, make the year of TestAnnual.
	res, err := year(policy.Builtin(), annualUnits(), defaultNow).YearFromMonths(2026, summaries())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := resultJSON(t, res), resultJSON(t, e.Year(2026)); got != want {
		t.Errorf("year from months:\n%s\nwant\n%s", got, want)
	}
}

package score_test

// SPEC §3 and §5 v1.1, the corrections: the events scored are the stored set
// minus every event a `retracted` names (a retraction of a retraction is
// ignored); a `deduction_waived` cancels exactly the deduction (rule,
// event_id) of its unit, in whatever month it falls, which stays listed as
// waived. Corrections that change nothing are warnings.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/score"
)

func TestClause5_Retracted(t *testing.T) {
	here := present("a", "2026-10-10 09:00")
	a1 := assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00")
	cr := criticized("cr1", "a", "2026-10-12 09:00")
	runClauses(t, []clause{
		{
			name:   "§5 v1.1 a retracted notice of criticism is not scored",
			events: evs(here, cr, retracted("rx1", "cr1", "2026-10-13 09:00")),
			scores: map[score.Item]string{score.Criticism: "0"},
			noWarn: true,
			check:  func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "100") },
		},
		{
			name:   "§5 v1.1 the retraction may come before the event it names, in time and in the input",
			events: evs(retracted("rx1", "cr1", "2026-10-01 09:00"), here, cr),
			scores: map[score.Item]string{score.Criticism: "0"},
			noWarn: true,
		},
		{
			name:   "§5 v1.1 a retraction in November withdraws an October event: October is scored without it",
			events: evs(here, cr, retracted("rx1", "cr1", "2026-11-02 09:00")),
			scores: map[score.Item]string{score.Criticism: "0"},
		},
		{
			name:   "§5 v1.1 a retracted assignment is neither overdue nor counted as assigned",
			events: evs(here, a1, retracted("rx1", "as1", "2026-10-22 09:00")),
			scores: map[score.Item]string{score.Overdue: "20"},
			counts: map[string]int{"assigned": 0},
		},
		{
			name:   "§5 v1.1 a retracted reply leaves the assignment overdue",
			events: evs(here, a1, replied("rp1", "T1", "a", "2026-10-15 09:00"), retracted("rx1", "rp1", "2026-10-22 09:00")),
			scores: map[score.Item]string{score.Overdue: "19.5"},
			deds:   []ded{d("T1", score.RuleOverdue, "0.5")},
		},
		{
			name: "§5 §6 v1.1 a retracted return_rejected: the return answers the assignment again",
			events: evs(here, a1, returned("rt1", "T1", "a", "2026-10-12 09:00"), returnRejected("rj1", "T1", "a", "2026-10-21 09:00"),
				retracted("rx1", "rj1", "2026-10-22 09:00")),
			scores: map[score.Item]string{score.Overdue: "20", score.LateReturns: "9.8"},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name:     "§5 v1.1 a retracted callback: the ticket has no callback, the unit is not assessed",
			events:   evs(callback("cb1", "T1", "a", "2026-10-20 10:00", "satisfied", "satisfied"), retracted("rx1", "cb1", "2026-10-21 09:00")),
			counts:   map[string]int{"callback_tickets": 0, "connected": 0},
			assessed: ptr(false),
		},
		{
			name: "§5 v1.1 a retracted unreasonable_approved: the ticket enters the rate again",
			events: evs(callback("cb1", "T1", "a", "2026-10-20 10:00", "satisfied", "satisfied"), unreasonable("un1", "T1", "2026-10-21 09:00"),
				retracted("rx1", "un1", "2026-10-22 09:00")),
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "excluded_unreasonable": 0},
		},
		{
			name:   "§5 v1.1 a retracted overdue_reassigned: the overdue stays with a",
			events: evs(here, a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "b"), retracted("rx1", "re1", "2026-10-23 09:00")),
			deds:   []ded{d("T1", score.RuleOverdue, "0.5")},
		},
		{
			name:   "§5 v1.1 a retracted org_assessed: none in force, 10 with org_default",
			events: evs(here, orgAssessed("o1", "a", "2026-10-01 09:00", "1", "1"), retracted("rx1", "o1", "2026-10-02 09:00")),
			scores: map[score.Item]string{score.Organization: "10"},
			flags:  []string{score.FlagOrgDefault},
		},
		{
			name: "§5 v1.1 a retracted org_assessed: the earlier one is in force again",
			events: evs(here, orgAssessed("o1", "a", "2026-09-01 09:00", "4", "4"), orgAssessed("o2", "a", "2026-10-01 09:00", "1", "1"),
				retracted("rx1", "o2", "2026-10-02 09:00")),
			scores: map[score.Item]string{score.Organization: "8"},
			deds:   []ded{d("", score.RuleOrganization, "2")},
		},
		{
			name:   "§5 v1.1 retracting an event twice withdraws it once, without a warning",
			events: evs(here, cr, criticized("cr2", "a", "2026-10-12 10:00"), retracted("rx1", "cr1", "2026-10-13 09:00"), retracted("rx2", "cr1", "2026-10-14 09:00")),
			scores: map[score.Item]string{score.Criticism: "0.5"},
			deds:   []ded{de("", score.RuleCriticized, "0.5", "cr2")},
			noWarn: true,
		},
		{
			name:   "§5 v1.1 a retraction of a retraction is ignored, with a warning naming both: the notice stays withdrawn",
			events: evs(here, cr, retracted("rx1", "cr1", "2026-10-13 09:00"), retracted("rx2", "rx1", "2026-10-14 09:00")),
			scores: map[score.Item]string{score.Criticism: "0"},
			warn:   []string{`retraction "rx2" names retraction "rx1"`, "post the event again with a new id"},
		},
		{
			name:   "§5 v1.1 two retractions naming each other are both ignored",
			events: evs(here, retracted("rx1", "rx2", "2026-10-13 09:00"), retracted("rx2", "rx1", "2026-10-14 09:00")),
			warn:   []string{`retraction "rx1" names retraction "rx2"`, `retraction "rx2" names retraction "rx1"`},
		},
		{
			name:   "§5 v1.1 a retraction of itself is a retraction of a retraction: ignored",
			events: evs(here, retracted("rx1", "rx1", "2026-10-13 09:00")),
			warn:   []string{`retraction "rx1" names retraction "rx1"`},
		},
		{
			name:   "§5 v1.1 a retraction naming an unknown id changes nothing and is a warning naming both ids",
			events: evs(here, cr, retracted("rx1", "cr-1", "2026-10-13 09:00")),
			scores: map[score.Item]string{score.Criticism: "0.5"},
			deds:   []ded{d("", score.RuleCriticized, "0.5")},
			warn:   []string{`retraction "rx1" names event "cr-1", which is not among the events`, "probably a typo"},
		},
		{
			name:  "§5 v1.1 …the warning belongs to the month of the retraction, not another",
			month: nov2026,
			events: evs(present("a", "2026-11-10 09:00"), retracted("rx1", "cr-1", "2026-10-13 09:00"),
				retracted("rx2", "cr-2", "2026-11-13 09:00")),
			check: func(t *testing.T, res *score.Result, _ *score.UnitResult) {
				if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `"cr-2"`) {
					t.Errorf("November's warnings %q, want only the one of rx2", res.Warnings)
				}
			},
		},
		{
			name:   "§5 v1.1 a retracted event of a unit not in the registry is no longer warned about",
			events: evs(here, criticized("cr9", "ghost", "2026-10-12 09:00"), criticized("cr8", "ghost", "2026-10-12 10:00"), retracted("rx1", "cr9", "2026-10-13 09:00")),
			warn:   []string{`unit "ghost" is not in the unit registry: 1 events left out`},
		},
		{
			name:   "§5 v1.1 retracting every event of an unknown unit leaves no warning",
			events: evs(here, criticized("cr9", "ghost", "2026-10-12 09:00"), retracted("rx1", "cr9", "2026-10-13 09:00")),
			noWarn: true,
		},
		{
			name:   "§5 v1.1 a retracted return: not late, not noncompliant, not over the returns limit, and the assignment is overdue",
			events: evs(here, a1, noncompliant("rt1", "T1", "a", "2026-10-14 09:00", false), retracted("rx1", "rt1", "2026-10-15 09:00")),
			scores: map[score.Item]string{score.LateReturns: "10", score.NoncompliantReturns: "10", score.Overdue: "19.5"},
			deds:   []ded{d("T1", score.RuleOverdue, "0.5")},
		},
	})
}

func TestClause5_DeductionWaived(t *testing.T) {
	here := present("a", "2026-10-10 09:00")
	a1 := assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00")
	cr := criticized("cr1", "a", "2026-10-12 09:00")
	const why = "经核实情况属实，予以核销"
	runClauses(t, []clause{
		{
			name:       "§5 v1.1 a waived notice of criticism is listed as waived and subtracts nothing",
			events:     evs(here, cr, waived("w1", "a", score.RuleCriticized, "cr1", "2026-11-03 15:00", why)),
			scores:     map[score.Item]string{score.Criticism: "0"},
			counts:     map[string]int{"criticisms": 0},
			deds:       []ded{waivedAs(de("", score.RuleCriticized, "0.5", "cr1"), why)},
			withEvents: true,
			noWarn:     true,
			check:      func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "100") },
		},
		{
			name:       "§5 v1.1 a waived overdue: 20, listed as waived with the assigned event",
			events:     evs(here, a1, waived("w1", "a", score.RuleOverdue, "as1", "2026-10-25 15:00", why)),
			scores:     map[score.Item]string{score.Overdue: "20"},
			deds:       []ded{waivedAs(de("T1", score.RuleOverdue, "0.5", "as1"), why)},
			withEvents: true,
			noWarn:     true,
		},
		{
			name: "§5 v1.1 a waiver cancels exactly its rule: the noncompliant deduction of a late noncompliant return stays",
			events: evs(here, assigned("as1", "T1", "a", "2026-10-14 10:00", "2026-10-30 18:00"), noncompliant("rt1", "T1", "a", "2026-10-16 10:00", false),
				waived("w1", "a", score.RuleLateReturn, "rt1", "2026-10-25 15:00", why)),
			scores:     map[score.Item]string{score.LateReturns: "10", score.NoncompliantReturns: "9.5"},
			deds:       []ded{waivedAs(de("T1", score.RuleLateReturn, "0.2", "rt1"), why), de("T1", score.RuleNoncompliantReturn, "0.5", "rt1")},
			withEvents: true,
			noWarn:     true,
		},
		{
			name:   "§5 v1.1 a waiver of a moved overdue names the unit that carries it (b): b's overdue is waived",
			unit:   "b",
			events: evs(here, a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "b"), waived("w1", "b", score.RuleOverdue, "as1", "2026-10-25 15:00", why)),
			scores: map[score.Item]string{score.Overdue: "20"},
			deds:   []ded{waivedAs(ded{Ticket: "T1", Rule: score.RuleOverdue, Points: "0.5", From: "a"}, why)},
			noWarn: true,
		},
		{
			name:   "§5 v1.1 …naming the unit it was moved from (a) matches nothing: b still pays, and a warning",
			unit:   "b",
			events: evs(here, a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "b"), waived("w1", "a", score.RuleOverdue, "as1", "2026-10-25 15:00", why)),
			scores: map[score.Item]string{score.Overdue: "19.5"},
			deds:   []ded{{Ticket: "T1", Rule: score.RuleOverdue, Points: "0.5", From: "a"}},
			warn:   []string{`deduction_waived "w1" of unit "a" names no overdue deduction of event "as1"`},
		},
		{
			name:   "§5 v1.1 a waiver in November of an October deduction changes October, without a warning in either month",
			events: evs(here, cr, waived("w1", "a", score.RuleCriticized, "cr1", "2026-11-03 15:00", why)),
			scores: map[score.Item]string{score.Criticism: "0"},
			deds:   []ded{waivedAs(d("", score.RuleCriticized, "0.5"), why)},
			noWarn: true,
			check: func(t *testing.T, _ *score.Result, _ *score.UnitResult) {
				if w := monthOf(t, evs(here, cr, waived("w1", "a", score.RuleCriticized, "cr1", "2026-11-03 15:00", why)), nov2026).Warnings; len(w) > 0 {
					t.Errorf("November warnings %q", w)
				}
			},
		},
		{
			name:   "§5 v1.1 a waiver naming an unknown event changes nothing and is a warning naming its id, unit, rule and event_id",
			events: evs(here, cr, waived("w1", "a", score.RuleCriticized, "cr-1", "2026-10-20 15:00", why)),
			scores: map[score.Item]string{score.Criticism: "0.5"},
			deds:   []ded{d("", score.RuleCriticized, "0.5")},
			warn:   []string{`deduction_waived "w1" of unit "a" names no criticized deduction of event "cr-1": nothing waived`},
		},
		{
			name:   "§5 v1.1 a waiver with the wrong rule matches nothing",
			events: evs(here, cr, waived("w1", "a", score.RuleMeetingAbsent, "cr1", "2026-10-20 15:00", why)),
			deds:   []ded{d("", score.RuleCriticized, "0.5")},
			warn:   []string{`deduction_waived "w1" of unit "a" names no meeting_absent deduction of event "cr1"`},
		},
		{
			name:   "§5 v1.1 a waiver of another unit's deduction matches nothing",
			events: evs(here, cr, waived("w1", "b", score.RuleCriticized, "cr1", "2026-10-20 15:00", why)),
			deds:   []ded{d("", score.RuleCriticized, "0.5")},
			warn:   []string{`deduction_waived "w1" of unit "b" names no criticized deduction`},
		},
		{
			name:   "§5 v1.1 a waiver of an overdue whose deadline has not passed yet matches nothing (yet)",
			events: evs(here, a1, waived("w1", "a", score.RuleOverdue, "as1", "2026-10-15 15:00", why)),
			now:    "2026-10-20 17:00",
			scores: map[score.Item]string{score.Overdue: "20"},
			warn:   []string{`deduction_waived "w1" of unit "a" names no overdue deduction of event "as1"`},
		},
		{
			name: "§5 v1.1 two waivers of one deduction: it is waived once, with the earlier waiver's reason, and neither is warned about",
			events: evs(here, cr, waived("w2", "a", score.RuleCriticized, "cr1", "2026-10-24 15:00", "第二次"),
				waived("w1", "a", score.RuleCriticized, "cr1", "2026-10-23 15:00", "第一次")),
			scores: map[score.Item]string{score.Criticism: "0"},
			deds:   []ded{waivedAs(d("", score.RuleCriticized, "0.5"), "第一次")},
			noWarn: true,
		},
		{
			name:   "§5 v1.1 a retracted waiver cancels the waiver: the deduction counts again",
			events: evs(here, cr, waived("w1", "a", score.RuleCriticized, "cr1", "2026-10-20 15:00", why), retracted("rx1", "w1", "2026-10-21 09:00")),
			scores: map[score.Item]string{score.Criticism: "0.5"},
			deds:   []ded{d("", score.RuleCriticized, "0.5")},
			noWarn: true,
		},
		{
			name:   "§5 v1.1 a waiver of a retracted event matches nothing: warned",
			events: evs(here, cr, retracted("rx1", "cr1", "2026-10-13 09:00"), waived("w1", "a", score.RuleCriticized, "cr1", "2026-10-20 15:00", why)),
			scores: map[score.Item]string{score.Criticism: "0"},
			warn:   []string{`deduction_waived "w1" of unit "a" names no criticized deduction of event "cr1"`},
		},
		{
			name: "§5 v1.1 waiving one of 41 overdue: 40 count, the item is exactly 0; all 41 listed",
			events: evs(here, repeat(41, func(i int) event.Event {
				tk := fmt.Sprintf("O%02d", i)
				return assigned("as-"+tk, tk, "a", "2026-10-09 10:00", "2026-10-20 18:00")
			}), waived("w1", "a", score.RuleOverdue, "as-O07", "2026-10-25 15:00", why)),
			scores: map[score.Item]string{score.Overdue: "0"},
			counts: map[string]int{"overdue": 40},
			deds: append(slices.Delete(dedsN(41, "O%02d", score.RuleOverdue, "0.5"), 7, 8),
				waivedAs(d("O07", score.RuleOverdue, "0.5"), why)),
		},
		{
			name: "§5 v1.1 waived supervision_rejected and meeting_absent: supervision 10",
			events: evs(here, supRejected("sr1", "T2", "a", "2026-10-14 09:00"), meetingAbsent("ma1", "a", "2026-10-15 15:00"),
				waived("w1", "a", score.RuleSupervisionRejected, "sr1", "2026-10-25 15:00", why),
				waived("w2", "a", score.RuleMeetingAbsent, "ma1", "2026-10-25 15:00", why)),
			scores: map[score.Item]string{score.Supervision: "10"},
			counts: map[string]int{"supervision_rejected": 0, "meetings_absent": 0},
			deds:   []ded{waivedAs(d("T2", score.RuleSupervisionRejected, "0.5"), why), waivedAs(d("", score.RuleMeetingAbsent, "0.5"), why)},
			noWarn: true,
		},
		{
			name:   "§5 v1.1 a waiver of a unit not in the registry is left out with the unit warning",
			events: evs(here, cr, waived("w1", "ghost", score.RuleCriticized, "cr1", "2026-10-20 15:00", why)),
			deds:   []ded{d("", score.RuleCriticized, "0.5")},
			warn:   []string{`unit "ghost" is not in the unit registry: 1 events left out`},
		},
	})
}

// TestCorrectionsAnnual: the year's warnings list the corrections of the
// year that change nothing; its totals are the means of the corrected
// months.
func TestCorrectionsAnnual(t *testing.T) {
	events := evs(
		rate("a", "A", "2026-10-20 10:00", 5, 5),
		criticized("cr1", "a", "2026-10-12 09:00"),
		criticized("cr2", "a", "2026-10-13 09:00"),
		waived("w1", "a", score.RuleCriticized, "cr1", "2026-11-03 15:00", "核销"),
		retracted("rx1", "cr2", "2026-11-04 09:00"),
		retracted("rx2", "nothing", "2026-12-04 09:00"),
	)
	res := yearOf(t, events, 2026)
	eqTotal(t, unitOf(t, res, "a"), "100")
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `"nothing"`) {
		t.Errorf("warnings %q, want the one of rx2", res.Warnings)
	}
}

// TestV11FieldsAreContent: recorded_by and appeal_id are part of an event's
// content (SPEC §3, §11 v1.1): the same id with another value is a
// conflict, the same value again a no-op.
func TestV11FieldsAreContent(t *testing.T) {
	w := waived("w1", "a", score.RuleCriticized, "cr1", "2026-11-03 15:00", "核销")
	w.AppealID = "ap-1"
	r := replied("rp1", "T1", "a", "2026-10-15 09:00")
	r.RecordedBy = "centre.li"
	for _, tc := range []struct {
		name  string
		e     event.Event
		other func(e event.Event) event.Event
	}{
		{"appeal_id changed", w, func(e event.Event) event.Event { e.AppealID = "ap-2"; return e }},
		{"appeal_id dropped", w, func(e event.Event) event.Event { e.AppealID = ""; return e }},
		{"recorded_by changed", r, func(e event.Event) event.Event { e.RecordedBy = "centre.wang"; return e }},
		{"recorded_by added", replied("rp1", "T1", "a", "2026-10-15 09:00"), func(e event.Event) event.Event { e.RecordedBy = "centre.li"; return e }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := score.NewLedger(registry(t, defaultUnits()))
			first := tc.e
			if _, err := l.Add(&first, score.Origin{File: "a.jsonl", Line: 1}); err != nil {
				t.Fatal(err)
			}
			same := tc.e
			if added, err := l.Add(&same, score.Origin{File: "a.jsonl", Line: 2}); added || err != nil {
				t.Fatalf("identical repeat: added %v, error %v", added, err)
			}
			other := tc.other(tc.e)
			var ce *score.ConflictError
			if _, err := l.Add(&other, score.Origin{File: "b.jsonl", Line: 3}); !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *score.ConflictError", err)
			}
		})
	}
}

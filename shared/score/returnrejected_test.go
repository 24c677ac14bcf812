package score_test

// SPEC §3 and §6 v1.1: a return is only an application (申请回退); when the
// centre refuses it (return_rejected) the ticket stays with the unit under
// its original deadline, and the return no longer answers the assignment
// for 四(二)3 超期件. A late application still costs under 四(二)1.

import (
	"testing"

	"github.com/shizhong/hotline/shared/score"
)

func TestClause6_ReturnRejected(t *testing.T) {
	od, lr := score.Overdue, score.LateReturns
	// Wednesday 14 October 10:00, due Friday 16 October 17:00.
	a1 := assigned("as1", "T1", "a", "2026-10-14 10:00", "2026-10-16 17:00")
	overdue := de("T1", score.RuleOverdue, "0.5", "as1")
	runClauses(t, []clause{
		{
			name: "四(二)3 §6 v1.1 the issue's example: applies to return on Thursday (late, 30 working hours), refused on Friday after the Friday deadline, replies on Tuesday: overdue −0.5 and late −0.2",
			events: evs(a1, present("a", "2026-10-21 09:00"),
				returned("rt1", "T1", "a", "2026-10-15 16:00"),
				returnRejected("rj1", "T1", "a", "2026-10-16 18:00"),
				replied("rp1", "T1", "a", "2026-10-20 10:00")),
			scores:     map[score.Item]string{od: "19.5", lr: "9.8"},
			deds:       []ded{overdue, de("T1", score.RuleLateReturn, "0.2", "rt1")},
			withEvents: true,
			noWarn:     true,
			check:      func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "99.3") },
		},
		{
			name: "四(二)3 §6 v1.1 …the same with a return on time (Thursday 09:00, 23 working hours): overdue −0.5 only",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returnRejected("rj1", "T1", "a", "2026-10-16 18:00"),
				replied("rp1", "T1", "a", "2026-10-20 10:00")),
			scores:     map[score.Item]string{od: "19.5", lr: "10"},
			deds:       []ded{overdue},
			withEvents: true,
		},
		{
			name:   "四(二)3 …without the refusal the return answers the assignment: not overdue (v1.0 and v1.1 alike)",
			events: evs(a1, returned("rt1", "T1", "a", "2026-10-15 09:00"), replied("rp1", "T1", "a", "2026-10-20 10:00")),
			scores: map[score.Item]string{od: "20", lr: "10"},
		},
		{
			name: "四(二)3 §6 v1.1 refused before the deadline, replied before it: on time",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returnRejected("rj1", "T1", "a", "2026-10-15 14:00"),
				replied("rp1", "T1", "a", "2026-10-16 17:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name: "四(二)3 §6 v1.1 refused, then applied again before the deadline and not refused: the second return answers it",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returnRejected("rj1", "T1", "a", "2026-10-15 14:00"),
				returned("rt2", "T1", "a", "2026-10-16 09:00")),
			scores: map[score.Item]string{od: "20", lr: "9.8"},
			deds:   []ded{de("T1", score.RuleLateReturn, "0.2", "rt2")},
		},
		{
			name: "四(二)3 §6 v1.1 refused twice (both applications, the second late), no reply: overdue",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returnRejected("rj1", "T1", "a", "2026-10-15 14:00"),
				returned("rt2", "T1", "a", "2026-10-15 15:00"),
				returnRejected("rj2", "T1", "a", "2026-10-19 09:00")),
			scores:     map[score.Item]string{od: "19.5", lr: "9.8"},
			deds:       []ded{overdue, de("T1", score.RuleLateReturn, "0.2", "rt2")},
			withEvents: true,
		},
		{
			name: "四(二)3 §6 v1.1 one refusal after two applications refuses both (any refusal after a return)",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returned("rt2", "T1", "a", "2026-10-15 09:30"),
				returnRejected("rj1", "T1", "a", "2026-10-19 09:00")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   []ded{overdue},
		},
		{
			name: "四(二)3 §6 v1.1 at the same instant a refusal follows the return: refused (a refusal answers an application already made)",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returnRejected("rj1", "T1", "a", "2026-10-15 09:00")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   []ded{overdue},
		},
		{
			name: "四(二)3 §6 v1.1 a refusal before the application refuses nothing: the later return answers the assignment",
			events: evs(a1,
				returnRejected("rj1", "T1", "a", "2026-10-15 08:59:59"),
				returned("rt1", "T1", "a", "2026-10-15 09:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name: "四(二)3 §6 v1.1 another unit's refusal does not refuse this unit's return",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returnRejected("rj1", "T1", "b", "2026-10-19 09:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name: "四(二)3 §6 v1.1 a refusal of another ticket does not refuse this one",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				returnRejected("rj1", "T2", "a", "2026-10-19 09:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name: "四(二)3 §5 §6 v1.1 a refusal belongs to the latest assignment received before it: it refuses nothing of the first (returned on time), the second stays unanswered",
			events: evs(
				assigned("as1", "T1", "a", "2026-10-12 10:00", "2026-10-16 18:00"),
				returned("rt1", "T1", "a", "2026-10-12 15:00"),
				assigned("as2", "T1", "a", "2026-10-13 10:00", "2026-10-19 18:00"),
				returnRejected("rj1", "T1", "a", "2026-10-14 10:00")),
			scores:     map[score.Item]string{od: "19.5"},
			deds:       []ded{de("T1", score.RuleOverdue, "0.5", "as2")},
			withEvents: true,
		},
		{
			name: "四(二)2 §6 v1.1 a refused noncompliant return without contact still costs 0.5, and the assignment is overdue",
			events: evs(a1,
				noncompliant("rt1", "T1", "a", "2026-10-15 09:00", false),
				returnRejected("rj1", "T1", "a", "2026-10-16 18:00")),
			scores: map[score.Item]string{od: "19.5", score.NoncompliantReturns: "9.5"},
			deds:   []ded{overdue, d("T1", score.RuleNoncompliantReturn, "0.5")},
		},
		{
			name:   "§6 v1.1 a refusal with no assignment and no return changes nothing",
			events: evs(present("a", "2026-10-10 09:00"), returnRejected("rj1", "T9", "a", "2026-10-19 09:00")),
			scores: map[score.Item]string{od: "20"},
			noWarn: true,
		},
		{
			name: "四(二)3 §6 v1.1 a refusal after the reply does not undo the reply: on time",
			events: evs(a1,
				returned("rt1", "T1", "a", "2026-10-15 09:00"),
				replied("rp1", "T1", "a", "2026-10-16 10:00"),
				returnRejected("rj1", "T1", "a", "2026-10-16 18:00")),
			scores: map[score.Item]string{od: "20"},
		},
	})
}

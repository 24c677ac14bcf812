package score_test

// SPEC §8 v1.1: every deduction of an event names it (event_id), for
// overdue the assigned event; organisation and satisfaction deductions name
// none and leave event_id out of the JSON; every deduction says whether it
// was waived.

import (
	"encoding/json"
	"testing"

	"github.com/shizhong/hotline/shared/score"
)

func TestClause8_DeductionEvents(t *testing.T) {
	a1 := assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00")
	onsite := meetingAbsent("ma1", "a", "2026-10-14 15:00")
	onsite.TicketID, onsite.Meeting = "T3", "onsite"
	runClauses(t, []clause{
		{
			name:       "§8 v1.1 an overdue names the assigned event",
			events:     evs(a1),
			deds:       []ded{de("T1", score.RuleOverdue, "0.5", "as1")},
			withEvents: true,
		},
		{
			name:       "§8 v1.1 an overdue of a second assignment names the second",
			events:     evs(a1, replied("rp1", "T1", "a", "2026-10-10 09:00"), assigned("as2", "T1", "a", "2026-10-12 10:00", "2026-10-21 18:00")),
			deds:       []ded{de("T1", score.RuleOverdue, "0.5", "as2")},
			withEvents: true,
		},
		{
			name:       "§8 v1.1 an overdue moved by overdue_reassigned keeps the assigned event's id on the unit that carries it",
			unit:       "b",
			events:     evs(a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "b")),
			deds:       []ded{{Ticket: "T1", Rule: score.RuleOverdue, Points: "0.5", From: "a", Event: "as1"}},
			withEvents: true,
		},
		{
			name: "§8 v1.1 a late noncompliant return names the return under both rules",
			events: evs(assigned("as1", "T1", "a", "2026-10-14 10:00", "2026-10-30 18:00"),
				noncompliant("rt1", "T1", "a", "2026-10-16 10:00", false)),
			deds:       []ded{de("T1", score.RuleLateReturn, "0.2", "rt1"), de("T1", score.RuleNoncompliantReturn, "0.5", "rt1")},
			withEvents: true,
		},
		{
			name: "§8 v1.1 supervision_rejected, meeting_absent and criticized name their events, with or without a ticket",
			events: evs(supRejected("sr1", "T2", "a", "2026-10-14 09:00"), onsite, meetingAbsent("ma2", "a", "2026-10-15 15:00"),
				criticized("cr1", "a", "2026-10-16 09:00"), withTicket(criticized("cr2", "a", "2026-10-17 09:00"), "T4")),
			deds: []ded{
				de("T2", score.RuleSupervisionRejected, "0.5", "sr1"),
				de("T3", score.RuleMeetingAbsent, "0.5", "ma1"),
				de("", score.RuleMeetingAbsent, "0.5", "ma2"),
				de("", score.RuleCriticized, "0.5", "cr1"),
				de("T4", score.RuleCriticized, "0.5", "cr2"),
			},
			withEvents: true,
		},
		{
			name:       "§8 v1.1 satisfaction and organisation deductions name no event",
			events:     evs(rate("a", "A", "2026-10-20 10:00", 10, 5), rate("b", "B", "2026-10-20 10:00", 10, 10), orgAssessed("o1", "a", "2026-10-01 09:00", "4", "5")),
			deds:       []ded{de("", score.RuleOrganization, "1", ""), de("", score.RuleResultSatisfaction, "12.5", ""), de("", score.RuleProcessSatisfaction, "12.5", "")},
			withEvents: true,
		},
	})
}

// TestDeductionJSON pins the keys of a deduction (SPEC §8 v1.1): event_id
// where there is an event, waived always, waiver_reason, waiver_id and
// appeal_id only when waived; no event_id on a satisfaction deduction.
func TestDeductionJSON(t *testing.T) {
	events := evs(
		present("a", "2026-10-10 09:00"),
		criticized("cr1", "a", "2026-10-12 09:00"),
		criticized("cr2", "a", "2026-10-13 09:00"),
		rate("b", "B", "2026-10-20 10:00", 10, 10), rate("a", "A", "2026-10-20 10:00", 9, 0),
	)
	w := waived("w1", "a", score.RuleCriticized, "cr2", "2026-11-03 15:00", "经核实通报批评不成立")
	w.AppealID = "ap-1"
	events = append(events, w)
	u := unitOf(t, monthOf(t, events, oct2026), "a")
	var got []map[string]any
	for _, d := range u.Deductions {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "at")
		delete(m, "note")
		got = append(got, m)
	}
	want := []map[string]any{
		{"event_id": "cr1", "rule": "criticized", "points": 0.5, "waived": false},
		{"event_id": "cr2", "rule": "criticized", "points": 0.5, "waived": true,
			"waiver_reason": "经核实通报批评不成立", "waiver_id": "w1", "appeal_id": "ap-1"},
		{"rule": "result_satisfaction", "points": 20.0, "waived": false},
		{"rule": "process_satisfaction", "points": 20.0, "waived": false},
	}
	if len(got) != len(want) {
		t.Fatalf("deductions %v, want %d", got, len(want))
	}
	for i := range want {
		if diffKeys(want[i], got[i]) {
			t.Errorf("deduction %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func diffKeys(a, b map[string]any) bool {
	if len(a) != len(b) {
		return true
	}
	for k, v := range a {
		if b[k] != v {
			return true
		}
	}
	return false
}

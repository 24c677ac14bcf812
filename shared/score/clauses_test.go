package score_test

// One table per clause of the method (市中政办字〔2022〕7号) as SPEC §6 and
// §7 make it software. Each case names the clause it pins. Unless a case
// says otherwise the month is October 2026, the unit is the town "a" and
// "now" is long after every deadline.

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// 四(一) 组织机构建设（10分）.
func TestClause4_1_Organization(t *testing.T) {
	org := score.Organization
	busy := func(n int) []event.Event { return assignN("a", "busy", "2026-10-12 09:00", n) }
	runClauses(t, []clause{
		{
			name:   "四(一) no org_assessed at all: 10 with the flag org_default",
			events: evs(present("a", "2026-10-10 09:00")),
			scores: map[score.Item]string{org: "10"},
			flags:  []string{score.FlagOrgDefault},
		},
		{
			name: "四(一) the latest org_assessed before the end of the month decides: 4.5 + 5",
			events: evs(
				orgAssessed("o1", "a", "2026-09-10 09:00", "3", "4"),
				orgAssessed("o2", "a", "2026-10-15 09:00", "4.5", "5"),
			),
			scores:  map[score.Item]string{org: "9.5"},
			deds:    []ded{d("", score.RuleOrganization, "0.5")},
			noFlags: []string{score.FlagOrgDefault},
		},
		{
			name: "四(一) leadership and staffing with decimals add exactly: 4.25 + 3.5",
			events: evs(
				orgAssessed("o1", "a", "2026-10-15 09:00", "4.25", "3.5"),
			),
			scores: map[score.Item]string{org: "7.75"},
			deds:   []ded{d("", score.RuleOrganization, "2.25")},
		},
		{
			name: "四(一) §6 the item is rounded half-up to 2 decimals: 4.125 + 5 = 9.125 → 9.13 (the total uses the rounded item)",
			events: evs(
				present("a", "2026-10-10 09:00"),
				orgAssessed("o1", "a", "2026-10-15 09:00", "4.125", "5"),
			),
			scores: map[score.Item]string{org: "9.13"},
			deds:   []ded{d("", score.RuleOrganization, "0.87")},
			check:  func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "99.13") },
		},
		{
			name: "四(一) a later assessment (1 November 00:00) is not yet in force in October",
			events: evs(
				orgAssessed("o1", "a", "2026-09-10 09:00", "3", "4"),
				orgAssessed("o2", "a", "2026-11-01 00:00", "5", "5"),
			),
			scores:  map[score.Item]string{org: "7"},
			deds:    []ded{d("", score.RuleOrganization, "3")},
			noFlags: []string{score.FlagOrgDefault},
		},
		{
			name: "四(一) an assessment at 23:59:59 on 31 October is in force in October",
			events: evs(
				orgAssessed("o1", "a", "2026-09-10 09:00", "3", "4"),
				orgAssessed("o2", "a", "2026-10-31 23:59:59", "4", "4.5"),
			),
			scores: map[score.Item]string{org: "8.5"},
			deds:   []ded{d("", score.RuleOrganization, "1.5")},
		},
		{
			name: "四(一) §4 an assessment at 2026-10-31T16:30:00Z is 1 November in Shanghai: not in force in October",
			events: evs(
				orgAssessed("o1", "a", "2026-09-10 09:00", "3", "4"),
				orgAssessed("o2", "a", "2026-10-31T16:30:00Z", "5", "5"),
			),
			scores: map[score.Item]string{org: "7"},
			deds:   []ded{d("", score.RuleOrganization, "3")},
		},
		{
			name: "四(一) only an assessment after the month: none in force, 10 with org_default",
			events: evs(
				orgAssessed("o2", "a", "2026-11-03 09:00", "1", "1"),
			),
			scores: map[score.Item]string{org: "10"},
			flags:  []string{score.FlagOrgDefault},
		},
		{
			name:    "四(一) an assessment of an earlier year stays in force",
			events:  evs(orgAssessed("o1", "a", "2025-06-01 09:00", "2", "3")),
			scores:  map[score.Item]string{org: "5"},
			deds:    []ded{d("", score.RuleOrganization, "5")},
			noFlags: []string{score.FlagOrgDefault},
		},
		{
			name:   "四(一) another unit's assessment is not this unit's",
			events: evs(orgAssessed("o1", "b", "2026-10-01 09:00", "1", "1")),
			scores: map[score.Item]string{org: "10"},
			flags:  []string{score.FlagOrgDefault},
		},
		{
			name:   "四(一) staffing rule: 1001 assignments over January..October (average 100.1 > 100) and staff_count 1: staffing 0",
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1), busy(1001)),
			scores: map[score.Item]string{org: "5"},
			counts: map[string]int{"assigned": 1001},
			deds:   []ded{d("", score.RuleOrganization, "5")},
			flags:  []string{score.FlagStaffingShort},
		},
		{
			name:   "四(一) §6 v1.1 organization.staffing_rule flag: the centre's staffing score stands (10), with the flag staffing_short",
			pol:    staffingFlag,
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1), busy(1001)),
			scores: map[score.Item]string{org: "10"},
			flags:  []string{score.FlagStaffingShort},
		},
		{
			name:   "四(一) §6 v1.1 organization.staffing_rule flag: staffing 3.5 stands with leadership 4 (7.5)",
			pol:    staffingFlag,
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "4", "3.5"), 0), busy(1001)),
			scores: map[score.Item]string{org: "7.5"},
			deds:   []ded{d("", score.RuleOrganization, "2.5")},
			flags:  []string{score.FlagStaffingShort},
		},
		{
			name:    "四(一) §6 v1.1 organization.staffing_rule flag: a unit that is not busy carries no flag",
			pol:     staffingFlag,
			events:  evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1), busy(1000)),
			scores:  map[score.Item]string{org: "10"},
			noFlags: []string{score.FlagStaffingShort},
		},
		{
			name:    "四(一) staffing rule (zero): a unit with enough staff carries no flag",
			events:  evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 2), busy(1001)),
			scores:  map[score.Item]string{org: "10"},
			noFlags: []string{score.FlagStaffingShort},
		},
		{
			name:   "四(一) staffing rule: staff_count 0 is below 2: staffing 0, leadership stays",
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "4", "3"), 0), busy(1001)),
			scores: map[score.Item]string{org: "4"},
			deds:   []ded{d("", score.RuleOrganization, "6")},
		},
		{
			name:   "四(一) staffing rule: an average of exactly 100 (1000 assignments in 10 months) does not exceed 100",
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1), busy(1000)),
			scores: map[score.Item]string{org: "10"},
		},
		{
			name:   "四(一) staffing rule: the average is over January..M, not over the months with assignments (200 in October alone is 20 a month)",
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1), busy(200)),
			scores: map[score.Item]string{org: "10"},
		},
		{
			name: "四(一) staffing rule: 101 a month from January to October (average 101) with staff_count 1: staffing 0",
			events: func() []event.Event {
				out := evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1))
				for m := time.January; m <= time.October; m++ {
					out = append(out, assignN("a", fmt.Sprintf("m%02d", m), fmt.Sprintf("2026-%02d-12 09:00", m), 101)...)
				}
				return out
			}(),
			scores: map[score.Item]string{org: "5"},
			counts: map[string]int{"assigned": 101},
			deds:   []ded{d("", score.RuleOrganization, "5")},
		},
		{
			name:   "四(一) staffing rule: staff_count 2 is enough",
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 2), busy(1001)),
			scores: map[score.Item]string{org: "10"},
		},
		{
			name:   "四(一) staffing rule: without staff_count the rule does not apply",
			events: evs(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), busy(1001)),
			scores: map[score.Item]string{org: "10"},
		},
		{
			name: "四(一) staffing rule: assignments after M do not count",
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1),
				assignN("a", "nov", "2026-11-02 09:00", 1001)),
			scores: map[score.Item]string{org: "10"},
		},
		{
			name: "四(一) staffing rule: another unit's assignments do not count",
			events: evs(withStaff(orgAssessed("o1", "a", "2026-01-05 09:00", "5", "5"), 1),
				assignN("b", "b", "2026-10-12 09:00", 1001)),
			scores: map[score.Item]string{org: "10"},
		},
		{
			name:  "四(一) staffing rule: January counts from January of M's year, not the previous December",
			month: month(2026, time.January),
			events: evs(withStaff(orgAssessed("o1", "a", "2025-12-01 09:00", "5", "5"), 1),
				assignN("a", "dec", "2025-12-10 09:00", 101)),
			scores: map[score.Item]string{org: "10"},
		},
		{
			name:  "四(一) staffing rule: 101 assignments in January alone exceed 100 for January",
			month: month(2026, time.January),
			events: evs(withStaff(orgAssessed("o1", "a", "2025-12-01 09:00", "5", "5"), 1),
				assignN("a", "jan", "2026-01-10 09:00", 101)),
			scores: map[score.Item]string{org: "5"},
			deds:   []ded{d("", score.RuleOrganization, "5")},
		},
		{
			name:   "四(一) staffing rule: applies to the assessment in force, not to a unit without one (default 10)",
			events: busy(1001),
			scores: map[score.Item]string{org: "10"},
			flags:  []string{score.FlagOrgDefault},
		},
	})
}

// lateReturns makes n tickets of unit a assigned on Thursday 15 October
// 10:00 and returned a week later: each late, none overdue.
func lateReturns(n int) []event.Event {
	var out []event.Event
	for i := range n {
		tk := fmt.Sprintf("L%02d", i)
		out = append(out,
			assigned("as-"+tk, tk, "a", "2026-10-15 10:00", "2026-10-25 18:00"),
			returned("rt-"+tk, tk, "a", "2026-10-22 10:00"))
	}
	return out
}

// 四(二)1 回退件（10分）.
func TestClause4_2_1_LateReturns(t *testing.T) {
	late := score.LateReturns
	// Thursday 15 October 10:00 to Friday 16 October: both working days.
	thu := assigned("as1", "T1", "a", "2026-10-15 10:00", "2026-10-25 18:00")
	ret := func(at string) event.Event { return returned("rt1", "T1", "a", at) }
	runClauses(t, []clause{
		{
			name:   "四(二)1 回退件: a return exactly 24 working hours after receipt is on time",
			events: evs(thu, ret("2026-10-16 10:00:00")),
			scores: map[score.Item]string{late: "10"},
			counts: map[string]int{"late_returns": 0},
			noWarn: true,
		},
		{
			name:   "四(二)1 回退件: a return 24 working hours and 1 s after receipt costs 0.2",
			events: evs(thu, ret("2026-10-16 10:00:01")),
			scores: map[score.Item]string{late: "9.8"},
			counts: map[string]int{"late_returns": 1},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name: "四(二)1 回退件: a weekend is not working time (Fri 15:00 → Mon 14:59:59 is 23:59:59)",
			events: evs(assigned("as1", "T1", "a", "2026-10-16 15:00", "2026-10-30 18:00"),
				ret("2026-10-19 14:59:59")),
			scores: map[score.Item]string{late: "10"},
		},
		{
			name: "四(二)1 回退件: Fri 15:00 → Mon 15:00:01 is 24 h 1 s of working time: late",
			events: evs(assigned("as1", "T1", "a", "2026-10-16 15:00", "2026-10-30 18:00"),
				ret("2026-10-19 15:00:01")),
			scores: map[score.Item]string{late: "9.8"},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name: "四(二)1 §4 回退件: a return across the National Day holiday 2026-10-01..07 is on time (30 Sep 10:00 → 8 Oct 10:00 is 24 h)",
			events: evs(assigned("as1", "T1", "a", "2026-09-30 10:00", "2026-10-20 18:00"),
				ret("2026-10-08 10:00")),
			scores: map[score.Item]string{late: "10"},
			counts: map[string]int{"late_returns": 0},
		},
		{
			name: "四(二)1 §4 回退件: 1 s more across the National Day holiday is late, counted in the month of the return",
			events: evs(assigned("as1", "T1", "a", "2026-09-30 10:00", "2026-10-20 18:00"),
				ret("2026-10-08 10:00:01")),
			scores: map[score.Item]string{late: "9.8"},
			counts: map[string]int{"late_returns": 1},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name: "四(二)1 §4 回退件: Saturday 2026-10-10 is a make-up working day (Fri 10:00 → Mon 09:00 is 47 h)",
			events: evs(assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00"),
				ret("2026-10-12 09:00")),
			scores: map[score.Item]string{late: "9.8"},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name: "四(二)1 §4 回退件: a return on the make-up Saturday 10-10 at 10:00:01 is late",
			events: evs(assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00"),
				ret("2026-10-10 10:00:01")),
			scores: map[score.Item]string{late: "9.8"},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name: "四(二)1 §4 回退件: an ordinary Saturday (10-17) is not working time (Fri 10:00 → Mon 09:00 is 23 h)",
			events: evs(assigned("as1", "T1", "a", "2026-10-16 10:00", "2026-10-30 18:00"),
				ret("2026-10-19 09:00")),
			scores: map[score.Item]string{late: "10"},
		},
		{
			name:  "四(二)1 §4 回退件: Mid-Autumn: Sunday 2026-09-20 is a make-up working day (Sat 10:00 → Mon 09:00 is 33 h)",
			month: sep2026,
			events: evs(assigned("as1", "T1", "a", "2026-09-19 10:00", "2026-09-30 18:00"),
				ret("2026-09-21 09:00")),
			scores: map[score.Item]string{late: "9.8"},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name:  "四(二)1 §4 回退件: Mid-Autumn: Friday 2026-09-25 is a holiday (Thu 10:00 → Mon 09:00 is 23 h)",
			month: sep2026,
			events: evs(assigned("as1", "T1", "a", "2026-09-24 10:00", "2026-09-30 18:00"),
				ret("2026-09-28 09:00")),
			scores: map[score.Item]string{late: "10"},
		},
		{
			name: "四(二)1 §4 回退件: working days are Shanghai dates, not UTC dates (Fri 07:00 → Mon 06:59:59 local is 23:59:59)",
			events: evs(assigned("as1", "T1", "a", "2026-10-15T23:00:00Z", "2026-10-30T10:00:00Z"),
				ret("2026-10-18T22:59:59Z")),
			scores: map[score.Item]string{late: "10"},
		},
		{
			name:   "四(二)1 回退件: 49 late returns cost 9.8",
			events: lateReturns(49),
			scores: map[score.Item]string{late: "0.2"},
			counts: map[string]int{"late_returns": 49},
			deds:   dedsN(49, "L%02d", score.RuleLateReturn, "0.2"),
		},
		{
			name:   "四(二)1 回退件: 50 late returns: exactly 0",
			events: lateReturns(50),
			scores: map[score.Item]string{late: "0"},
			counts: map[string]int{"late_returns": 50},
			deds:   dedsN(50, "L%02d", score.RuleLateReturn, "0.2"),
		},
		{
			name:   "四(二)1 回退件: the item is capped at 0 after 50 late returns (51: still 0, every return listed)",
			events: lateReturns(51),
			scores: map[score.Item]string{late: "0"},
			counts: map[string]int{"late_returns": 51},
			deds:   dedsN(51, "L%02d", score.RuleLateReturn, "0.2"),
		},
		{
			name:   "四(二)1 回退件: a return without an assignment is not judged and is reported as a warning",
			events: evs(returned("rt9", "T9", "a", "2026-10-20 10:00")),
			scores: map[score.Item]string{late: "10"},
			counts: map[string]int{"late_returns": 0},
			warn:   []string{`"T9"`, `unit "a"`},
		},
		{
			name: "四(二)1 §5 回退件: a return before the ticket's only assignment has no assignment: not judged, warned; the assignment stays unanswered",
			events: evs(assigned("as1", "T1", "a", "2026-10-15 10:00", "2026-10-25 18:00"),
				ret("2026-10-15 09:00")),
			scores: map[score.Item]string{late: "10", score.Overdue: "19.5"},
			warn:   []string{`"T1"`},
			deds:   []ded{d("T1", score.RuleOverdue, "0.5")},
		},
		{
			name: "四(二)1 §5 回退件: a return belongs to the latest assignment received before it (23 h after the second receipt: on time; the first assignment is left unanswered)",
			events: evs(
				assigned("as1", "T1", "a", "2026-10-12 10:00", "2026-10-13 18:00"),
				assigned("as2", "T1", "a", "2026-10-14 10:00", "2026-10-30 18:00"),
				ret("2026-10-15 09:00")),
			scores: map[score.Item]string{late: "10", score.Overdue: "19.5"},
			counts: map[string]int{"late_returns": 0, "overdue": 1},
			deds:   []ded{d("T1", score.RuleOverdue, "0.5")},
		},
		{
			name: "四(二)1 回退件: another unit's assignment does not make this unit's return judged",
			events: evs(assigned("as1", "T1", "b", "2026-10-12 10:00", "2026-10-30 18:00"),
				ret("2026-10-20 09:00")),
			scores: map[score.Item]string{late: "10"},
			warn:   []string{`"T1"`},
		},
		{
			name: "四(二)1 回退件: a late return in November is not October's",
			events: evs(assigned("as1", "T1", "a", "2026-10-30 10:00", "2026-11-20 18:00"),
				ret("2026-11-02 11:00")),
			scores: map[score.Item]string{late: "10"},
			counts: map[string]int{"late_returns": 0},
		},
		{
			name:  "四(二)1 回退件: …it is November's (Fri 30 Oct 10:00 → Mon 2 Nov 11:00 is 25 h)",
			month: nov2026,
			events: evs(assigned("as1", "T1", "a", "2026-10-30 10:00", "2026-11-20 18:00"),
				ret("2026-11-02 11:00")),
			scores: map[score.Item]string{late: "9.8"},
			counts: map[string]int{"late_returns": 1},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name: "四(二)1 回退件: each late return of a ticket counts (two assignments, two late returns)",
			events: evs(
				assigned("as1", "T1", "a", "2026-10-12 10:00", "2026-10-30 18:00"),
				returned("rt1", "T1", "a", "2026-10-14 10:00"),
				assigned("as2", "T1", "a", "2026-10-19 10:00", "2026-10-30 18:00"),
				returned("rt2", "T1", "a", "2026-10-21 10:00")),
			scores: map[score.Item]string{late: "9.6"},
			counts: map[string]int{"late_returns": 2},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2"), d("T1", score.RuleLateReturn, "0.2")},
		},
	})
}

// 四(二)2 不合规工单（10分）.
func TestClause4_2_2_Noncompliant(t *testing.T) {
	nc := score.NoncompliantReturns
	thu := assigned("as1", "T1", "a", "2026-10-15 10:00", "2026-10-25 18:00")
	many := func(n int) []event.Event {
		var out []event.Event
		for i := range n {
			tk := fmt.Sprintf("N%02d", i)
			out = append(out, assigned("as-"+tk, tk, "a", "2026-10-15 10:00", "2026-10-25 18:00"),
				noncompliant("rt-"+tk, tk, "a", "2026-10-15 16:00", false))
		}
		return out
	}
	runClauses(t, []clause{
		{
			name:   "四(二)2 不合规工单: returned after contacting the citizen: no deduction",
			events: evs(thu, noncompliant("rt1", "T1", "a", "2026-10-15 16:00", true)),
			scores: map[score.Item]string{nc: "10"},
			counts: map[string]int{"noncompliant_uncontacted": 0},
		},
		{
			name:   "四(二)2 不合规工单: returned without contacting the citizen costs 0.5",
			events: evs(thu, noncompliant("rt1", "T1", "a", "2026-10-15 16:00", false)),
			scores: map[score.Item]string{nc: "9.5", score.LateReturns: "10"},
			counts: map[string]int{"noncompliant_uncontacted": 1, "late_returns": 0},
			deds:   []ded{d("T1", score.RuleNoncompliantReturn, "0.5")},
		},
		{
			name:   "四(二)2 不合规工单: an ordinary return is not noncompliant",
			events: evs(thu, returned("rt1", "T1", "a", "2026-10-15 16:00")),
			scores: map[score.Item]string{nc: "10"},
			counts: map[string]int{"noncompliant_uncontacted": 0},
		},
		{
			name:   "四(二)2 + 四(二)1: a late noncompliant return without contact counts in both items",
			events: evs(thu, noncompliant("rt1", "T1", "a", "2026-10-19 10:00", false)),
			scores: map[score.Item]string{nc: "9.5", score.LateReturns: "9.8"},
			counts: map[string]int{"noncompliant_uncontacted": 1, "late_returns": 1},
			deds:   []ded{d("T1", score.RuleNoncompliantReturn, "0.5"), d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name:   "四(二)2 + 四(二)1: a late noncompliant return with contact counts only as late",
			events: evs(thu, noncompliant("rt1", "T1", "a", "2026-10-19 10:00", true)),
			scores: map[score.Item]string{nc: "10", score.LateReturns: "9.8"},
			counts: map[string]int{"noncompliant_uncontacted": 0, "late_returns": 1},
			deds:   []ded{d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name:   "四(二)2 不合规工单: 20 uncontacted: exactly 0",
			events: many(20),
			scores: map[score.Item]string{nc: "0"},
			counts: map[string]int{"noncompliant_uncontacted": 20},
			deds:   dedsN(20, "N%02d", score.RuleNoncompliantReturn, "0.5"),
		},
		{
			name:   "四(二)2 不合规工单: capped at 0 (21 uncontacted)",
			events: many(21),
			scores: map[score.Item]string{nc: "0"},
			counts: map[string]int{"noncompliant_uncontacted": 21},
			deds:   dedsN(21, "N%02d", score.RuleNoncompliantReturn, "0.5"),
		},
		{
			name: "四(二)2 不合规工单: counted in the month of the return, not October's",
			events: evs(assigned("as1", "T1", "a", "2026-10-30 10:00", "2026-11-20 18:00"),
				noncompliant("rt1", "T1", "a", "2026-11-02 09:00", false)),
			scores: map[score.Item]string{nc: "10"},
		},
		{
			name:  "四(二)2 不合规工单: …November's",
			month: nov2026,
			events: evs(assigned("as1", "T1", "a", "2026-10-30 10:00", "2026-11-20 18:00"),
				noncompliant("rt1", "T1", "a", "2026-11-02 09:00", false)),
			scores: map[score.Item]string{nc: "9.5"},
			deds:   []ded{d("T1", score.RuleNoncompliantReturn, "0.5")},
		},
		{
			name:   "四(二)2 不合规工单: without an assignment it still counts (only lateness needs the assignment), with a warning",
			events: evs(noncompliant("rt1", "T1", "a", "2026-10-15 16:00", false)),
			scores: map[score.Item]string{nc: "9.5", score.LateReturns: "10"},
			deds:   []ded{d("T1", score.RuleNoncompliantReturn, "0.5")},
			warn:   []string{`"T1"`},
		},
		{
			name:   "四(二)2 不合规工单: another unit's uncontacted return is not this unit's",
			events: evs(thu, assigned("as2", "T1", "b", "2026-10-15 10:00", "2026-10-25 18:00"), noncompliant("rt1", "T1", "b", "2026-10-15 16:00", false)),
			scores: map[score.Item]string{nc: "10", score.Overdue: "19.5"},
			deds:   []ded{d("T1", score.RuleOverdue, "0.5")},
		},
	})
}

// 四(二)3 超期件（20分）.
func TestClause4_2_3_Overdue(t *testing.T) {
	od := score.Overdue
	// Friday 9 October 10:00, due Tuesday 20 October 18:00.
	a1 := assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00")
	overdue1 := []ded{d("T1", score.RuleOverdue, "0.5")}
	many := func(n int) []event.Event {
		return repeat(n, func(i int) event.Event {
			tk := fmt.Sprintf("O%02d", i)
			return assigned("as-"+tk, tk, "a", "2026-10-09 10:00", "2026-10-20 18:00")
		})
	}
	// two assignments of T1 to a: the first due 20 October, the second
	// received 12 October and due 3 November.
	twice := []event.Event{a1, assigned("as2", "T1", "a", "2026-10-12 10:00", "2026-11-03 18:00")}
	runClauses(t, []clause{
		{
			name:   "四(二)3 超期件: the deadline has not passed yet relative to now: not overdue",
			events: evs(a1),
			now:    "2026-10-20 17:00",
			scores: map[score.Item]string{od: "20"},
			counts: map[string]int{"overdue": 0},
		},
		{
			name:   "四(二)3 超期件: now exactly at the deadline: not passed yet (a reply at due_at is still on time)",
			events: evs(a1),
			now:    "2026-10-20 18:00",
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 超期件: the deadline passed 1 s ago without a reply: overdue",
			events: evs(a1),
			now:    "2026-10-20 18:00:01",
			scores: map[score.Item]string{od: "19.5"},
			counts: map[string]int{"overdue": 1},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: a reply at exactly due_at is on time",
			events: evs(a1, replied("rp1", "T1", "a", "2026-10-20 18:00")),
			scores: map[score.Item]string{od: "20"},
			counts: map[string]int{"overdue": 0},
		},
		{
			name:   "四(二)3 超期件: a reply 1 s after due_at: overdue",
			events: evs(a1, replied("rp1", "T1", "a", "2026-10-20 18:00:01")),
			scores: map[score.Item]string{od: "19.5"},
			counts: map[string]int{"overdue": 1},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: a return before due_at answers the assignment: not overdue",
			events: evs(a1, returned("rt1", "T1", "a", "2026-10-10 09:00")),
			scores: map[score.Item]string{od: "20", score.LateReturns: "10"},
		},
		{
			name:   "四(二)3 超期件: a return after due_at: overdue, and late",
			events: evs(a1, returned("rt1", "T1", "a", "2026-10-21 09:00")),
			scores: map[score.Item]string{od: "19.5", score.LateReturns: "9.8"},
			deds:   []ded{d("T1", score.RuleOverdue, "0.5"), d("T1", score.RuleLateReturn, "0.2")},
		},
		{
			name:   "四(二)3 超期件: several replies after due_at are still one overdue assignment",
			events: evs(a1, replied("rp1", "T1", "a", "2026-10-21 09:00"), replied("rp2", "T1", "a", "2026-10-22 09:00")),
			scores: map[score.Item]string{od: "19.5"},
			counts: map[string]int{"overdue": 1},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: a reply by another unit does not answer this unit's assignment",
			events: evs(a1, replied("rp1", "T1", "b", "2026-10-15 09:00")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 §5 超期件: a reply before the receipt does not answer the assignment",
			events: evs(a1, replied("rp1", "T1", "a", "2026-10-09 09:59:59")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: a reply at the very instant of receipt answers it",
			events: evs(a1, replied("rp1", "T1", "a", "2026-10-09 10:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 超期件: the deadline's month decides: due in November is not October's",
			events: evs(assigned("as1", "T1", "a", "2026-10-20 09:00", "2026-11-05 18:00")),
			scores: map[score.Item]string{od: "20"},
			counts: map[string]int{"overdue": 0},
		},
		{
			name:   "四(二)3 超期件: …it is November's",
			month:  nov2026,
			events: evs(assigned("as1", "T1", "a", "2026-10-20 09:00", "2026-11-05 18:00")),
			scores: map[score.Item]string{od: "19.5"},
			counts: map[string]int{"overdue": 1},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: assigned in September, due in October: October's",
			events: evs(assigned("as1", "T1", "a", "2026-09-28 09:00", "2026-10-09 18:00")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: …and not September's",
			month:  sep2026,
			events: evs(assigned("as1", "T1", "a", "2026-09-28 09:00", "2026-10-09 18:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 §4 超期件: due 2026-10-31T16:30:00Z is 1 November in Shanghai: not October's",
			events: evs(assigned("as1", "T1", "a", "2026-10-26 09:00", "2026-10-31T16:30:00Z")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 §4 超期件: …November's",
			month:  nov2026,
			events: evs(assigned("as1", "T1", "a", "2026-10-26 09:00", "2026-10-31T16:30:00Z")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: overdue_reassigned to b moves the count away from a",
			events: evs(a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "b")),
			scores: map[score.Item]string{od: "20"},
			counts: map[string]int{"overdue": 0},
		},
		{
			name:   "四(二)3 超期件: …b takes it, with from_unit_id a",
			unit:   "b",
			events: evs(a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "b")),
			scores: map[score.Item]string{od: "19.5"},
			counts: map[string]int{"overdue": 1},
			deds:   []ded{{Ticket: "T1", Rule: score.RuleOverdue, Points: "0.5", From: "a"}},
		},
		{
			name:   "四(二)3 超期件: a reassignment to a department crosses groups",
			unit:   "x",
			events: evs(a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "x")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   []ded{{Ticket: "T1", Rule: score.RuleOverdue, Points: "0.5", From: "a"}},
		},
		{
			name:   "四(二)3 超期件: a reassignment made in November still moves October's count (the deadline's month)",
			unit:   "b",
			events: evs(a1, reassigned("re1", "T1", "a", "2026-11-03 09:00", "b")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   []ded{{Ticket: "T1", Rule: score.RuleOverdue, Points: "0.5", From: "a"}},
		},
		{
			name:   "四(二)3 超期件: overdue_reassigned without to_unit_id waives the count",
			events: evs(a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "")),
			scores: map[score.Item]string{od: "20"},
			counts: map[string]int{"overdue": 0},
		},
		{
			name:   "四(二)3 超期件: a waiver is nobody's count",
			unit:   "b",
			events: evs(a1, reassigned("re1", "T1", "a", "2026-10-22 09:00", "")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 超期件: a reassignment of another ticket moves nothing",
			events: evs(a1, reassigned("re1", "T2", "a", "2026-10-22 09:00", "b")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: a reassignment of an assignment that was answered in time gives b nothing",
			unit:   "b",
			events: evs(a1, replied("rp1", "T1", "a", "2026-10-15 09:00"), reassigned("re1", "T1", "a", "2026-10-22 09:00", "b")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 §5 超期件: re-assigned later: a reply after the second receipt belongs to the second assignment, so the first is overdue",
			events: evs(twice, replied("rp1", "T1", "a", "2026-10-13 09:00")),
			scores: map[score.Item]string{od: "19.5"},
			counts: map[string]int{"overdue": 1},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 §5 超期件: …and the second assignment, answered, is not overdue in November",
			month:  nov2026,
			events: evs(twice, replied("rp1", "T1", "a", "2026-10-13 09:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 §5 超期件: a reply before the second receipt answers the first assignment",
			events: evs(twice, replied("rp1", "T1", "a", "2026-10-11 09:00")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name:   "四(二)3 §5 超期件: …and leaves the second overdue in November",
			month:  nov2026,
			events: evs(twice, replied("rp1", "T1", "a", "2026-10-11 09:00")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   overdue1,
		},
		{
			name: "四(二)3 §5 超期件: an overdue_reassigned belongs to the assignment received before it (the first: waived)",
			events: evs(a1, assigned("as2", "T1", "a", "2026-10-22 10:00", "2026-11-05 18:00"),
				reassigned("re1", "T1", "a", "2026-10-21 09:00", "")),
			scores: map[score.Item]string{od: "20"},
		},
		{
			name: "四(二)3 §5 超期件: an overdue_reassigned after the second receipt waives the second, not the first",
			events: evs(a1, assigned("as2", "T1", "a", "2026-10-22 10:00", "2026-11-05 18:00"),
				reassigned("re1", "T1", "a", "2026-10-23 09:00", "")),
			scores: map[score.Item]string{od: "19.5"},
			deds:   overdue1,
		},
		{
			name:   "四(二)3 超期件: 40 overdue: exactly 0",
			events: many(40),
			scores: map[score.Item]string{od: "0"},
			counts: map[string]int{"overdue": 40},
			deds:   dedsN(40, "O%02d", score.RuleOverdue, "0.5"),
		},
		{
			name:   "四(二)3 超期件: capped at 0 (41 overdue)",
			events: many(41),
			scores: map[score.Item]string{od: "0"},
			counts: map[string]int{"overdue": 41},
			deds:   dedsN(41, "O%02d", score.RuleOverdue, "0.5"),
		},
	})
}

// 四(二)4 督办件（10分）.
func TestClause4_2_4_Supervision(t *testing.T) {
	sv := score.Supervision
	rejections := func(n int) []event.Event {
		return repeat(n, func(i int) event.Event {
			return supRejected(fmt.Sprintf("sr%02d", i), fmt.Sprintf("S%02d", i), "a", "2026-10-14 09:00")
		})
	}
	absences := func(n int) []event.Event {
		return repeat(n, func(i int) event.Event {
			return meetingAbsent(fmt.Sprintf("ma%02d", i), "a", fmt.Sprintf("2026-10-%02d 15:00", 10+i))
		})
	}
	onsite := meetingAbsent("ma1", "a", "2026-10-14 15:00")
	onsite.TicketID, onsite.Meeting = "T1", "onsite"
	runClauses(t, []clause{
		{
			name:   "四(二)4 督办件: a supervised ticket without rejection costs nothing",
			events: evs(supervised("sv1", "T1", "a", "2026-10-12 09:00")),
			scores: map[score.Item]string{sv: "10"},
			counts: map[string]int{"supervision_rejected": 0, "meetings_absent": 0},
		},
		{
			name:   "四(二)4 督办件: supervision_rejected costs 0.5",
			events: evs(supervised("sv1", "T1", "a", "2026-10-12 09:00"), supRejected("sr1", "T1", "a", "2026-10-14 09:00")),
			scores: map[score.Item]string{sv: "9.5"},
			counts: map[string]int{"supervision_rejected": 1, "meetings_absent": 0},
			deds:   []ded{d("T1", score.RuleSupervisionRejected, "0.5")},
		},
		{
			name:   "四(二)4 督办件: meeting_absent costs 0.5",
			events: evs(meetingAbsent("ma1", "a", "2026-10-14 15:00")),
			scores: map[score.Item]string{sv: "9.5"},
			counts: map[string]int{"supervision_rejected": 0, "meetings_absent": 1},
			deds:   []ded{d("", score.RuleMeetingAbsent, "0.5")},
		},
		{
			name:   "四(二)4 督办件: a meeting_absent about a ticket (on-site meeting) names the ticket",
			events: evs(onsite),
			scores: map[score.Item]string{sv: "9.5"},
			counts: map[string]int{"meetings_absent": 1},
			deds:   []ded{d("T1", score.RuleMeetingAbsent, "0.5")},
		},
		{
			name:   "四(二)4 督办件: rejections and absences share the item: 2 + 3 → 7.5",
			events: evs(rejections(2), absences(3)),
			scores: map[score.Item]string{sv: "7.5"},
			counts: map[string]int{"supervision_rejected": 2, "meetings_absent": 3},
			deds: append(dedsN(2, "S%02d", score.RuleSupervisionRejected, "0.5"),
				d("", score.RuleMeetingAbsent, "0.5"), d("", score.RuleMeetingAbsent, "0.5"), d("", score.RuleMeetingAbsent, "0.5")),
		},
		{
			name:   "四(二)4 督办件: 20 rejections: exactly 0",
			events: rejections(20),
			scores: map[score.Item]string{sv: "0"},
			counts: map[string]int{"supervision_rejected": 20},
			deds:   dedsN(20, "S%02d", score.RuleSupervisionRejected, "0.5"),
		},
		{
			name:     "四(二)4 督办件: capped at 0 (15 rejections + 6 absences)",
			events:   evs(rejections(15), absences(6)),
			scores:   map[score.Item]string{sv: "0"},
			counts:   map[string]int{"supervision_rejected": 15, "meetings_absent": 6},
			skipDeds: true,
		},
		{
			name:   "四(二)4 督办件: a rejection in November is not October's",
			events: evs(supRejected("sr1", "T1", "a", "2026-11-01 00:00")),
			scores: map[score.Item]string{sv: "10"},
		},
		{
			name:   "四(二)4 督办件: another unit's rejection is not this unit's",
			events: evs(supRejected("sr1", "T1", "b", "2026-10-14 09:00")),
			scores: map[score.Item]string{sv: "10"},
		},
	})
}

// 四(三) 群众满意率（40分）.
func TestClause4_3_Satisfaction(t *testing.T) {
	rs, ps := score.ResultSatisfaction, score.ProcessSatisfaction
	const when = "2026-10-20 10:00"
	sat, basic, dis := event.Satisfied, event.BasicallySatisfied, event.Dissatisfied
	// a: 947/1000 against a pooled average of exactly 95% (b: 953/1000).
	trap := evs(rate("a", "A", when, 1000, 947), rate("b", "B", when, 1000, 953))
	// a: 79/80 = 98.75% against 619/625 = 99.04%: a gap of 0.29 pp.
	gap029 := evs(rate("a", "A", when, 80, 79), rate("b", "B", when, 545, 540))
	// a: 949/1000 against 1899/2000 = 94.95%: a gap of 0.05 pp.
	gap005 := evs(rate("a", "A", when, 1000, 949), rate("b", "B", when, 1000, 950))
	// answers: a result 2/2 and process 1/2 by default, 1/2 and 0/2 when
	// only "satisfied" counts; b 0/2; c 1/1.
	levels := evs(
		callback("cb1", "T1", "a", when, sat, basic),
		callback("cb2", "T2", "a", when, basic, dis),
		rate("b", "B", when, 2, 0),
		rate("c", "C", when, 1, 1),
	)
	bothSat := func(id, tk, u, at string) event.Event { return callback(id, tk, u, at, sat, sat) }
	bothDis := func(id, tk, u, at string) event.Event { return callback(id, tk, u, at, dis, dis) }
	runClauses(t, []clause{
		{
			name: "四(三) the district average is pooled over all units of both groups (66.67%): a at 90% keeps 20",
			events: evs(rate("a", "A", when, 10, 9), rate("b", "B", when, 10, 10),
				rate("x", "X", when, 10, 1)),
			scores: map[score.Item]string{rs: "20", ps: "20"},
			counts: map[string]int{"callback_tickets": 10, "connected": 10, "result_satisfied": 9, "process_satisfied": 9},
			check: func(t *testing.T, res *score.Result, _ *score.UnitResult) {
				if g := res.Averages.ResultSatisfaction; g == nil || g.Round(4).String() != "0.6667" {
					t.Errorf("average result satisfaction = %v, want 0.6667 (20/30)", g)
				}
				b, err := json.Marshal(res.Averages)
				if err != nil {
					t.Fatal(err)
				}
				if string(b) != `{"result_satisfaction":0.6667,"process_satisfaction":0.6667}` {
					t.Errorf("averages JSON %s, want 4 decimals", b)
				}
				// x: 10% against 66.67%: 566 whole steps would cost 28.3: capped at 0.
				x := unitOf(t, res, "x")
				eqPoints(t, "x result_satisfaction", x.Scores.ResultSatisfaction, "0")
				eqPoints(t, "x process_satisfaction", x.Scores.ProcessSatisfaction, "0")
			},
		},
		{
			name:   "四(三) pooled Σ satisfied / Σ connected (2/7 = 28.57%), not the mean of the units' rates (44.4%): c at 33.3% keeps 20",
			unit:   "c",
			events: evs(rate("a", "A", when, 1, 1), rate("b", "B", when, 3, 0), rate("c", "C", when, 3, 1)),
			scores: map[score.Item]string{rs: "20", ps: "20"},
		},
		{
			name: "四(三) §6 v1.1 satisfaction.average group: town a at 90% against the towns' pool (19/20 = 95%) loses 2.5; the district pool (20/30) would not",
			pol:  groupAverage,
			events: evs(rate("a", "A", when, 10, 9), rate("b", "B", when, 10, 10),
				rate("x", "X", when, 10, 1)),
			scores: map[score.Item]string{rs: "17.5", ps: "17.5"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "2.5"), d("", score.RuleProcessSatisfaction, "2.5")},
			check: func(t *testing.T, res *score.Result, u *score.UnitResult) {
				// x, the only department, is its group's average: full 20.
				x := unitOf(t, res, "x")
				eqPoints(t, "x result_satisfaction", x.Scores.ResultSatisfaction, "20")
				// The district average is still the pooled one; each group's is given.
				if g := res.Averages.ResultSatisfaction; g == nil || g.Round(4).String() != "0.6667" {
					t.Errorf("district average = %v, want 0.6667", g)
				}
				b, err := json.Marshal(res.GroupAverages)
				if err != nil {
					t.Fatal(err)
				}
				want := `{"department":{"result_satisfaction":0.1,"process_satisfaction":0.1},"town_street":{"result_satisfaction":0.95,"process_satisfaction":0.95}}`
				if string(b) != want {
					t.Errorf("group averages %s, want %s", b, want)
				}
				if n := u.Deductions[0].Note; !strings.Contains(n, "镇街组内平均 95.00%") {
					t.Errorf("note %q does not name the towns' average", n)
				}
			},
		},
		{
			name: "四(三) §6 v1.1 satisfaction.average district (default): no group averages in the result",
			events: evs(rate("a", "A", when, 10, 9), rate("b", "B", when, 10, 10),
				rate("x", "X", when, 10, 1)),
			scores: map[score.Item]string{rs: "20", ps: "20"},
			check: func(t *testing.T, res *score.Result, _ *score.UnitResult) {
				if res.GroupAverages != nil {
					t.Errorf("group averages %v under the district average", res.GroupAverages)
				}
			},
		},
		{
			name:  "四(三) §6 v1.1 satisfaction.average group, proportional: department x at 10% against the departments' 55% loses 0.5 × 45 pp: capped at 0",
			pol:   func(p *policy.Policy) { groupAverage(p); proportional(p) },
			unit:  "x",
			units: []unit.Unit{town("a"), dept("x"), dept("y")},
			events: evs(rate("a", "A", when, 10, 10), rate("x", "X", when, 10, 1),
				rate("y", "Y", when, 10, 10)),
			scores: map[score.Item]string{rs: "0", ps: "0"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "20"), d("", score.RuleProcessSatisfaction, "20")},
		},
		{
			name:   "四(三) exactly at the average: full 20",
			events: evs(rate("a", "A", when, 10, 9), rate("b", "B", when, 20, 18)),
			scores: map[score.Item]string{rs: "20", ps: "20"},
		},
		{
			name:   "四(三) decimal trap: 947/1000 against a pooled average of exactly 95% is a gap of exactly 0.3 pp: loses exactly 0.15 (stepwise)",
			events: trap,
			scores: map[score.Item]string{rs: "19.85", ps: "19.85"},
			counts: map[string]int{"connected": 1000, "result_satisfied": 947, "process_satisfied": 947},
			deds:   []ded{d("", score.RuleResultSatisfaction, "0.15"), d("", score.RuleProcessSatisfaction, "0.15")},
			check: func(t *testing.T, res *score.Result, u *score.UnitResult) {
				b, err := json.Marshal(u.Scores)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), `"result_satisfaction":19.85`) {
					t.Errorf("scores JSON %s does not write 19.85 exactly", b)
				}
				eqPoints(t, "b result_satisfaction", unitOf(t, res, "b").Scores.ResultSatisfaction, "20")
			},
		},
		{
			name:   "四(三) a gap of 0.29 pp costs 0.10: whole steps of 0.1 pp only (stepwise)",
			events: gap029,
			scores: map[score.Item]string{rs: "19.9", ps: "19.9"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "0.1"), d("", score.RuleProcessSatisfaction, "0.1")},
		},
		{
			name:   "四(三) a gap under 0.1 pp (0.05) costs nothing (stepwise)",
			events: gap005,
			scores: map[score.Item]string{rs: "20", ps: "20"},
		},
		{
			name:   "四(三) proportional: 0.5 × 0.3 pp = 0.15",
			events: trap,
			pol:    proportional,
			scores: map[score.Item]string{rs: "19.85", ps: "19.85"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "0.15"), d("", score.RuleProcessSatisfaction, "0.15")},
		},
		{
			name:   "四(三) proportional: 0.5 × 0.29 pp = 0.145 exactly, rounded half-up to 0.15; the total is the sum of the rounded items (99.7, not 99.71)",
			events: gap029,
			pol:    proportional,
			scores: map[score.Item]string{rs: "19.85", ps: "19.85"},
			check:  func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "99.7") },
			deds:   []ded{d("", score.RuleResultSatisfaction, "0.15"), d("", score.RuleProcessSatisfaction, "0.15")},
		},
		{
			name:   "四(三) proportional: 0.5 × 0.05 pp = 0.025 exactly, rounded half-up to 0.03",
			events: gap005,
			pol:    proportional,
			scores: map[score.Item]string{rs: "19.97", ps: "19.97"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "0.03"), d("", score.RuleProcessSatisfaction, "0.03")},
		},
		{
			name:   "四(三) proportional: 0.5 × (66.67 − 10) pp exceeds 20: capped at 0",
			unit:   "x",
			pol:    proportional,
			events: evs(rate("a", "A", when, 10, 9), rate("b", "B", when, 10, 10), rate("x", "X", when, 10, 1)),
			scores: map[score.Item]string{rs: "0", ps: "0"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "20"), d("", score.RuleProcessSatisfaction, "20")},
		},
		{
			name: "四(三) proportional: a repeating gap (2/3 − 3/5 = 6.666… pp) costs 3.33",
			pol:  proportional,
			// a: 3/5 = 60%; b: 7/10; pooled 10/15 = 2/3.
			events: evs(rate("a", "A", when, 5, 3), rate("b", "B", when, 10, 7)),
			scores: map[score.Item]string{rs: "16.67", ps: "16.67"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "3.33"), d("", score.RuleProcessSatisfaction, "3.33")},
		},
		{
			name:   "四(三) stepwise: the same repeating gap of 6.666… pp is 66 whole steps: 3.3",
			events: evs(rate("a", "A", when, 5, 3), rate("b", "B", when, 10, 7)),
			scores: map[score.Item]string{rs: "16.7", ps: "16.7"},
			deds:   []ded{d("", score.RuleResultSatisfaction, "3.3"), d("", score.RuleProcessSatisfaction, "3.3")},
		},
		{
			name:   "四(三) basically_satisfied counts as satisfied by default",
			events: levels,
			scores: map[score.Item]string{rs: "20", ps: "20"},
			counts: map[string]int{"connected": 2, "result_satisfied": 2, "process_satisfied": 1},
		},
		{
			name:   "四(三) satisfied_levels [satisfied]: basically_satisfied does not count (process 0/2 against 1/5: −10)",
			events: levels,
			pol:    onlySatisfied,
			scores: map[score.Item]string{rs: "20", ps: "10"},
			counts: map[string]int{"connected": 2, "result_satisfied": 1, "process_satisfied": 0},
			deds:   []ded{d("", score.RuleProcessSatisfaction, "10")},
		},
		{
			name:   "四(三) the result and the process are separate rates (process 9/10 against 19/20: −2.5)",
			events: evs(cbs("a", "A", when, 10, 10, 9), rate("b", "B", when, 10, 10)),
			scores: map[score.Item]string{rs: "20", ps: "17.5"},
			counts: map[string]int{"result_satisfied": 10, "process_satisfied": 9},
			deds:   []ded{d("", score.RuleProcessSatisfaction, "2.5")},
		},
		{
			name: "四(三) the latest connected callback in the month decides: dissatisfied, then satisfied",
			events: evs(bothDis("cb1", "T1", "a", "2026-10-10 10:00"), bothSat("cb2", "T1", "a", "2026-10-20 10:00"),
				rate("b", "B", when, 2, 1)),
			scores: map[score.Item]string{rs: "20"},
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "result_satisfied": 1, "process_satisfied": 1},
		},
		{
			name: "四(三) the latest connected callback in the month decides: satisfied, then dissatisfied",
			events: evs(bothSat("cb1", "T1", "a", "2026-10-10 10:00"), bothDis("cb2", "T1", "a", "2026-10-20 10:00"),
				rate("b", "B", when, 2, 1)),
			// a 0/1 against 1/3: 333 whole steps.
			scores: map[score.Item]string{rs: "3.35"},
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "result_satisfied": 0, "process_satisfied": 0},
			deds:   []ded{d("", score.RuleResultSatisfaction, "16.65"), d("", score.RuleProcessSatisfaction, "16.65")},
		},
		{
			name: "四(三) a later not-connected callback does not erase the connected answers",
			events: evs(bothSat("cb1", "T1", "a", "2026-10-10 10:00"), missed("cb2", "T1", "a", "2026-10-25 10:00"),
				rate("b", "B", when, 2, 1)),
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "result_satisfied": 1},
		},
		{
			name:   "四(三) a ticket with a not-connected and then a connected callback is connected",
			events: evs(missed("cb1", "T1", "a", "2026-10-05 10:00"), bothDis("cb2", "T1", "a", "2026-10-08 10:00")),
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "result_satisfied": 0},
		},
		{
			name:   "四(三) a connected callback in November does not decide October",
			events: evs(bothDis("cb1", "T1", "a", "2026-10-10 10:00"), bothSat("cb2", "T1", "a", "2026-11-03 10:00")),
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "result_satisfied": 0},
		},
		{
			name:   "四(三) …in November the ticket counts again with November's answers",
			month:  nov2026,
			events: evs(bothDis("cb1", "T1", "a", "2026-10-10 10:00"), bothSat("cb2", "T1", "a", "2026-11-03 10:00")),
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "result_satisfied": 1},
		},
		{
			name:   "四(三) a connected callback in September does not make October's ticket connected",
			events: evs(bothSat("cb1", "T1", "a", "2026-09-28 10:00"), missed("cb2", "T1", "a", "2026-10-05 10:00")),
			scores: map[score.Item]string{rs: "20", ps: "20"},
			counts: map[string]int{"callback_tickets": 1, "connected": 0},
			flags:  []string{score.FlagNoConnectedCallbacks},
		},
		{
			name: "四(三) not-connected callbacks count in callback_tickets only",
			events: evs(missed("cb1", "T1", "a", when), missed("cb2", "T2", "a", when),
				bothSat("cb3", "T3", "a", when), rate("b", "B", when, 2, 1)),
			scores: map[score.Item]string{rs: "20"},
			counts: map[string]int{"callback_tickets": 3, "connected": 1, "excluded_unreasonable": 0, "result_satisfied": 1},
		},
		{
			name:   "四(三) a ticket with two callbacks in the month is one callback ticket",
			events: evs(missed("cb1", "T1", "a", "2026-10-05 10:00"), missed("cb2", "T1", "a", "2026-10-06 10:00")),
			counts: map[string]int{"callback_tickets": 1, "connected": 0},
		},
		{
			name: "四(三) an unreasonable_approved ticket is left out of the rate and counted in excluded_unreasonable",
			events: evs(bothDis("cb1", "T1", "a", when), unreasonable("ua1", "T1", "2026-10-25 10:00"),
				bothSat("cb2", "T2", "a", when), rate("b", "B", when, 2, 1)),
			scores: map[score.Item]string{rs: "20", ps: "20"},
			counts: map[string]int{"callback_tickets": 2, "connected": 1, "excluded_unreasonable": 1, "result_satisfied": 1},
		},
		{
			name: "四(三) …approved in a later month (December) still left out of October",
			events: evs(bothDis("cb1", "T1", "a", when), unreasonable("ua1", "T1", "2026-12-10 10:00"),
				bothSat("cb2", "T2", "a", when), rate("b", "B", when, 2, 1)),
			scores: map[score.Item]string{rs: "20", ps: "20"},
			counts: map[string]int{"callback_tickets": 2, "connected": 1, "excluded_unreasonable": 1, "result_satisfied": 1},
		},
		{
			name: "四(三) …approved before the callback (September) too",
			events: evs(bothDis("cb1", "T1", "a", when), unreasonable("ua1", "T1", "2026-09-10 10:00"),
				bothSat("cb2", "T2", "a", when), rate("b", "B", when, 2, 1)),
			counts: map[string]int{"callback_tickets": 2, "connected": 1, "excluded_unreasonable": 1},
		},
		{
			name: "四(三) unreasonable tickets leave the district average too (a 0/1 against 1/3: −16.65)",
			// a: T1 satisfied but unreasonable, T2 dissatisfied; b: 1/2.
			// The average without T1 is 1/3; a's gap 33.33 pp is 333 steps.
			events: evs(bothSat("cb1", "T1", "a", when), unreasonable("ua1", "T1", "2026-11-10 10:00"),
				bothDis("cb2", "T2", "a", when), rate("b", "B", when, 2, 1)),
			scores: map[score.Item]string{rs: "3.35", ps: "3.35"},
			counts: map[string]int{"connected": 1, "excluded_unreasonable": 1, "result_satisfied": 0},
			deds:   []ded{d("", score.RuleResultSatisfaction, "16.65"), d("", score.RuleProcessSatisfaction, "16.65")},
		},
		{
			name:   "四(三) an unreasonable ticket with only a not-connected callback: a callback ticket, not excluded_unreasonable",
			events: evs(missed("cb1", "T1", "a", when), unreasonable("ua1", "T1", "2026-10-25 10:00")),
			scores: map[score.Item]string{rs: "20", ps: "20"},
			counts: map[string]int{"callback_tickets": 1, "connected": 0, "excluded_unreasonable": 0},
			flags:  []string{score.FlagNoConnectedCallbacks},
		},
		{
			name:     "四(三) no connected callback: 20 with the flag no_connected_callbacks",
			events:   evs(missed("cb1", "T1", "a", when), rate("b", "B", when, 2, 1)),
			scores:   map[score.Item]string{rs: "20", ps: "20"},
			counts:   map[string]int{"callback_tickets": 1, "connected": 0},
			flags:    []string{score.FlagNoConnectedCallbacks},
			assessed: ptr(true),
		},
		{
			name:    "四(三) a connected callback clears the flag",
			events:  evs(bothSat("cb1", "T1", "a", when)),
			noFlags: []string{score.FlagNoConnectedCallbacks},
		},
		{
			name:   "四(三) §4 a callback at 2026-09-30T16:30:00Z is in October (00:30 local)",
			events: evs(missed("cb1", "T1", "a", "2026-09-30T16:30:00Z")),
			counts: map[string]int{"callback_tickets": 1},
		},
		{
			name:   "四(三) §4 a callback at 2026-10-31T16:30:00Z is in November (00:30 local), not October",
			events: evs(missed("cb1", "T1", "a", "2026-10-31T16:30:00Z")),
			counts: map[string]int{"callback_tickets": 0},
		},
		{
			name:   "四(三) another unit's callback on the same ticket is that unit's",
			events: evs(bothDis("cb1", "T1", "b", when), bothSat("cb2", "T1", "a", when)),
			counts: map[string]int{"callback_tickets": 1, "connected": 1, "result_satisfied": 1},
		},
	})
}

// 六(二) 通报批评: 0.5 each, subtracted from the total.
func TestClause6_2_Criticism(t *testing.T) {
	here := present("a", "2026-10-10 09:00")
	withTk := withTicket(criticized("cr1", "a", "2026-10-12 09:00"), "T7")
	runClauses(t, []clause{
		{
			name:   "六(二) one notice of criticism subtracts 0.5 from the total",
			events: evs(here, criticized("cr1", "a", "2026-10-12 09:00")),
			scores: map[score.Item]string{score.Criticism: "0.5"},
			counts: map[string]int{"criticisms": 1},
			deds:   []ded{d("", score.RuleCriticized, "0.5")},
			check:  func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "99.5") },
		},
		{
			name:   "六(二) three notices: 1.5",
			events: evs(here, criticisms("a", "2026-10-12 09:00", 3)),
			scores: map[score.Item]string{score.Criticism: "1.5"},
			counts: map[string]int{"criticisms": 3},
			deds:   dedsN(3, "", score.RuleCriticized, "0.5"),
			check:  func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "98.5") },
		},
		{
			name:     "六(二) criticism is not an item with a floor, but the total never goes below 0 (201 notices)",
			events:   evs(here, criticisms("a", "2026-10-12 09:00", 201)),
			scores:   map[score.Item]string{score.Criticism: "100.5"},
			counts:   map[string]int{"criticisms": 201},
			skipDeds: true,
			check: func(t *testing.T, _ *score.Result, u *score.UnitResult) {
				eqTotal(t, u, "0")
				if g := u.Grade; g == nil || *g != score.Fail {
					t.Errorf("grade %v, want fail", g)
				}
			},
		},
		{
			name:   "六(二) a notice about a ticket names the ticket",
			events: evs(here, withTk),
			deds:   []ded{d("T7", score.RuleCriticized, "0.5")},
		},
		{
			name:   "六(二) November's notice is not October's",
			events: evs(here, criticized("cr1", "a", "2026-11-01 00:00")),
			scores: map[score.Item]string{score.Criticism: "0"},
			check:  func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "100") },
		},
		{
			name: "五/六(二) the total is the sum of the rounded items minus criticism: 100 − 0.2 − 0.5 − 0.5 = 98.8",
			events: evs(here, criticized("cr1", "a", "2026-10-12 09:00"),
				assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00"),
				returned("rt1", "T1", "a", "2026-10-21 09:00")),
			scores: map[score.Item]string{score.LateReturns: "9.8", score.Overdue: "19.5", score.Criticism: "0.5"},
			deds: []ded{d("", score.RuleCriticized, "0.5"), d("T1", score.RuleLateReturn, "0.2"),
				d("T1", score.RuleOverdue, "0.5")},
			check: func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "98.8") },
		},
		{
			name:   "六(一) redo (退回重办) carries no points",
			events: evs(here, redo("rd1", "T1", "a", "2026-10-12 09:00")),
			check:  func(t *testing.T, _ *score.Result, u *score.UnitResult) { eqTotal(t, u, "100") },
		},
	})
}

// 二 考核对象: a unit is assessed in a month with at least 1 callback ticket.
func TestClause2_Assessed(t *testing.T) {
	notAssessed := func(t *testing.T, res *score.Result, u *score.UnitResult) {
		if u.Rank != nil || u.Total != nil || u.Grade != nil || u.Bottom || u.Escalation != nil {
			t.Errorf("not assessed but rank %v total %v grade %v bottom %v escalation %v", u.Rank, u.Total, u.Grade, u.Bottom, u.Escalation)
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Units []map[string]json.RawMessage `json:"units"`
		}
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Units {
			if string(m["unit_id"]) != `"`+u.UnitID+`"` {
				continue
			}
			for _, k := range []string{"rank", "total", "grade", "escalation"} {
				if string(m[k]) != "null" {
					t.Errorf("JSON %s = %s, want null", k, m[k])
				}
			}
			if string(m["assessed"]) != "false" {
				t.Errorf("JSON assessed = %s", m["assessed"])
			}
		}
	}
	isAssessed := func(t *testing.T, _ *score.Result, u *score.UnitResult) {
		if u.Rank == nil || u.Total == nil || u.Grade == nil {
			t.Errorf("assessed but rank %v total %v grade %v", u.Rank, u.Total, u.Grade)
		}
	}
	runClauses(t, []clause{
		{
			name: "二 no callback in the month: not assessed; rank, total and grade null (deductions still listed)",
			events: evs(criticized("cr1", "a", "2026-10-12 09:00"),
				assigned("as1", "T1", "a", "2026-10-09 10:00", "2026-10-20 18:00")),
			assessed: ptr(false),
			counts:   map[string]int{"callback_tickets": 0},
			deds:     []ded{d("", score.RuleCriticized, "0.5"), d("T1", score.RuleOverdue, "0.5")},
			check:    notAssessed,
		},
		{
			name:     "二 a single not-connected callback makes the unit assessed",
			events:   evs(missed("cb1", "T1", "a", "2026-10-20 10:00")),
			assessed: ptr(true),
			check:    isAssessed,
		},
		{
			name:     "二 a callback in November only: not assessed in October",
			events:   evs(missed("cb1", "T1", "a", "2026-11-02 10:00")),
			assessed: ptr(false),
			check:    notAssessed,
		},
		{
			name:     "二 a callback on an unreasonable ticket still makes the unit assessed",
			events:   evs(bothSatCallback("cb1", "T1", "a", "2026-10-20 10:00"), unreasonable("ua1", "T1", "2026-10-22 10:00")),
			assessed: ptr(true),
			counts:   map[string]int{"callback_tickets": 1, "connected": 0, "excluded_unreasonable": 1},
			check:    isAssessed,
		},
		{
			name:     "二 another unit's callback does not make this unit assessed",
			events:   evs(missed("cb1", "T1", "b", "2026-10-20 10:00")),
			assessed: ptr(false),
			check:    notAssessed,
		},
	})
}

func bothSatCallback(id, tk, u, at string) event.Event {
	return callback(id, tk, u, at, event.Satisfied, event.Satisfied)
}

// 五 考核等次 at the boundaries: 85 优秀, 75 良好, 60 达标 are inclusive.
func TestClause5_Grades(t *testing.T) {
	// total = organization + 90 − 0.5 × notices; organization 9.99 takes
	// 0.01 off.
	org999 := orgAssessed("o1", "a", "2026-10-01 09:00", "4.99", "5")
	for _, c := range []struct {
		name    string
		org     bool
		notices int
		total   string
		grade   score.Grade
	}{
		{"五 100: excellent 优秀", false, 0, "100", score.Excellent},
		{"五 85 is excellent 优秀 (inclusive)", false, 30, "85", score.Excellent},
		{"五 84.99 is good 良好", true, 30, "84.99", score.Good},
		{"五 75 is good 良好 (inclusive)", false, 50, "75", score.Good},
		{"五 74.99 is pass 达标", true, 50, "74.99", score.Pass},
		{"五 60 is pass 达标 (inclusive)", false, 80, "60", score.Pass},
		{"五 59.99 is fail 不达标", true, 80, "59.99", score.Fail},
		{"五 0 is fail 不达标", false, 200, "0", score.Fail},
	} {
		t.Run(c.name, func(t *testing.T) {
			events := evs(present("a", "2026-10-10 09:00"), criticisms("a", "2026-10-12 09:00", c.notices))
			if c.org {
				events = append(events, org999)
			}
			u := unitOf(t, monthOf(t, events, oct2026), "a")
			eqTotal(t, u, c.total)
			if u.Grade == nil || *u.Grade != c.grade {
				t.Errorf("grade %v, want %s", u.Grade, c.grade)
			}
		})
	}
}

// §5: events of a unit not in the registry are left out with a warning
// naming the unit.
func TestSection5_UnknownUnit(t *testing.T) {
	events := evs(present("a", "2026-10-10 09:00"),
		criticized("cr1", "ghost", "2026-10-12 09:00"),
		assigned("as1", "T1", "ghost", "2026-10-09 10:00", "2026-10-20 18:00"),
		criticized("cr2", "a", "2026-10-12 09:00"))
	res := monthOf(t, events, oct2026)
	for _, u := range res.Units {
		if u.UnitID == "ghost" {
			t.Errorf("unit ghost is in the result")
		}
	}
	found := false
	for _, w := range res.Warnings {
		found = found || strings.Contains(w, `"ghost"`)
	}
	if !found {
		t.Errorf("no warning names the unit ghost: %q", res.Warnings)
	}
	a := unitOf(t, res, "a")
	if a.Counts.Criticisms != 1 {
		t.Errorf("a criticisms = %d, want 1", a.Counts.Criticisms)
	}
	if n := len(res.Units); n != len(defaultUnits()) {
		t.Errorf("%d units in the result, want %d", n, len(defaultUnits()))
	}
}

// A period without any event: nobody is assessed, averages are null.
func TestEmptyPeriods(t *testing.T) {
	events := evs(present("a", "2026-10-10 09:00"))
	for _, res := range []*score.Result{
		monthOf(t, events, month(2025, time.March)),
		monthOf(t, nil, oct2026),
		yearOf(t, events, 2024),
	} {
		if res.Averages.ResultSatisfaction != nil || res.Averages.ProcessSatisfaction != nil {
			t.Errorf("%s: averages %+v, want null", res.Period, res.Averages)
		}
		for _, u := range res.Units {
			if u.Assessed || u.Rank != nil || u.Total != nil {
				t.Errorf("%s: %s assessed %v", res.Period, u.UnitID, u.Assessed)
			}
		}
		if len(res.Units) != len(defaultUnits()) {
			t.Errorf("%s: %d units", res.Period, len(res.Units))
		}
	}
}

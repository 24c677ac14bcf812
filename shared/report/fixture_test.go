package report

import (
	"time"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

func ptr[T any](v T) *T { return &v }

func pts(s string) *score.Points { return ptr(score.MustPoints(s)) }

func ratioExact(s string) *score.Ratio {
	r := score.Ratio{}
	if err := r.UnmarshalJSON([]byte(s)); err != nil {
		panic(err)
	}
	return &r
}

// scores makes the items from the 8 values in the order of score.Items.
func scores(v ...string) *score.Scores {
	return &score.Scores{
		Organization: score.MustPoints(v[0]), LateReturns: score.MustPoints(v[1]),
		NoncompliantReturns: score.MustPoints(v[2]), Overdue: score.MustPoints(v[3]),
		Supervision: score.MustPoints(v[4]), ResultSatisfaction: score.MustPoints(v[5]),
		ProcessSatisfaction: score.MustPoints(v[6]), Criticism: score.MustPoints(v[7]),
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// monthly is a hand-made monthly result: two groups, a tie, units not
// assessed, bottom units with each escalation, deductions (one moved from
// another unit, one waived), a ticket returned too often and a warning.
func monthly() *score.Result {
	return &score.Result{
		Period: "2026-10",
		Policy: "shizhong-2022-7",
		AsOf:   at("2026-11-05T09:30:00+08:00"), // in the policy zone, as the engine gives it
		Averages: score.Averages{
			ResultSatisfaction:  ratioExact("0.93123"),
			ProcessSatisfaction: ratioExact("0.955"),
		},
		Units: []score.UnitResult{
			{
				// Input order is not rank order: the writers sort.
				UnitID: "nanyuan", Name: "南苑镇", Group: unit.TownStreet, Assessed: true,
				Rank: ptr(4), Total: pts("58.5"), Grade: ptr(score.Fail),
				Bottom: true, Escalation: ptr(score.InterviewPrincipal), BottomRun: 3,
				Scores: scores("6", "9.2", "9.5", "12", "9.5", "6.3", "7", "1"),
				Counts: score.Counts{LateReturns: 4, NoncompliantUncontacted: 1, Overdue: 16, SupervisionRejected: 1,
					Criticisms: 2, CallbackTickets: 40, Connected: 35, ResultSatisfied: 25, ProcessSatisfied: 26, Assigned: 61},
				Flags: []string{},
				Deductions: []score.Deduction{
					{TicketID: "T-2026-10-0102", EventID: "T-2026-10-0102-2", Rule: score.RuleLateReturn, Points: score.MustPoints("0.2"), At: at("2026-10-09T07:12:00Z")},
					{EventID: "crit-2026-12", Rule: score.RuleCriticized, Points: score.MustPoints("0.5"), At: at("2026-10-15T02:00:00Z"), Note: "区政府办通报第12期"},
				},
			},
			{
				UnitID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet, Assessed: true,
				Rank: ptr(1), Total: pts("97.35"), Grade: ptr(score.Excellent),
				Scores: scores("10", "10", "10", "19.5", "10", "18.35", "20", "0.5"),
				Counts: score.Counts{Overdue: 1, Criticisms: 1, CallbackTickets: 12, Connected: 10,
					ExcludedUnreasonable: 1, ResultSatisfied: 9, ProcessSatisfied: 10, Assigned: 14},
				Flags: []string{},
				Deductions: []score.Deduction{
					{TicketID: "T-2026-10-0007", EventID: "T-2026-10-0007-1", Rule: score.RuleOverdue, Points: score.MustPoints("0.5"), At: at("2026-10-20T08:00:00Z")},
					{Rule: score.RuleResultSatisfaction, Points: score.MustPoints("1.65"), Note: "办理结果满意率90.00%，低于全区平均93.12%"},
					{EventID: "crit-2026-13", Rule: score.RuleCriticized, Points: score.MustPoints("0.5"), At: at("2026-10-28T06:30:00Z"), Note: "区政府办通报第13期"},
				},
			},
			{
				UnitID: "dongguan", Name: "东关街道", Group: unit.TownStreet, Assessed: true,
				Rank: ptr(2), Total: pts("88"), Grade: ptr(score.Good),
				Bottom: true, Escalation: ptr(score.Notice), BottomRun: 1,
				Scores: scores("10", "10", "10", "18", "10", "10", "20", "0"),
				Counts: score.Counts{Overdue: 4, CallbackTickets: 25, Connected: 22, ResultSatisfied: 18, ProcessSatisfied: 22, Assigned: 30},
				Flags:  []string{score.FlagOrgDefault},
			},
			{
				UnitID: "xiguan", Name: "西关街道", Group: unit.TownStreet, Assessed: true,
				Rank: ptr(3), Total: pts("75"), Grade: ptr(score.Good),
				Bottom: true, Escalation: ptr(score.InterviewDeputy), BottomRun: 2,
				Scores: scores("8", "10", "10", "17", "10", "0", "20", "0"),
				Counts: score.Counts{Overdue: 6, CallbackTickets: 30, Connected: 30, ResultSatisfied: 20, ProcessSatisfied: 29, Assigned: 33},
				Flags:  []string{},
			},
			{
				UnitID: "beishan", Name: "北山镇", Group: unit.TownStreet,
				Counts: score.Counts{Assigned: 2},
				Flags:  []string{},
			},
			{
				UnitID: "zhujian", Name: "区住建局", Group: unit.Department, Assessed: true,
				Rank: ptr(1), Total: pts("91.2"), Grade: ptr(score.Excellent),
				Scores: scores("10", "9.8", "10", "19", "10", "12.4", "20", "0"),
				Counts: score.Counts{LateReturns: 1, Overdue: 2, CallbackTickets: 18, Connected: 15, ResultSatisfied: 12,
					ProcessSatisfied: 15, Assigned: 22},
				Flags: []string{},
				Deductions: []score.Deduction{
					{TicketID: "T-2026-10-0042", EventID: "T-2026-10-0042-2", Rule: score.RuleLateReturn, Points: score.MustPoints("0.2"), At: at("2026-10-03T16:05:00Z")},
					{TicketID: "T-2026-10-0050", EventID: "T-2026-10-0050-1", Rule: score.RuleOverdue, Points: score.MustPoints("0.5"), At: at("2026-10-12T09:00:00Z")},
					{TicketID: "T-2026-10-0061", EventID: "T-2026-10-0061-1", Rule: score.RuleOverdue, Points: score.MustPoints("0.5"), At: at("2026-10-14T09:00:00Z"), FromUnitID: "chengguan"},
					// Waived after an appeal: listed, not counted (SPEC §5 v1.1).
					{TicketID: "T-2026-10-0070", EventID: "T-2026-10-0070-1", Rule: score.RuleOverdue, Points: score.MustPoints("0.5"), At: at("2026-10-16T09:00:00Z"),
						Waived: true, WaiverReason: "经核实系系统故障，申诉成立", WaiverID: "w-2026-11-0003", AppealID: "ap-2026-10-0003"},
					{Rule: score.RuleResultSatisfaction, Points: score.MustPoints("7.6")},
				},
			},
			{
				UnitID: "chengguan", Name: "区城管局", Group: unit.Department, Assessed: true,
				Rank: ptr(2), Total: pts("76.5"), Grade: ptr(score.Good),
				Scores: scores("5", "10", "10", "20", "10", "11.5", "10", "0"),
				Counts: score.Counts{CallbackTickets: 160, Connected: 150, ResultSatisfied: 130, ProcessSatisfied: 128, Assigned: 180},
				Flags:  []string{score.FlagStaffingShort},
			},
			{
				UnitID: "shuiwu", Name: "区水务局", Group: unit.Department, Assessed: true,
				Rank: ptr(2), Total: pts("76.5"), Grade: ptr(score.Good),
				Scores: scores("0", "10", "10", "6.5", "10", "20", "20", "0"),
				Counts: score.Counts{Overdue: 27, CallbackTickets: 3, Connected: 0, Assigned: 40},
				Flags:  []string{score.FlagNoConnectedCallbacks},
			},
			{
				UnitID: "dangan", Name: "区档案馆", Group: unit.Department,
				Flags: []string{},
			},
		},
		ReturnedOverLimit: []score.ReturnedTicket{
			{TicketID: "T-2026-10-0042", Returns: 4, Units: []string{"dongguan", "zhujian"}},
		},
		Warnings: []string{"工单 T-2026-10-0077 的回退（2026-10-08 10:12）没有对应的交办，未判断是否超时"},
	}
}

// annual is a hand-made annual result: no items, months assessed, no
// averages.
func annual() *score.Result {
	return &score.Result{
		Period: "2026",
		Policy: "shizhong-2022-7",
		AsOf:   at("2027-01-10T08:00:00+08:00"),
		Units: []score.UnitResult{
			{UnitID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet, Assessed: true,
				Rank: ptr(1), Total: pts("95.12"), Grade: ptr(score.Excellent), MonthsAssessed: ptr(12)},
			{UnitID: "nanyuan", Name: "南苑镇", Group: unit.TownStreet, Assessed: true,
				Rank: ptr(2), Total: pts("71.3"), Grade: ptr(score.Pass), MonthsAssessed: ptr(9)},
			{UnitID: "beishan", Name: "北山镇", Group: unit.TownStreet, MonthsAssessed: ptr(1)},
			{UnitID: "zhujian", Name: "区住建局", Group: unit.Department, Assessed: true,
				Rank: ptr(1), Total: pts("90"), Grade: ptr(score.Excellent), MonthsAssessed: ptr(11)},
		},
	}
}

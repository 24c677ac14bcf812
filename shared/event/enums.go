package event

import "slices"

// Channels are the pinned values of the `channel` field of an assignment
// (SPEC §1): every demand channel the method assesses (section 三).
var Channels = []string{
	"hotline_12345", "mayor_mailbox", "district_mailbox", "state_council_supervision",
	"leader_message_board", "provincial_hotline", "provincial_enterprise",
	"qihu_zaoying", "shandian_news", "other",
}

// Answers are the values of a callback's `result` and `process`.
var Answers = []string{Satisfied, BasicallySatisfied, Dissatisfied}

// The callback answers.
const (
	Satisfied          = "satisfied"
	BasicallySatisfied = "basically_satisfied"
	Dissatisfied       = "dissatisfied"
)

// Meetings are the values of a meeting_absent's `meeting`.
var Meetings = []string{"dispatch", "coordination", "onsite"}

// RedoReasons are the values of a redo's `reason` (section 六(一) 1–4).
var RedoReasons = []string{"false_report", "poor_quality", "buck_passing", "callback_dissatisfied"}

// CriticismReasons are the values of a criticized's `reason` (section 六(二) 1–5).
var CriticismReasons = []string{"not_handled", "repeatedly_urged", "false_result", "unreasonable_not_reported", "service_complaint"}

// DeductionRules are the values of a deduction_waived's `rule`: the rules of
// SPEC §8 whose deductions have an event and can be waived.
var DeductionRules = []string{"late_return", "noncompliant_return", "overdue", "supervision_rejected", "meeting_absent", "criticized"}

func oneOf(values []string, s string) bool { return slices.Contains(values, s) }

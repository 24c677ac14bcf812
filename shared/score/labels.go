package score

// Item is one scored item of SPEC §6; its value is the pinned output key.
type Item string

// The items, in the order of the method.
const (
	Organization        Item = "organization"
	LateReturns         Item = "late_returns"
	NoncompliantReturns Item = "noncompliant_returns"
	Overdue             Item = "overdue"
	Supervision         Item = "supervision"
	ResultSatisfaction  Item = "result_satisfaction"
	ProcessSatisfaction Item = "process_satisfaction"
	Criticism           Item = "criticism"
)

// Items lists the items in the order of the method.
var Items = []Item{Organization, LateReturns, NoncompliantReturns, Overdue, Supervision, ResultSatisfaction, ProcessSatisfaction, Criticism}

// Label is the item's Chinese name as the method writes it.
func (i Item) Label() string {
	switch i {
	case Organization:
		return "组织机构建设"
	case LateReturns:
		return "回退件"
	case NoncompliantReturns:
		return "不合规工单"
	case Overdue:
		return "超期件"
	case Supervision:
		return "督办件"
	case ResultSatisfaction:
		return "办理结果满意率"
	case ProcessSatisfaction:
		return "服务过程满意率"
	case Criticism:
		return "通报批评"
	}
	return string(i)
}

// Grade is a grade of SPEC §7 (pinned values).
type Grade string

// The grades, best first.
const (
	Excellent Grade = "excellent"
	Good      Grade = "good"
	Pass      Grade = "pass"
	Fail      Grade = "fail"
)

// Label is the grade's Chinese name.
func (g Grade) Label() string {
	switch g {
	case Excellent:
		return "优秀"
	case Good:
		return "良好"
	case Pass:
		return "达标"
	case Fail:
		return "不达标"
	}
	return string(g)
}

// Escalation is the consequence of consecutive bottom months (SPEC §7,
// pinned values; method section 七).
type Escalation string

// The escalations, mildest first.
const (
	Notice             Escalation = "notice"
	InterviewDeputy    Escalation = "interview_deputy"
	InterviewPrincipal Escalation = "interview_principal"
)

// Label is what the escalation means, as the method words it.
func (e Escalation) Label() string {
	switch e {
	case Notice:
		return "区政府办公室通报批评"
	case InterviewDeputy:
		return "区委组织部分管副部长约谈分管负责人"
	case InterviewPrincipal:
		return "区委组织部部长及区政府分管领导约谈主要负责人"
	}
	return string(e)
}

// Rule names what caused a deduction; its value is the output key.
type Rule string

// The rules behind deductions.
const (
	RuleLateReturn          Rule = "late_return"
	RuleNoncompliantReturn  Rule = "noncompliant_return"
	RuleOverdue             Rule = "overdue"
	RuleSupervisionRejected Rule = "supervision_rejected"
	RuleMeetingAbsent       Rule = "meeting_absent"
	RuleCriticized          Rule = "criticized"
	RuleOrganization        Rule = "organization"
	RuleResultSatisfaction  Rule = "result_satisfaction"
	RuleProcessSatisfaction Rule = "process_satisfaction"
)

// Label is the rule's Chinese description, citing the method.
func (r Rule) Label() string {
	switch r {
	case RuleLateReturn:
		return "超过1个工作日回退（四(二)1）"
	case RuleNoncompliantReturn:
		return "未与反映人联系直接回退（四(二)2）"
	case RuleOverdue:
		return "超期件（四(二)3）"
	case RuleSupervisionRejected:
		return "督办件回复仍不符合办结条件（四(二)4）"
	case RuleMeetingAbsent:
		return "无故不参加调度会、协调会或现场办公会（四(二)4）"
	case RuleCriticized:
		return "通报批评（六(二)）"
	case RuleOrganization:
		return "组织机构建设（四(一)）"
	case RuleResultSatisfaction:
		return "办理结果满意率低于全区平均（四(三)1）"
	case RuleProcessSatisfaction:
		return "服务过程满意率低于全区平均（四(三)2）"
	}
	return string(r)
}

// The flags a unit's result may carry.
const (
	FlagOrgDefault           = "org_default"            // no organisation assessment: full points
	FlagNoConnectedCallbacks = "no_connected_callbacks" // no connected callback: full satisfaction
	FlagStaffingShort        = "staffing_short"         // busy unit below the minimum staff: staffing 0, or only flagged (organization.staffing_rule)
)

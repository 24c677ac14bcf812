package centrebook

import "github.com/shizhong/hotline/shared/event"

// The Chinese of the values the workbook's lists offer, as the page writes
// them; centre-workbook.yaml reads them back (a test holds the two together).

// MeetingLabels are the labels of a meeting_absent's `meeting`, in the
// order of event.Meetings.
var MeetingLabels = map[string]string{
	"dispatch":     "调度会",
	"coordination": "协调会",
	"onsite":       "现场办公会",
}

// CriticismLabels are the labels of a criticized's `reason` (section 六(二)
// 1–5), by event.CriticismReasons.
var CriticismLabels = map[string]string{
	"not_handled":               "未按要求办理",
	"repeatedly_urged":          "多次催办仍未办理",
	"false_result":              "虚报办理结果",
	"unreasonable_not_reported": "不合理诉求未及时上报",
	"service_complaint":         "服务态度被投诉",
}

// RedoLabels are the labels of a redo's `reason` (section 六(一) 1–4), by
// event.RedoReasons.
var RedoLabels = map[string]string{
	"false_report":          "反馈内容与实际不符",
	"poor_quality":          "办理质量不符合要求",
	"buck_passing":          "互相推诿、拖延不办",
	"callback_dissatisfied": "回访不满意被退回",
}

// labelsOf lists the labels of values in their order.
func labelsOf(values []string, labels map[string]string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = labels[v]
	}
	return out
}

// The orders the lists offer the values in: the contract's.
var (
	meetingOrder   = event.Meetings
	criticismOrder = event.CriticismReasons
	redoOrder      = event.RedoReasons
)

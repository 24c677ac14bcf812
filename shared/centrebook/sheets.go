package centrebook

import "github.com/shizhong/hotline/shared/event"

// FileName is the workbook's name, as docs/import.md gives it.
const FileName = "中心记录.xlsx"

// The sheets that are not a table of events.
const (
	ReadmeSheet = "说明"   // the instructions, first
	UnitsSheet  = "单位名单" // hidden: the units the 单位 lists offer
	OrgSheet    = "组织机构建设评分"
)

// kind is what a column holds, which chooses its cell style and its list.
type kind int

const (
	text      kind = iota
	instant        // a date-time cell (an Excel serial with a date-time format)
	unitName       // a unit by name, from the list of 单位名单
	unitID         // a unit by id, from the list of 单位名单
	meeting        // one of MeetingLabels
	criticism      // one of CriticismLabels
	redo           // one of RedoLabels
	score          // a decimal from 0 to 5
	whole          // a whole number ≥ 0
)

// column is one column of a sheet: its header (row 1), what it holds and
// its width in characters.
type column struct {
	header string
	kind   kind
	width  float64
}

// layout is one sheet of events: its name, the type of its events, its
// columns in order and what the instructions say of it.
type layout struct {
	name    string
	typ     event.Type
	columns []column
	about   string
}

// Common columns.
var (
	unitCol   = column{"单位", unitName, 26}
	ticketCol = column{"工单编号", text, 18}
)

// layouts are the sheets of events in workbook order; centre-workbook.yaml
// reads them by these names and headers.
var layouts = []layout{
	{OrgSheet, event.OrgAssessed, []column{
		{"单位编号", unitID, 18}, {"单位名称", text, 26}, {"评定日期", instant, 20},
		{"组织领导得分", score, 14}, {"人员配备得分", score, 14}, {"工作人员数", whole, 12},
	}, "组织机构建设评定，办法四（一），满分10分：主要领导重视、规章制度健全、办理机制顺畅得分（组织领导得分，0–5分，可有小数）；有分管领导、责任科室和责任人员得分（人员配备得分，0–5分）。每个单位已列一行，填评定日期和两项得分；两项得分都空着的行不读入。一年内再次评定的，在表末另起一行。"},
	{"调度会缺席", event.MeetingAbsent, []column{
		unitCol, {"会议时间", instant, 20}, {"会议类型", meeting, 14}, ticketCol,
	}, "无故不参加调度会、协调会或现场办公会，办法四（二）4，每件次扣0.5分。工单编号可空。"},
	{"通报批评", event.Criticized, []column{
		unitCol, {"通报时间", instant, 20}, {"原因", criticism, 24}, ticketCol,
	}, "通报批评，办法六（二）1–5，同时扣0.5分；原因从列表中选。工单编号可空。"},
	{"督办不合格", event.SupervisionRejected, []column{
		ticketCol, unitCol, {"认定时间", instant, 20},
	}, "进入督办程序的工单，回复办理结果仍不符合办结条件，办法四（二）4，每件次扣0.5分。"},
	{"超期责任认定", event.OverdueReassigned, []column{
		ticketCol, unitCol, {"认定时间", instant, 20}, {"改由单位", unitName, 26}, {"申诉编号", text, 18},
	}, "因其他单位回退导致的超期件，由中心确定超期责任单位，办法四（二）3：填改由单位；改由单位空着即免于扣分。申诉编号可空。"},
	{"不合理诉求", event.UnreasonableApproved, []column{
		ticketCol, {"审核通过时间", instant, 20},
	}, "经市长热线平台审核通过的不合理诉求工单，不计入满意率，办法四（三）。"},
	{"退回重办", event.Redo, []column{
		ticketCol, unitCol, {"退回时间", instant, 20}, {"原因", redo, 24},
	}, "退回重办，办法六（一）1–4；原因从列表中选。"},
}

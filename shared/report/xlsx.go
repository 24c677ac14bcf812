package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/score"
)

// The sheets besides one per group.
const (
	escalationsSheet = "问责名单"
	deductionsSheet  = "扣分明细"
	returnedSheet    = "回退超过3次"
	notesSheet       = "说明"
)

// WriteXLSX writes r as an Excel workbook: one sheet per group named by its
// Chinese label (镇街, 区直部门) with the CSV's columns, the bottom units
// filled light red, and below the table a bar chart of the group's totals;
// then 问责名单 (the units with an escalation), 扣分明细 (every deduction
// with its ticket, rule and event, and whether it was waived), 回退超过3次
// (tickets returned more than 3 times) and 说明 (period, policy, as-of
// time, averages, warnings). Every sheet opens with a title row (考核期,
// 政策, 截至) above a bold header row, both frozen; tables are bordered,
// columns as wide as their text; scores are numbers shown with 2 decimals.
// Times are in the policy's zone (zone.go). The same result gives the same
// bytes.
func WriteXLSX(w io.Writer, r *score.Result) error { return WriteXLSXWithAppeals(w, r, nil) }

// WriteXLSXWithAppeals writes r as WriteXLSX does and, when appeals is not
// nil, after 扣分明细 the sheet 申诉处理: every appeal of the month (SPEC
// v1.1 §12) in the order given, with its deduction, its filing, its status
// (待处理, 已同意, 已驳回, 已撤回), the decision, the correction granting it
// recorded (扣分核销, 责任改判至 a unit) and 变动分值, the points it gave
// back to its unit (0 unless granted); an empty list shows one row, 本月无申诉.
// Times are in the result's zone, or calendar.DefaultLocation for a result
// without an as-of time. The same result and appeals give the same bytes.
func WriteXLSXWithAppeals(w io.Writer, r *score.Result, appeals []appeal.Appeal) error {
	var appealed [][]cell
	if appeals != nil {
		var err error
		if appealed, err = appealRows(r, appeals); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	x := newWorkbook(r)
	cols := unitColumns(isAnnual(r))
	nameCol, totalCol := columnIndex(cols, "单位"), columnIndex(cols, "总分")
	groups := byGroup(r)
	for _, g := range groups {
		t := sheetTable{name: g.group.Label(), header: headers(cols),
			rows: make([][]cell, len(g.units)), marked: make([]bool, len(g.units))}
		totals := 0 // the leading units with a total: ranked, then assessed
		for i, u := range g.units {
			t.rows[i] = make([]cell, len(cols))
			for j, c := range cols {
				t.rows[i][j] = c.value(u)
			}
			t.marked[i] = u.Bottom
			if u.Total != nil && totals == i {
				totals++
			}
		}
		x.totalsChart(x.sheet(t), t, totals, nameCol, totalCol)
	}
	x.sheet(sheetTable{name: escalationsSheet, header: []string{"组别", "单位编号", "单位", "排名", "总分", "连续靠后月数", "问责"},
		rows: escalations(r, groups)})
	x.sheet(sheetTable{name: deductionsSheet, header: deductionHeaders, rows: deductions(r, groups)})
	if appeals != nil {
		x.sheet(sheetTable{name: appealsSheet, header: appealHeaders, rows: appealed})
	}
	var returned [][]cell
	names := namesOf(r)
	for _, t := range r.ReturnedOverLimit {
		returned = append(returned, []cell{
			textOf(t.TicketID), intOf(t.Returns), textOf(names.names(t.Units)), textOf(strings.Join(t.Units, ",")),
		})
	}
	x.sheet(sheetTable{name: returnedSheet, header: []string{"工单编号", "回退次数", "承办单位", "单位编号"}, rows: returned})
	x.sheet(sheetTable{name: notesSheet, header: []string{"项目", "内容"}, rows: notes(r)})
	return x.write(w)
}

// columnIndex is the index of the column headed h.
func columnIndex(cols []column, h string) int {
	for i, c := range cols {
		if c.header == h {
			return i
		}
	}
	panic("report: no column " + h) // unitColumns always has it
}

// escalations are the rows of the 问责名单 sheet: every unit with an
// escalation, in the order of the group sheets, or one row saying there is
// none (an annual result never has one: escalation follows consecutive
// bottom months).
func escalations(r *score.Result, groups []groupUnits) [][]cell {
	var rows [][]cell
	for _, g := range groups {
		for _, u := range g.units {
			if u.Escalation == nil {
				continue
			}
			rows = append(rows, []cell{
				textOf(u.Group.Label()), textOf(u.UnitID), textOf(u.Name), intPtr(u.Rank), pointsPtr(u.Total),
				intOf(u.BottomRun), textOf(escalationLabel(u.Escalation)),
			})
		}
	}
	if len(rows) > 0 {
		return rows
	}
	if isAnnual(r) {
		return [][]cell{{textOf("年度结果不含问责（问责按月度连续排名靠后确定）")}}
	}
	return [][]cell{{textOf("本期无问责单位")}}
}

// deductionHeaders are the columns of the 扣分明细 sheet: the event that
// caused each deduction (SPEC §8 v1.1), and for a waived one (已核销) the
// waiver's reason, id and appeal, come after the columns of v1.0.
var deductionHeaders = []string{"单位", "单位编号", "工单编号", "规则", "扣分", "时间", "转自单位", "备注",
	"事件编号", "核销", "核销理由", "核销记录", "申诉编号"}

// deductions are the rows of the 扣分明细 sheet, unit by unit in the order
// of the group sheets. A waived deduction shows the points it would have
// cost, marked 已核销: it counts in no score.
func deductions(r *score.Result, groups []groupUnits) [][]cell {
	names, zone := namesOf(r), zoneOf(r)
	var rows [][]cell
	for _, g := range groups {
		for _, u := range g.units {
			for _, d := range u.Deductions {
				at := ""
				if !d.At.IsZero() {
					at = localTime(d.At, zone)
				}
				from := ""
				if d.FromUnitID != "" {
					from = names.name(d.FromUnitID)
				}
				waived := ""
				if d.Waived {
					waived = "已核销"
				}
				rows = append(rows, []cell{
					textOf(u.Name), textOf(u.UnitID), textOf(d.TicketID), textOf(d.Rule.Label()),
					pointsOf(d.Points), textOf(at), textOf(from), textOf(d.Note),
					textOf(d.EventID), textOf(waived), textOf(d.WaiverReason), textOf(d.WaiverID), textOf(d.AppealID),
				})
			}
		}
	}
	return rows
}

// notes are the rows of the 说明 sheet.
func notes(r *score.Result) [][]cell {
	kind := "月度"
	if isAnnual(r) {
		kind = "年度"
	}
	asOf := ""
	if !r.AsOf.IsZero() {
		asOf = localTime(r.AsOf, zoneOf(r)) + "（" + zoneLabel(r.AsOf) + "）"
	}
	ratio := func(p *score.Ratio) cell {
		if p == nil {
			return textOf("无（本期无接通回访）")
		}
		return cell{kind: ratioCell, r: *p}
	}
	rows := [][]cell{
		{textOf("考核期"), textOf(r.Period)},
		{textOf("类型"), textOf(kind)},
		{textOf("政策"), textOf(r.Policy)},
		{textOf("计算截至"), textOf(asOf)},
		{textOf("全区办理结果满意率"), ratio(r.Averages.ResultSatisfaction)},
		{textOf("全区服务过程满意率"), ratio(r.Averages.ProcessSatisfaction)},
	}
	for _, g := range groupAverages(r) {
		rows = append(rows,
			[]cell{textOf(g.group.Label() + "组内办理结果满意率"), ratio(g.avg.ResultSatisfaction)},
			[]cell{textOf(g.group.Label() + "组内服务过程满意率"), ratio(g.avg.ProcessSatisfaction)},
		)
	}
	if len(r.GroupAverages) > 0 {
		rows = append(rows, []cell{textOf("满意率比较"), textOf("各单位与本组组内平均比较（satisfaction.average: group）")})
	}
	if !isAnnual(r) {
		rows = append(rows, []cell{textOf("注"), textOf("“通报批评”列为从总分中扣减的分数")})
	}
	if len(r.Warnings) == 0 {
		rows = append(rows, []cell{textOf("提示"), textOf("无")})
	}
	for _, s := range r.Warnings {
		rows = append(rows, []cell{textOf("提示"), textOf(s)})
	}
	return rows
}

package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/score"
)

// The sheets besides one per group.
const (
	deductionsSheet = "扣分明细"
	returnedSheet   = "回退超过3次"
	notesSheet      = "说明"
)

// WriteXLSX writes r as an Excel workbook: one sheet per group named by its
// Chinese label (镇街, 区直部门) with the CSV's columns, then 扣分明细 (every
// deduction with its ticket and rule), 回退超过3次 (tickets returned more than
// 3 times) and 说明 (period, policy, as-of time, averages, warnings). Header
// rows are bold and frozen; scores are numbers shown with 2 decimals.
func WriteXLSX(w io.Writer, r *score.Result) error {
	x, err := newWorkbook()
	if err != nil {
		return err
	}
	defer x.f.Close()

	cols := unitColumns(isAnnual(r))
	groups := byGroup(r)
	for _, g := range groups {
		rows := make([][]cell, len(g.units))
		for i, u := range g.units {
			rows[i] = make([]cell, len(cols))
			for j, c := range cols {
				rows[i][j] = c.value(u)
			}
		}
		if err := x.sheet(sheetName(g.group.Label()), headers(cols), rows); err != nil {
			return err
		}
	}

	names := namesOf(r)
	var deductions [][]cell
	for _, g := range groups {
		for _, u := range g.units {
			for _, d := range u.Deductions {
				at := ""
				if !d.At.IsZero() {
					at = shanghai(d.At)
				}
				from := ""
				if d.FromUnitID != "" {
					from = names.name(d.FromUnitID)
				}
				deductions = append(deductions, []cell{
					textOf(u.Name), textOf(u.UnitID), textOf(d.TicketID), textOf(d.Rule.Label()),
					pointsOf(d.Points), textOf(at), textOf(from), textOf(d.Note),
				})
			}
		}
	}
	if err := x.sheet(deductionsSheet,
		[]string{"单位", "单位编号", "工单编号", "规则", "扣分", "时间", "转自单位", "备注"}, deductions); err != nil {
		return err
	}

	var returned [][]cell
	for _, t := range r.ReturnedOverLimit {
		returned = append(returned, []cell{
			textOf(t.TicketID), intOf(t.Returns), textOf(names.names(t.Units)), textOf(strings.Join(t.Units, ",")),
		})
	}
	if err := x.sheet(returnedSheet, []string{"工单编号", "回退次数", "承办单位", "单位编号"}, returned); err != nil {
		return err
	}

	if err := x.sheet(notesSheet, []string{"项目", "内容"}, notes(r)); err != nil {
		return err
	}
	x.f.SetActiveSheet(0)
	return x.f.Write(w)
}

// notes are the rows of the 说明 sheet.
func notes(r *score.Result) [][]cell {
	kind := "月度"
	if isAnnual(r) {
		kind = "年度"
	}
	asOf := ""
	if !r.AsOf.IsZero() {
		asOf = shanghai(r.AsOf) + "（北京时间）"
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

// workbook is an excelize file being filled sheet by sheet.
type workbook struct {
	f       *excelize.File
	sheets  int
	header  int // bold
	points  int // 0.00
	percent int // 0.00%
}

func newWorkbook() (*workbook, error) {
	x := &workbook{f: excelize.NewFile()}
	var err error
	styles := []struct {
		id *int
		s  *excelize.Style
	}{
		{&x.header, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&x.points, &excelize.Style{NumFmt: 2}},   // built-in "0.00"
		{&x.percent, &excelize.Style{NumFmt: 10}}, // built-in "0.00%"
	}
	for _, s := range styles {
		if *s.id, err = x.f.NewStyle(s.s); err != nil {
			x.f.Close()
			return nil, err
		}
	}
	return x, nil
}

// Column widths in Excel's units (about one digit each), from the widest
// cell's display width.
const (
	minColWidth = 6
	maxColWidth = 80
)

// sheet adds a sheet with a bold frozen header row and the rows. The first
// sheet takes the place of the new file's default one, so none is left over.
func (x *workbook) sheet(name string, header []string, rows [][]cell) error {
	f := x.f
	if x.sheets == 0 {
		if err := f.SetSheetName(f.GetSheetList()[0], name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	x.sheets++

	widths := make([]int, len(header))
	for j, h := range header {
		if err := x.set(name, j, 1, textOf(h), x.header); err != nil {
			return err
		}
		widths[j] = displayWidth(h)
	}
	for i, row := range rows {
		for j, c := range row {
			style := 0
			switch c.kind {
			case pointsCell:
				style = x.points
			case ratioCell:
				style = x.percent
			}
			if err := x.set(name, j, i+2, c, style); err != nil {
				return err
			}
			widths[j] = max(widths[j], displayWidth(shown(c)))
		}
	}
	for j, w := range widths {
		col, err := excelize.ColumnNumberToName(j + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(name, col, col, float64(min(max(w+2, minColWidth), maxColWidth))); err != nil {
			return err
		}
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// set writes one cell (column j from 0, row from 1) with a style (0: none).
func (x *workbook) set(sheet string, j, row int, c cell, style int) error {
	ref, err := excelize.CoordinatesToCellName(j+1, row)
	if err != nil {
		return err
	}
	switch c.kind {
	case blankCell:
		return nil
	case textCell:
		err = x.f.SetCellStr(sheet, ref, c.text)
	case intCell:
		err = x.f.SetCellInt(sheet, ref, int64(c.n))
	case pointsCell:
		err = x.setFloat(sheet, ref, c.p.Round(2).String())
	case ratioCell:
		err = x.setFloat(sheet, ref, c.r.String())
	}
	if err != nil || style == 0 {
		return err
	}
	return x.f.SetCellStyle(sheet, ref, ref, style)
}

// setFloat writes an exact decimal as a number cell. The float is only the
// cell's value for Excel; the scores themselves stay exact decimals.
func (x *workbook) setFloat(sheet, ref, decimal string) error {
	v, err := strconv.ParseFloat(decimal, 64)
	if err != nil {
		return err
	}
	return x.f.SetCellFloat(sheet, ref, v, -1, 64)
}

// shown is the cell as Excel displays it, for column widths.
func shown(c cell) string {
	switch c.kind {
	case pointsCell:
		return c.p.StringFixed(2)
	case ratioCell:
		return c.r.Shift(2).StringFixed(2) + "%"
	}
	return c.String()
}

// sheetName makes a group label a valid sheet name: at most 31 characters,
// none of : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "_"
	}
	return s
}

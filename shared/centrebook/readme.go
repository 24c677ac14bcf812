package centrebook

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// readmeLines are the instructions of the 说明 sheet, before the table of
// the sheets.
var readmeLines = []string{
	"中心记录 —— 市中区12345政务服务便民热线工作考核",
	"依据《市中区12345政务服务便民热线工作考核办法》（市中政办字〔2022〕7号）。本工作簿记录平台导出中没有、由区长热线服务中心认定的考核事项；填好后用 hotline import 中心记录.xlsx 读入（已读入的行再次读入不会重复记分）。",
	"填写要求：",
	"1. 每张表第1行是列名，请勿改动表名和列名，也不要插入空行；从第2行起每行记一件。",
	"2. 单位、改由单位请从下拉列表中选择（列表来自单位名录）；也可填写单位编号或单位名录中登记的别名。",
	"3. 时间请填日期时间，例如 2026/10/9 10:15:00（可只填到分钟，评定日期可只填日期），一律按北京时间。",
	"4. 会议类型、原因请从下拉列表中选择；得分填0–5之间的数，可有一位或两位小数；工作人员数填整数。",
	"5. 扣分的免除（申诉成立后）和误录事项的撤销不在本工作簿中办理：它们要指明被免除或撤销的那一条记录，请在考核系统的页面上或通过接口办理。",
	"",
	"各表记录的事项：",
}

// readme writes the 说明 sheet.
func (w *Writer) readme() error {
	f := w.f
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetColWidth(ReadmeSheet, "A", "A", 18); err != nil {
		return err
	}
	if err := f.SetColWidth(ReadmeSheet, "B", "B", 90); err != nil {
		return err
	}
	row := 0
	for _, s := range readmeLines {
		row++
		cell := "A" + strconv.Itoa(row)
		if err := f.SetCellValue(ReadmeSheet, cell, s); err != nil {
			return err
		}
		if err := f.MergeCell(ReadmeSheet, cell, "B"+strconv.Itoa(row)); err != nil {
			return err
		}
		if err := f.SetCellStyle(ReadmeSheet, cell, cell, wrap); err != nil {
			return err
		}
		if len(s) > 120 {
			if err := f.SetRowHeight(ReadmeSheet, row, 45); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(ReadmeSheet, "A1", "A1", bold); err != nil {
		return err
	}
	for _, l := range layouts {
		row++
		r := strconv.Itoa(row)
		if err := f.SetSheetRow(ReadmeSheet, "A"+r, &[]any{l.name, l.about}); err != nil {
			return err
		}
		if err := f.SetCellStyle(ReadmeSheet, "A"+r, "B"+r, wrap); err != nil {
			return err
		}
		if err := f.SetRowHeight(ReadmeSheet, row, 45); err != nil {
			return err
		}
	}
	return nil
}

// unitList writes the hidden sheet of the units the 单位 lists offer: names
// in column A, ids in column B, from row 2.
func (w *Writer) unitList() error {
	f := w.f
	if err := f.SetSheetRow(UnitsSheet, "A1", &[]any{"单位名称", "单位编号"}); err != nil {
		return err
	}
	for i, u := range w.reg.Units() {
		if err := f.SetSheetRow(UnitsSheet, "A"+strconv.Itoa(i+2), &[]any{u.Name, u.ID}); err != nil {
			return err
		}
	}
	return f.SetColWidth(UnitsSheet, "A", "B", 26)
}

// validate adds the validation of every column of l that takes one of a
// few values or a number.
func (w *Writer) validate(l layout) error {
	n := w.reg.Len()
	for i, c := range l.columns {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = col + "2:" + col + strconv.Itoa(lastRow)
		msg := ""
		switch c.kind {
		case unitName, unitID:
			if n == 0 {
				continue
			}
			list := "A"
			if c.kind == unitID {
				list = "B"
			}
			dv.SetSqrefDropList("'" + UnitsSheet + "'!$" + list + "$2:$" + list + "$" + strconv.Itoa(n+1))
			msg = "请从列表中选择单位"
		case meeting:
			err = dv.SetDropList(labelsOf(meetingOrder, MeetingLabels))
			msg = "请从列表中选择会议类型"
		case criticism:
			err = dv.SetDropList(labelsOf(criticismOrder, CriticismLabels))
			msg = "请从列表中选择原因"
		case redo:
			err = dv.SetDropList(labelsOf(redoOrder, RedoLabels))
			msg = "请从列表中选择原因"
		case score:
			err = dv.SetRange(0, 5, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			msg = "得分是0到5之间的数"
		case whole:
			err = dv.SetRange(0, "", excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual)
			msg = "工作人员数是不小于0的整数"
		default:
			continue
		}
		if err != nil {
			return fmt.Errorf("column %s: %w", c.header, err)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, c.header, msg)
		if err := w.f.AddDataValidation(l.name, dv); err != nil {
			return err
		}
	}
	return nil
}

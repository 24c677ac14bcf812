package report

import (
	"strconv"

	"github.com/xuri/excelize/v2"
)

// The rows of every sheet: a title row, the header row, then the table.
const (
	titleRow  = 1
	headerRow = 2
	firstRow  = 3
)

// Column widths in Excel's units (about one digit, half a Chinese
// character, each), from the widest cell's display width.
const (
	minColWidth = 6
	maxColWidth = 80
)

// sheetTable is what one sheet shows.
type sheetTable struct {
	name   string
	header []string
	rows   [][]cell
	marked []bool // rows highlighted, by index: the bottom units
}

// sheet adds a sheet named from t.name (made valid and unique) and returns
// its name. Its first row is the title (the sheet's name, the period, the
// policy, the as-of time), in A1 and running over the empty cells to its
// right (merged cells would cut it short over a narrow table); then the bold header row, both
// frozen; then the rows, every cell bordered, a marked row filled light red.
// Columns are as wide as their widest cell, a Chinese character counting 2.
// The first sheet is the one shown when the workbook opens.
func (x *workbook) sheet(t sheetTable) string {
	name := x.uniqueSheetName(t.name)
	if x.sheets == 0 {
		x.check(x.f.SetSheetName(x.f.GetSheetName(0), name))
	} else {
		_, err := x.f.NewSheet(name)
		x.check(err)
	}
	x.sheets++

	ncols := len(t.header)
	for _, row := range t.rows {
		ncols = max(ncols, len(row))
	}
	ncols = max(ncols, 1)
	last := columnName(ncols - 1)

	x.check(x.f.SetCellStr(name, ref(0, titleRow), cellString(t.name+"  "+x.title)))
	x.check(x.f.SetCellStyle(name, ref(0, titleRow), ref(0, titleRow), x.styles.title))
	x.check(x.f.SetRowHeight(name, titleRow, 24))

	widths := make([]int, ncols)
	x.check(x.f.SetCellStyle(name, ref(0, headerRow), last+strconv.Itoa(headerRow), x.styles.header))
	for j, h := range t.header {
		x.check(x.f.SetCellStr(name, ref(j, headerRow), cellString(h)))
		widths[j] = displayWidth(h)
	}
	for i, row := range t.rows {
		r := firstRow + i
		marked := i < len(t.marked) && t.marked[i]
		for j := range ncols {
			var c cell
			if j < len(row) {
				c = row[j]
			}
			x.check(x.f.SetCellStyle(name, ref(j, r), ref(j, r), x.styles.cell(c.kind, marked)))
			x.setCell(name, ref(j, r), c)
			widths[j] = max(widths[j], displayWidth(shown(c)))
		}
	}
	for j, w := range widths {
		col := columnName(j)
		x.check(x.f.SetColWidth(name, col, col, float64(min(max(w+2, minColWidth), maxColWidth))))
	}
	top := ref(0, firstRow)
	x.check(x.f.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: headerRow, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
	}))
	return name
}

// setCell writes one cell's value. Text goes to the shared strings; numbers
// are written from their exact decimal strings, never through a float. A
// blank cell keeps only its style.
func (x *workbook) setCell(sheet, at string, c cell) {
	switch c.kind {
	case textCell:
		x.check(x.f.SetCellStr(sheet, at, cellString(c.text)))
	case intCell:
		x.check(x.f.SetCellDefault(sheet, at, strconv.Itoa(c.n)))
	case pointsCell:
		x.check(x.f.SetCellDefault(sheet, at, c.p.Round(2).String()))
	case ratioCell:
		x.check(x.f.SetCellDefault(sheet, at, c.r.String()))
	}
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

// ref is the reference of the cell in column j (from 0) and row (from 1):
// A1, AE3.
func ref(j, row int) string { return columnName(j) + strconv.Itoa(row) }

// columnName is the letters of column j (from 0): A … Z, AA … ZZ, AAA ….
func columnName(j int) string {
	name, err := excelize.ColumnNumberToName(j + 1)
	if err != nil {
		panic(err) // j is a column of a table this package built
	}
	return name
}

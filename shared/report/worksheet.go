package report

import (
	"strconv"
	"strings"
)

// Column widths in Excel's units (about one digit each), from the widest
// cell's display width.
const (
	minColWidth = 6
	maxColWidth = 80
)

// sheet adds a sheet named from name (made valid and unique) with a bold
// header row, frozen, above the rows. The first sheet is the one selected
// when the workbook opens.
func (x *workbook) sheet(name string, header []string, rows [][]cell) {
	ncols := len(header)
	for _, row := range rows {
		ncols = max(ncols, len(row))
	}
	widths := make([]int, ncols)
	for j, h := range header {
		widths[j] = displayWidth(h)
	}
	for _, row := range rows {
		for j, c := range row {
			widths[j] = max(widths[j], displayWidth(shown(c)))
		}
	}

	var b strings.Builder
	b.WriteString(xmlDecl + `<worksheet xmlns="` + mainNS + `" xmlns:r="` + relNS + `">`)
	last := "A1"
	if ncols > 0 {
		last = columnName(ncols-1) + strconv.Itoa(len(rows)+1)
	}
	b.WriteString(`<dimension ref="A1:` + last + `"/>`)
	b.WriteString(`<sheetViews><sheetView`)
	if len(x.sheets) == 0 {
		b.WriteString(` tabSelected="1"`)
	}
	b.WriteString(` workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	if ncols > 0 {
		b.WriteString(`<cols>`)
		for j, w := range widths {
			n := strconv.Itoa(j + 1)
			b.WriteString(`<col min="` + n + `" max="` + n + `" width="` +
				strconv.Itoa(min(max(w+2, minColWidth), maxColWidth)) + `" customWidth="1"/>`)
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	b.WriteString(`<row r="1">`)
	for j, h := range header {
		x.cell(&b, j, 1, textOf(h), headerStyle)
	}
	b.WriteString(`</row>`)
	for i, row := range rows {
		n := strconv.Itoa(i + 2)
		b.WriteString(`<row r="` + n + `">`)
		for j, c := range row {
			style := plainStyle
			switch c.kind {
			case pointsCell:
				style = pointsStyle
			case ratioCell:
				style = percentStyle
			}
			x.cell(&b, j, i+2, c, style)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	x.sheets = append(x.sheets, worksheet{name: x.uniqueSheetName(name), xml: b.String()})
}

// cell writes one cell (column j from 0, row from 1) with a style. Text
// goes to the shared strings; numbers are written from their exact decimal
// strings, never through a float. A blank cell is left out.
func (x *workbook) cell(b *strings.Builder, j, row int, c cell, style int) {
	var t, v string
	switch c.kind {
	case blankCell:
		return
	case textCell:
		t, v = "s", strconv.Itoa(x.strings.add(c.text))
	case intCell:
		v = strconv.Itoa(c.n)
	case pointsCell:
		v = c.p.Round(2).String()
	case ratioCell:
		v = c.r.String()
	}
	b.WriteString(`<c r="` + columnName(j) + strconv.Itoa(row) + `"`)
	if style != plainStyle {
		b.WriteString(` s="` + strconv.Itoa(style) + `"`)
	}
	if t != "" {
		b.WriteString(` t="` + t + `"`)
	}
	b.WriteString(`><v>` + v + `</v></c>`)
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

// columnName is the letters of column j (from 0): A … Z, AA … ZZ, AAA ….
func columnName(j int) string {
	var s []byte
	for j++; j > 0; j = (j - 1) / 26 {
		s = append([]byte{byte('A' + (j-1)%26)}, s...)
	}
	return string(s)
}

package report

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Chart size in pixels: a bar per unit.
const (
	chartWidth  = 720
	chartBase   = 120 // title and axis
	chartPerBar = 24
)

// totalsChart adds a bar chart of a group's totals to its sheet, two rows
// below the table: one bar per unit with a total, the first row of the
// table at the top (the ranking reads top down), its total at its end.
// The bars are the sheet's cells, so the chart follows an edit. n is the
// number of leading rows with a total; a group with none has no chart.
// (excelize v2.11.1 colours single bars only in pie charts, so a bottom
// unit's bar is not red as its row is.)
func (x *workbook) totalsChart(sheet string, t sheetTable, n, nameCol, totalCol int) {
	if n == 0 {
		return
	}
	noVary := false // one colour for all bars
	q := "'" + strings.ReplaceAll(sheet, "'", "''") + "'!"
	span := func(j int) string {
		col := "$" + columnName(j) + "$"
		return q + col + strconv.Itoa(firstRow) + ":" + col + strconv.Itoa(firstRow+n-1)
	}
	x.check(x.f.AddChart(sheet, ref(1, firstRow+len(t.rows)+2), &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       q + "$" + columnName(totalCol) + "$" + strconv.Itoa(headerRow),
			Categories: span(nameCol),
			Values:     span(totalCol),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{barColor}},
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.name + " 总分"}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &noVary,
		XAxis:      excelize.ChartAxis{ReverseOrder: true},
		YAxis:      excelize.ChartAxis{MajorGridLines: true},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: uint(chartBase + chartPerBar*n)},
	}))
}

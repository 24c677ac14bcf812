package report

import "github.com/xuri/excelize/v2"

// The colours of the workbook, as Excel's own table styles use them.
const (
	borderColor = "A6A6A6" // thin grey lines around every cell of a table
	headerFill  = "D9E1F2" // light blue behind the header row
	bottomFill  = "FFC7CE" // light red behind a bottom unit (Excel's "bad")
	barColor    = "4472C4" // the bars of the totals chart
)

// The built-in number formats of the cells (ECMA-376 Part 1, 18.8.30).
const (
	generalFormat = 0
	pointsFormat  = 2  // 0.00
	percentFormat = 10 // 0.00%
)

// styles are the workbook's cell styles, by excelize style id.
type styles struct {
	title  int
	header int
	// body is the style of a table cell by whether its row is marked (a
	// bottom unit) and by the cell's kind.
	body [2][ratioCell + 1]int
}

// newStyles adds the styles to x's workbook.
func newStyles(x *workbook) styles {
	add := func(s *excelize.Style) int {
		id, err := x.f.NewStyle(s)
		x.check(err)
		return id
	}
	border := []excelize.Border{
		{Type: "left", Color: borderColor, Style: 1},
		{Type: "top", Color: borderColor, Style: 1},
		{Type: "right", Color: borderColor, Style: 1},
		{Type: "bottom", Color: borderColor, Style: 1},
	}
	s := styles{
		title: add(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Size: 12},
			Alignment: &excelize.Alignment{Vertical: "center"},
		}),
		header: add(&excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}},
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		}),
	}
	for marked := range 2 {
		var fill excelize.Fill
		if marked == 1 {
			fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{bottomFill}}
		}
		for kind := range s.body[marked] {
			format := generalFormat
			switch cellKind(kind) {
			case pointsCell:
				format = pointsFormat
			case ratioCell:
				format = percentFormat
			}
			s.body[marked][kind] = add(&excelize.Style{
				Fill: fill, Border: border, NumFmt: format,
				Alignment: &excelize.Alignment{Vertical: "center"},
			})
		}
	}
	return s
}

// cell is the style of a table cell of kind k, in a marked row or not.
func (s *styles) cell(k cellKind, marked bool) int {
	m := 0
	if marked {
		m = 1
	}
	return s.body[m][k]
}

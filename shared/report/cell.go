package report

import (
	"strconv"

	"github.com/shizhong/hotline/shared/score"
)

// cellKind is what a cell holds.
type cellKind int

const (
	blankCell cellKind = iota
	textCell
	intCell
	pointsCell
	ratioCell // a share, shown as a percentage in the workbook
)

// cell is one value of a CSV row or worksheet row, typed so the workbook can
// hold numbers as numbers.
type cell struct {
	kind cellKind
	text string
	n    int
	p    score.Points
	r    score.Ratio
}

func textOf(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{kind: textCell, text: s}
}

func intOf(n int) cell             { return cell{kind: intCell, n: n} }
func pointsOf(p score.Points) cell { return cell{kind: pointsCell, p: p} }

func intPtr(n *int) cell {
	if n == nil {
		return cell{}
	}
	return intOf(*n)
}

func pointsPtr(p *score.Points) cell {
	if p == nil {
		return cell{}
	}
	return pointsOf(*p)
}

// String is the cell as CSV writes it: numbers as plain decimals with at
// most 2 decimals (97.35, 19.5, 10), as in the JSON output.
func (c cell) String() string {
	switch c.kind {
	case textCell:
		return c.text
	case intCell:
		return strconv.Itoa(c.n)
	case pointsCell:
		return c.p.Round(2).String()
	case ratioCell:
		return c.r.Round(4).String()
	}
	return ""
}

package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// WriteTable writes r for a person in the district office reading a
// terminal: a title line with the period, the policy and the district
// averages, then one block per group (镇街 first) with the units by rank and
// those not assessed (未考核) last, then the tickets returned more than 3
// times and the warnings, if any. Columns are aligned by display width, so
// Chinese names line up. 通报批评 shows the amount subtracted from the total
// (-0.50).
func WriteTable(w io.Writer, r *score.Result) error {
	var b strings.Builder
	annual := isAnnual(r)
	b.WriteString(title(r, annual))
	b.WriteString("\n")
	for _, g := range byGroup(r) {
		b.WriteString("\n")
		b.WriteString(g.group.Label())
		b.WriteString("\n")
		if len(g.units) == 0 {
			b.WriteString("（无单位）\n")
			continue
		}
		t := unitTable(annual)
		for _, u := range g.units {
			t.add(unitRow(u, annual)...)
		}
		t.write(&b)
	}
	if len(r.ReturnedOverLimit) > 0 {
		names := namesOf(r)
		b.WriteString("\n回退超过3次的工单\n")
		t := &textTable{header: []string{"工单编号", "回退次数", "承办单位"}, right: []bool{false, true, false}}
		for _, rt := range r.ReturnedOverLimit {
			t.add(rt.TicketID, strconv.Itoa(rt.Returns), names.names(rt.Units))
		}
		t.write(&b)
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\n提示\n")
		for i, s := range r.Warnings {
			fmt.Fprintf(&b, "%d. %s\n", i+1, s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// title is the first line: period, policy, averages and as-of time.
func title(r *score.Result, annual bool) string {
	kind := "月度"
	if annual {
		kind = "年度"
	}
	s := fmt.Sprintf("12345热线承办单位考核  考核期 %s（%s）  政策 %s  全区办理结果满意率 %s  全区服务过程满意率 %s",
		r.Period, kind, r.Policy, percent(r.Averages.ResultSatisfaction), percent(r.Averages.ProcessSatisfaction))
	for _, g := range groupAverages(r) {
		s += fmt.Sprintf("  %s组内办理结果满意率 %s  %s组内服务过程满意率 %s",
			g.group.Label(), percent(g.avg.ResultSatisfaction), g.group.Label(), percent(g.avg.ProcessSatisfaction))
	}
	if !r.AsOf.IsZero() {
		s += "  截至 " + localTime(r.AsOf, zoneOf(r))
	}
	return s
}

// groupAverage is one group's averages (satisfaction.average: group).
type groupAverage struct {
	group unit.Group
	avg   score.Averages
}

// groupAverages lists the result's group averages in the order of the
// groups; none unless units were compared with their group's.
func groupAverages(r *score.Result) []groupAverage {
	var out []groupAverage
	for _, g := range unit.Groups {
		if a, ok := r.GroupAverages[g]; ok {
			out = append(out, groupAverage{g, a})
		}
	}
	return out
}

// percent writes a ratio as a percentage with 2 decimals (95.00%), or 无
// when there is no average.
func percent(r *score.Ratio) string {
	if r == nil {
		return "无"
	}
	return r.Shift(2).StringFixed(2) + "%"
}

// unitTable is an empty table with the unit columns of the terminal view.
func unitTable(annual bool) *textTable {
	if annual {
		return &textTable{
			header: []string{"排名", "单位", "总分", "等次", "考核月数"},
			right:  []bool{false, false, true, false, true},
		}
	}
	t := &textTable{header: []string{"排名", "单位", "总分", "等次"}, right: []bool{false, false, true, false}}
	for _, it := range score.Items {
		t.header = append(t.header, it.Label())
		t.right = append(t.right, true)
	}
	t.header = append(t.header, "排名靠后", "问责")
	t.right = append(t.right, false, false)
	return t
}

// unitRow is a unit's row of unitTable.
func unitRow(u *score.UnitResult, annual bool) []string {
	rank := "未考核"
	switch {
	case u.Assessed && u.Rank != nil:
		rank = strconv.Itoa(*u.Rank)
	case u.Assessed:
		rank = "-"
	}
	row := []string{rank, u.Name, fixed(u.Total), gradeLabel(u.Grade)}
	if annual {
		months := ""
		if u.MonthsAssessed != nil {
			months = strconv.Itoa(*u.MonthsAssessed)
		}
		return append(row, months)
	}
	for _, it := range score.Items {
		if u.Scores == nil {
			row = append(row, "")
			continue
		}
		p := u.Scores.Get(it)
		if it == score.Criticism && !p.IsZero() {
			p = score.Points{Decimal: p.Neg()}
		}
		row = append(row, fixed(&p))
	}
	return append(row, yes(u.Bottom), escalationLabel(u.Escalation))
}

// fixed writes points with 2 decimals, or nothing when absent.
func fixed(p *score.Points) string {
	if p == nil {
		return ""
	}
	return p.StringFixed(2)
}

// textTable is a table of text aligned by display width.
type textTable struct {
	header []string
	right  []bool // right-aligned columns (numbers)
	rows   [][]string
}

func (t *textTable) add(cells ...string) { t.rows = append(t.rows, cells) }

// write writes the header and rows, columns two spaces apart, without
// trailing spaces.
func (t *textTable) write(b *strings.Builder) {
	widths := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, s := range row {
			widths[i] = max(widths[i], displayWidth(s))
		}
	}
	for _, row := range append([][]string{t.header}, t.rows...) {
		var line strings.Builder
		for i, s := range row {
			if i > 0 {
				line.WriteString("  ")
			}
			if t.right[i] {
				line.WriteString(padLeft(s, widths[i]))
			} else {
				line.WriteString(padRight(s, widths[i]))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteString("\n")
	}
}

package report

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// styleOf is the style of a cell of a written workbook.
func styleOf(t testing.TB, f *excelize.File, sheet, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bordered reports whether s draws all four sides of its cell.
func bordered(s *excelize.Style) bool {
	sides := map[string]bool{}
	for _, b := range s.Border {
		if b.Style != 0 {
			sides[b.Type] = true
		}
	}
	return sides["left"] && sides["top"] && sides["right"] && sides["bottom"]
}

// filled is the colour of s's fill, or "" for none.
func filled(s *excelize.Style) string {
	if s.Fill.Pattern == 0 || len(s.Fill.Color) == 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(s.Fill.Color[0]), "#")
}

func TestWriteXLSXTitleRows(t *testing.T) {
	f := readXLSX(t, writeXLSX(t, monthly()))
	for _, sheet := range f.GetSheetList() {
		got, err := f.GetCellValue(sheet, "A1")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{sheet + "  ", "考核期 2026-10（月度）", "政策 shizhong-2022-7", "截至 2026-11-05 09:30（北京时间）"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s!A1 = %q: no %q", sheet, got, want)
			}
		}
		if s := styleOf(t, f, sheet, "A1"); s.Font == nil || !s.Font.Bold {
			t.Errorf("%s title is not bold", sheet)
		}
	}
	// Annual: the kind of period; no as-of time, no 截至.
	r := annual()
	r.AsOf = at("0001-01-01T00:00:00Z")
	f = readXLSX(t, writeXLSX(t, r))
	if got, _ := f.GetCellValue("镇街", "A1"); got != "镇街  考核期 2026（年度）  政策 shizhong-2022-7" {
		t.Errorf("annual 镇街!A1 = %q", got)
	}
}

func TestWriteXLSXBordersAndBottom(t *testing.T) {
	f := readXLSX(t, writeXLSX(t, monthly()))
	// The header row and every cell of the table are bordered, blank ones too
	// (北山镇, not assessed, has no rank: 镇街!E7); the title is not.
	for _, ref := range []string{"A2", "AE2", "A3", "F3", "AE3", "E7", "AE7"} {
		if !bordered(styleOf(t, f, "镇街", ref)) {
			t.Errorf("镇街!%s has no border", ref)
		}
	}
	if bordered(styleOf(t, f, "镇街", "A1")) {
		t.Error("镇街!A1, the title, is bordered")
	}
	if !bordered(styleOf(t, f, "扣分明细", "M3")) || !bordered(styleOf(t, f, "说明", "B3")) {
		t.Error("扣分明细!M3 or 说明!B3 has no border")
	}
	// SPEC §7: the bottom units (排名靠后 是) are filled light red across
	// their row; the others are not filled.
	rows, err := f.GetRows("镇街")
	if err != nil {
		t.Fatal(err)
	}
	bottom := slices.Index(rows[1], "排名靠后")
	for i, row := range rows[2:] {
		r := i + firstRow
		for _, col := range []string{"A", "F", "P", "AE"} {
			got := filled(styleOf(t, f, "镇街", col+strconv.Itoa(r)))
			want := ""
			if row[bottom] == "是" {
				want = bottomFill
			}
			if got != want {
				t.Errorf("镇街!%s%d (%s, 排名靠后 %q) fill %q, want %q", col, r, row[2], row[bottom], got, want)
			}
		}
	}
	// The header is filled, and still bold.
	if s := styleOf(t, f, "镇街", "A2"); filled(s) != headerFill || s.Font == nil || !s.Font.Bold {
		t.Errorf("镇街!A2 fill %q, font %+v: want the header fill, bold", filled(s), s.Font)
	}
}

func TestWriteXLSXColumnWidths(t *testing.T) {
	f := readXLSX(t, writeXLSX(t, monthly()))
	// A Chinese character counts 2, a digit or Latin letter 1, plus 2 of
	// margin; never under 6 or over 80.
	tests := []struct {
		sheet, col string
		want       float64
	}{
		{"镇街", "A", 6},    // 组别, 镇街: 4 + 2
		{"镇街", "B", 10},   // wenhualu, dongguan: 8 + 2
		{"镇街", "C", 12},   // 文化路街道: 10 + 2
		{"镇街", "Q", 46},   // 区委组织部部长及区政府分管领导约谈主要负责人: 22 characters
		{"区直部门", "A", 10}, // 区直部门: 8 + 2
		{"扣分明细", "F", 18}, // 2026-10-20 16:00: 16 + 2
		{"说明", "A", 20},   // 全区办理结果满意率: 9 characters
		{"说明", "B", 78},   // the warning: 76 + 2
	}
	for _, tt := range tests {
		got, err := f.GetColWidth(tt.sheet, tt.col)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s column %s width %v, want %v", tt.sheet, tt.col, got, tt.want)
		}
	}
}

func TestWriteXLSXTotalsCharts(t *testing.T) {
	_, parts := zipParts(t, writeXLSX(t, monthly()))
	// One horizontal bar chart per group, of its units with a total: the
	// names (column C) and totals (column F) of rows 3 to 6 in 镇街 (北山镇,
	// not assessed, has none), rows 3 to 5 in 区直部门; rank 1 at the top.
	for chart, sheet := range map[string]string{"xl/charts/chart1.xml": "&#39;镇街&#39;!$", "xl/charts/chart2.xml": "&#39;区直部门&#39;!$"} {
		last := "6"
		if strings.Contains(sheet, "区直部门") {
			last = "5"
		}
		body := parts[chart]
		for _, want := range []string{
			`<barDir val="bar">`, `<orientation val="maxMin">`, `<showVal val="1">`,
			"<f>" + sheet + "C$3:$C$" + last + "</f>", "<f>" + sheet + "F$3:$F$" + last + "</f>",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s has no %s", chart, want)
			}
		}
	}
	if got := parts["xl/worksheets/_rels/sheet1.xml.rels"]; !strings.Contains(got, "drawing1.xml") {
		t.Errorf("镇街 does not hold the first chart: %s", got)
	}
	// A group without a unit with a total has no chart.
	r := annual()
	for i := range r.Units {
		r.Units[i].Total = nil
	}
	if names, _ := zipParts(t, writeXLSX(t, r)); slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "xl/charts/") }) {
		t.Errorf("charts without totals: %v", names)
	}
}

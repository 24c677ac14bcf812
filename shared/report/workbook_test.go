package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// writeXLSX writes r and returns the bytes.
func writeXLSX(t testing.TB, r *score.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readXLSX opens a written workbook with excelize, an implementation
// independent of the writer.
func readXLSX(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// zipParts are the files of a workbook in the order of the zip, and their
// contents.
func zipParts(t testing.TB, b []byte) ([]string, map[string]string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	parts := map[string]string{}
	for _, f := range z.File {
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, zipTime)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		parts[f.Name] = string(body)
	}
	return names, parts
}

func TestWriteXLSXDeterministic(t *testing.T) {
	for name, r := range map[string]func() *score.Result{"monthly": monthly, "annual": annual} {
		t.Run(name, func(t *testing.T) {
			first, second := writeXLSX(t, r()), writeXLSX(t, r())
			if !bytes.Equal(first, second) {
				t.Fatal("two writes of the same result differ")
			}
			names, _ := zipParts(t, first)
			// excelize's parts, in the reverse order of their names it
			// writes them in: a drawing and a chart for each group's sheet.
			want := []string{
				"xl/worksheets/sheet6.xml", "xl/worksheets/sheet5.xml", "xl/worksheets/sheet4.xml",
				"xl/worksheets/sheet3.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml",
				"xl/worksheets/_rels/sheet2.xml.rels", "xl/worksheets/_rels/sheet1.xml.rels",
				"xl/workbook.xml", "xl/theme/theme1.xml", "xl/styles.xml", "xl/sharedStrings.xml",
				"xl/drawings/drawing2.xml", "xl/drawings/drawing1.xml",
				"xl/drawings/_rels/drawing2.xml.rels", "xl/drawings/_rels/drawing1.xml.rels",
				"xl/charts/chart2.xml", "xl/charts/chart1.xml",
				"xl/_rels/workbook.xml.rels", "docProps/core.xml", "docProps/app.xml", "_rels/.rels",
				"[Content_Types].xml",
			}
			if diff := cmp.Diff(want, names); diff != "" {
				t.Errorf("parts (-want +got):\n%s", diff)
			}
		})
	}
}

// withoutEscalations is r with no unit escalated.
func withoutEscalations(r *score.Result) *score.Result {
	for i := range r.Units {
		r.Units[i].Escalation = nil
	}
	return r
}

func TestWriteXLSXEscalations(t *testing.T) {
	header := []string{"组别", "单位编号", "单位", "排名", "总分", "连续靠后月数", "问责"}
	departmentToo := func() *score.Result {
		r := monthly()
		for i, u := range r.Units {
			if u.UnitID == "chengguan" {
				r.Units[i].Bottom, r.Units[i].Escalation, r.Units[i].BottomRun = true, ptr(score.Notice), 1
			}
		}
		return r
	}
	towns := [][]string{
		{"镇街", "dongguan", "东关街道", "2", "88.00", "1", "区政府办公室通报批评"},
		{"镇街", "xiguan", "西关街道", "3", "75.00", "2", "区委组织部分管副部长约谈分管负责人"},
		{"镇街", "nanyuan", "南苑镇", "4", "58.50", "3", "区委组织部部长及区政府分管领导约谈主要负责人"},
	}
	tests := []struct {
		name string
		r    *score.Result
		want [][]string
	}{
		{"monthly", monthly(), append([][]string{header}, towns...)},
		{"department too", departmentToo(), append(append([][]string{header}, towns...),
			[]string{"区直部门", "chengguan", "区城管局", "2", "76.50", "1", "区政府办公室通报批评"})},
		{"none", withoutEscalations(monthly()), [][]string{header, {"本期无问责单位"}}},
		{"annual", annual(), [][]string{header, {"年度结果不含问责（问责按月度连续排名靠后确定）"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readXLSX(t, writeXLSX(t, tt.r))
			if got := f.GetSheetList(); len(got) < 3 || got[2] != "问责名单" {
				t.Fatalf("sheets %v: want 问责名单 third, after the groups", got)
			}
			rows, err := f.GetRows("问责名单")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 || len(rows[0]) != 1 || !strings.HasPrefix(rows[0][0], "问责名单  考核期 ") {
				t.Errorf("问责名单 title row %q", rows[:min(1, len(rows))])
			}
			if diff := cmp.Diff(tt.want, rows[min(1, len(rows)):]); diff != "" {
				t.Errorf("问责名单 below the title (-want +got):\n%s", diff)
			}
			if panes, err := f.GetPanes("问责名单"); err != nil || !panes.Freeze || panes.YSplit != 2 {
				t.Errorf("问责名单 panes = %+v, %v: want the title and header rows frozen", panes, err)
			}
		})
	}
}

func TestWriteXLSXEscapes(t *testing.T) {
	r := monthly()
	odd := []struct{ id, name, want string }{
		{"wenhualu", "文化路<&>\"'街道", "文化路<&>\"'街道"},
		{"nanyuan", "南苑\x01镇\uFFFE", "南苑镇"},                                              // not allowed in XML 1.0: dropped
		{"xiguan", "西关_x0041_街道", "西关_x0041_街道"},                                         // not read as "A"
		{"dongguan", " 东关\t街道\r\n", " 东关\t街道\r\n"},                                       // whitespace kept
		{"zhujian", "区住建局]]><x/>", "区住建局]]><x/>"},                                        // no CDATA end, no markup
		{"chengguan", "区城管局 &amp; 城建", "区城管局 &amp; 城建"},                                  // already an entity: kept as typed
		{"shuiwu", strings.Repeat("水", maxCellText+5), strings.Repeat("水", maxCellText)}, // Excel's limit
	}
	for i, u := range r.Units {
		for _, o := range odd {
			if u.UnitID == o.id {
				r.Units[i].Name = o.name
			}
		}
	}
	r.Units = append(r.Units, score.UnitResult{UnitID: "odd", Name: "奇", Group: unit.Group("a/b:c?[d]*'"), Flags: []string{}})
	b := writeXLSX(t, r)

	_, parts := zipParts(t, b)
	for name, body := range parts {
		d := xml.NewDecoder(strings.NewReader(body))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", name, err)
			}
		}
	}

	f := readXLSX(t, b)
	if diff := cmp.Diff([]string{"镇街", "区直部门", "a_b_c__d__", "问责名单", "扣分明细", "回退超过3次", "说明"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	got := map[string]string{}
	for _, sheet := range []string{"镇街", "区直部门"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[2:] { // below the title and header rows
			got[row[1]] = row[2]
		}
	}
	for _, o := range odd {
		if got[o.id] != o.want {
			t.Errorf("%s name = %.40q, want %.40q", o.id, got[o.id], o.want)
		}
	}
}

func TestWriteXLSXNumbers(t *testing.T) {
	b := writeXLSX(t, monthly())
	_, parts := zipParts(t, b)
	// 镇街: the best town's total and 超期件 and a count, numbers from the
	// exact decimals (no t attribute, no float digits), each with its style
	// (row 3: below the title and header rows).
	sheet := parts["xl/worksheets/sheet1.xml"]
	for _, want := range []string{`<c r="F3" s="\d+"><v>97.35</v></c>`, `<c r="K3" s="\d+"><v>19.5</v></c>`, `<c r="S3" s="\d+"><v>12</v></c>`} {
		if !regexp.MustCompile(want).MatchString(sheet) {
			t.Errorf("镇街 has no %s", want)
		}
	}

	f := readXLSX(t, b)
	tests := []struct {
		sheet, ref string
		raw, shown string
		numFmt     int
	}{
		{"镇街", "F3", "97.35", "97.35", 2},
		{"镇街", "K3", "19.5", "19.50", 2},
		{"镇街", "E3", "1", "1", 0},
		{"问责名单", "E3", "88", "88.00", 2},
		{"扣分明细", "E3", "0.5", "0.50", 2},
		{"说明", "B7", "0.93123", "93.12%", 10},
	}
	for _, tt := range tests {
		t.Run(tt.sheet+"!"+tt.ref, func(t *testing.T) {
			if typ, err := f.GetCellType(tt.sheet, tt.ref); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("type %v, %v: want a number", typ, err)
			}
			if got, _ := f.GetCellValue(tt.sheet, tt.ref, excelize.Options{RawCellValue: true}); got != tt.raw {
				t.Errorf("raw %q, want %q", got, tt.raw)
			}
			if got, _ := f.GetCellValue(tt.sheet, tt.ref); got != tt.shown {
				t.Errorf("shown %q, want %q", got, tt.shown)
			}
			id, err := f.GetCellStyle(tt.sheet, tt.ref)
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if s.NumFmt != tt.numFmt {
				t.Errorf("number format %d, want %d", s.NumFmt, tt.numFmt)
			}
		})
	}
}

func TestUniqueSheetName(t *testing.T) {
	x := &workbook{}
	long := strings.Repeat("长", 40)
	tests := []struct{ in, want string }{
		{"镇街", "镇街"},
		{"镇街", "镇街 (2)"},
		{"镇街", "镇街 (3)"},
		{"Sheet", "Sheet"},
		{"sheet", "sheet (2)"},
		{`a:b\c/d?e*f[g]h`, "a_b_c_d_e_f_g_h"},
		{"'引号'", "引号"},
		{"换\n行\x00", "换行"},
		{"", "_"},
		{long, strings.Repeat("长", 31)},
		{long, strings.Repeat("长", 27) + " (2)"},
	}
	for _, tt := range tests {
		if got := x.uniqueSheetName(tt.in); got != tt.want {
			t.Errorf("uniqueSheetName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestColumnName(t *testing.T) {
	for j, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 30: "AE", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnName(j); got != want {
			t.Errorf("columnName(%d) = %q, want %q", j, got, want)
		}
	}
}

package sheet_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/sheet"
)

// writeXLSX writes a workbook of one sheet, name, holding rows from row 1,
// and returns its path.
func writeXLSX(t testing.TB, name string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), name+".xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// must fails the test on an error of building a workbook.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// exportWorkbook writes a workbook shaped as the platform's export: sheet
// 工单明细 (cell by cell: a merged title, headers in row 3, a gap of empty
// rows, a date, a number, a shared string with trailing spaces, a totals
// row), sheet 回访明细 (through a StreamWriter: inline strings, rows 1, 2
// and 5) and a hidden sheet.
func exportWorkbook(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const s = "工单明细"
	must(t, f.SetSheetName("Sheet1", s))
	must(t, f.SetCellValue(s, "A1", "12345政务服务便民热线工单明细表"))
	must(t, f.MergeCell(s, "A1", "E1"))
	must(t, f.SetCellValue(s, "A2", "导出时间：2026-11-01"))
	must(t, f.MergeCell(s, "A2", "E2"))
	must(t, f.SetSheetRow(s, "A3", &[]any{"序号", "工单编号", "承办单位", "派单时间", "办理时限"}))
	assigned := time.Date(2026, 10, 8, 10, 15, 0, 0, time.UTC)
	must(t, f.SetSheetRow(s, "A4", &[]any{1, "A001", "区公安分局  ", assigned, 3.5}))
	// rows 5 and 6 empty; row 7 has its cells from column B
	must(t, f.SetSheetRow(s, "B7", &[]any{"A002", "公安分局"}))
	must(t, f.SetCellValue(s, "A9", "合计"))
	must(t, f.SetCellValue(s, "B9", 2))

	_, err := f.NewSheet("回访明细")
	must(t, err)
	sw, err := f.NewStreamWriter("回访明细")
	must(t, err)
	must(t, sw.SetRow("A1", []any{"工单编号", "回访时间", "是否接通"}))
	must(t, sw.SetRow("A2", []any{"A001", 46304.5, "是 "}))
	must(t, sw.SetRow("A5", []any{"A002", nil, "否"}))
	must(t, sw.Flush())

	_, err = f.NewSheet("隐藏")
	must(t, err)
	must(t, f.SetCellValue("隐藏", "A1", "secret"))
	must(t, f.SetSheetVisible("隐藏", false))

	path := filepath.Join(t.TempDir(), "工单明细.xlsx")
	must(t, f.SaveAs(path))
	return path
}

func TestTablesXLSX(t *testing.T) {
	got, err := sheet.Tables(exportWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []sheet.Table{{Name: "工单明细"}, {Name: "回访明细"}, {Name: "隐藏", Hidden: true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tables (-want +got):\n%s", diff)
	}
}

func TestReadXLSX(t *testing.T) {
	path := exportWorkbook(t)
	for _, tc := range []struct {
		sheet string
		want  []numbered
	}{
		{"工单明细", []numbered{
			{1, []string{"12345政务服务便民热线工单明细表"}},
			{2, []string{"导出时间：2026-11-01"}},
			{3, []string{"序号", "工单编号", "承办单位", "派单时间", "办理时限"}},
			{4, []string{"1", "A001", "区公安分局  ", "46303.427083333336", "3.5"}},
			{7, []string{"", "A002", "公安分局"}},
			{9, []string{"合计", "2"}},
		}},
		{"回访明细", []numbered{
			{1, []string{"工单编号", "回访时间", "是否接通"}},
			{2, []string{"A001", "46304.5", "是 "}},
			{5, []string{"A002", "", "否"}},
		}},
		{"隐藏", []numbered{{1, []string{"secret"}}}},
	} {
		t.Run(tc.sheet, func(t *testing.T) {
			rows, err := readAll(t, path, tc.sheet, sheet.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, numbers(rows)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			for _, r := range rows {
				if r.File != path || r.Sheet != tc.sheet {
					t.Errorf("row %d: File, Sheet = %q, %q; want %q, %q", r.Number, r.File, r.Sheet, path, tc.sheet)
				}
			}
		})
	}
}

// TestReadXLSXDateSerial: the raw value of a date cell is its Excel serial
// number, the one excelize computes for the time written.
func TestReadXLSXDateSerial(t *testing.T) {
	at := time.Date(2026, 10, 8, 10, 15, 0, 0, time.UTC)
	rows, err := readAll(t, writeXLSX(t, "d", [][]any{{at}}), "d", sheet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	serial, err := strconv.ParseFloat(rows[0].Cells[0], 64)
	if err != nil {
		t.Fatalf("date cell %q is not a number: %v", rows[0].Cells[0], err)
	}
	if got := excelEpoch.Add(time.Duration(serial * 24 * float64(time.Hour))).Round(time.Second); !got.Equal(at) {
		t.Errorf("date cell %q is %v, want %v", rows[0].Cells[0], got, at)
	}
}

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func TestReadXLSXMissingSheet(t *testing.T) {
	path := exportWorkbook(t)
	_, err := readAll(t, path, "工单", sheet.Options{})
	var serr *sheet.Error
	if !errors.As(err, &serr) {
		t.Fatalf("err = %v, want a *sheet.Error", err)
	}
	for _, want := range []string{path, `"工单"`, `"工单明细", "回访明细", "隐藏"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// Sheet names are matched exactly, as Tables gives them.
	lower := writeXLSX(t, "Orders", [][]any{{"a"}})
	if _, err := readAll(t, lower, "orders", sheet.Options{}); err == nil {
		t.Error("sheet orders of a workbook with Orders: no error")
	}
}

// streamXLSX writes a workbook of one sheet, name, of n rows of cols cells
// made by row, through excelize's StreamWriter, declaring its dimension as
// Excel does (the StreamWriter leaves the "A1" of an empty sheet), and
// returns its path.
func streamXLSX(t testing.TB, name string, n, cols int, row func(i int) []any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetName("Sheet1", name))
	last, _ := excelize.CoordinatesToCellName(cols, n)
	must(t, f.SetSheetDimension(name, "A1:"+last))
	sw, err := f.NewStreamWriter(name)
	must(t, err)
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(t, sw.SetRow(cell, row(i)))
	}
	must(t, sw.Flush())
	path := filepath.Join(t.TempDir(), name+".xlsx")
	must(t, f.SaveAs(path))
	return path
}

func TestReadXLSXProgress(t *testing.T) {
	row := func(i int) []any { return []any{i, "x"} }
	for _, tc := range []struct {
		name string
		path string
		want [][2]int64
	}{
		{"dimension", streamXLSX(t, "p", 25_000, 2, row), [][2]int64{{10_000, 25_000}, {20_000, 25_000}, {25_000, 25_000}}},
		{"dimension A1", writeXLSX(t, "p", [][]any{{1}, {2}}), [][2]int64{{2, 0}}},
	} {
		var calls [][2]int64
		_, err := readAll(t, tc.path, "p", sheet.Options{Progress: func(done, total int64) {
			calls = append(calls, [2]int64{done, total})
		}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, calls); diff != "" {
			t.Errorf("%s: progress calls (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestReadXLSXRowsWithoutR: rows written without their r attribute, as some
// exporters write them, are numbered on from the row before.
func TestReadXLSXRowsWithoutR(t *testing.T) {
	path := writeXLSX(t, "s", [][]any{{"placeholder"}})
	const data = `<sheetData>` +
		`<row><c><v>1</v></c></row>` +
		`<row><c t="inlineStr"><is><t>b </t></is></c><c><v>2.5</v></c></row>` +
		`<row r="5"><c r="B5"><v>5</v></c></row>` +
		`<row><c><v>6</v></c></row>` +
		`</sheetData>`
	rewriteZip(t, path, "xl/worksheets/sheet1.xml", func(xml string) string {
		i, j := strings.Index(xml, "<sheetData>"), strings.Index(xml, "</sheetData>")
		return xml[:i] + data + xml[j+len("</sheetData>"):]
	})
	rows, err := readAll(t, path, "s", sheet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []numbered{
		{1, []string{"1"}},
		{2, []string{"b ", "2.5"}},
		{5, []string{"", "5"}},
		{6, []string{"6"}},
	}
	if diff := cmp.Diff(want, numbers(rows)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// rewriteZip replaces the part name of the zip at path by edit's result.
func rewriteZip(t testing.TB, path, name string, edit func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	must(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		r, err := f.Open()
		must(t, err)
		b, err := io.ReadAll(r)
		must(t, err)
		if f.Name == name {
			b = []byte(edit(string(b)))
		}
		w, err := zw.Create(f.Name)
		must(t, err)
		_, err = w.Write(b)
		must(t, err)
	}
	must(t, zw.Close())
	must(t, zr.Close())
	must(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

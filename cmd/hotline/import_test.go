package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shizhong/hotline/shared/importer/mappings"
)

// exportCSV is a small 工单明细.csv as the gen-platform mapping reads it:
// two title lines, the header, three assignments (one row with a bad time
// when bad), and the totals line.
func exportCSV(bad bool) string {
	when := "2026/10/9 10:15:00"
	if bad {
		when = "十月九日"
	}
	return strings.Join([]string{
		"12345政务服务便民热线工单明细表",
		"导出时间：2026/11/1 8:00:00",
		"序号,工单编号,来源渠道,诉求类别,承办单位,派单时间,办理时限,回退时间,回退原因,是否不合规退回,是否已联系群众,退回驳回时间,驳回原因,督办时间,办结时间",
		"1,T1,12345热线,,文化路街道 ,2026/10/9 10:15:00,2026/10/14 10:15:00,,,,,,,,2026/10/12 9:00:00",
		"2,T2,市长信箱,城市管理,光明路街道," + when + ",2026/10/14 10:15:00,2026/10/9 16:00:00,非本单位职责,否,,,,,",
		"3,T3,12345热线,,中心街街道,2026/10/20 9:00:00,2026/10/23 9:00:00,,,,,,,2026/10/21 9:00:00,",
		"合计,3,,,,,,,,,,,,,",
	}, "\r\n") + "\r\n"
}

// writeGBK writes text to dir/name in GB18030, as Excel saves a csv on
// Chinese Windows.
func writeGBK(t *testing.T, dir, name, text string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportCSV: a GBK csv of the platform export becomes its events
// (docs/import.md), as JSON Lines; importing it again into the store keeps
// each event once.
func TestImportCSV(t *testing.T) {
	dir := t.TempDir()
	mapping := filepath.Join(dir, "mapping.yaml")
	if err := os.WriteFile(mapping, mappings.GenPlatform, 0o644); err != nil {
		t.Fatal(err)
	}
	csv := writeGBK(t, dir, "工单明细.csv", exportCSV(false))
	out := filepath.Join(dir, "events.jsonl")
	code, stdout, stderr := hotline(t, "import", "--mapping", mapping, "--units", "testdata/units.yaml", "--out", out, "--quiet", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "导入事件 6 个（assigned 3, returned 1, replied 1, supervised 1）") {
		t.Errorf("summary: %s", stdout)
	}
	lines, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(lines, []byte("\n")); n != 6 {
		t.Errorf("%d lines:\n%s", n, lines)
	}
	if !bytes.Contains(lines, []byte(`"unit_id":"wenhualu"`)) || !bytes.Contains(lines, []byte(`"channel":"mayor_mailbox"`)) {
		t.Errorf("events:\n%s", lines)
	}
	data := filepath.Join(dir, "data")
	for i, want := range []string{"存储：新增 6，已有 0，冲突 0", "存储：新增 0，已有 6，冲突 0"} {
		code, stdout, stderr := hotline(t, "import", "--mapping", mapping, "--units", "testdata/units.yaml", "--data", data, "--quiet", csv)
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("import %d: exit %d: %s%s; want %q", i+1, code, stdout, stderr, want)
		}
	}
}

// TestImportBadRow: a bad row is listed with its file, sheet, row and
// column and makes the exit status 2; the other rows are kept, or none with
// --all-or-nothing (and no file is left behind).
func TestImportBadRow(t *testing.T) {
	dir := t.TempDir()
	mapping := filepath.Join(dir, "mapping.yaml")
	if err := os.WriteFile(mapping, mappings.GenPlatform, 0o644); err != nil {
		t.Fatal(err)
	}
	csv := writeGBK(t, dir, "工单明细.csv", exportCSV(true))
	out := filepath.Join(dir, "events.jsonl")
	code, stdout, stderr := hotline(t, "import", "--mapping", mapping, "--units", "testdata/units.yaml", "--out", out, "--quiet", csv)
	if code != 2 || !strings.Contains(stderr, csv+": sheet 工单明细: row 5, column F (派单时间): expected a time") {
		t.Errorf("exit %d: %s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "问题行 1") {
		t.Errorf("summary: %s", stdout)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Contains(b, []byte(`"ticket_id":"T2"`)) {
		t.Errorf("the valid rows are not kept (T2's return is valid): %v\n%s", err, b)
	}
	out2 := filepath.Join(dir, "none.jsonl")
	code, _, stderr = hotline(t, "import", "--mapping", mapping, "--units", "testdata/units.yaml", "--out", out2, "--all-or-nothing", "--quiet", csv)
	if code != 2 || !strings.Contains(stderr, "nothing was kept") {
		t.Errorf("--all-or-nothing: exit %d: %s", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 { // mapping, csv, events.jsonl: nothing of none.jsonl
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left: %v", names)
	}
}

// TestImportConflicts: a row whose identity (ticket, unit, type, time) was
// stored with other content is a conflict naming the row and the stored
// event, and the stored event stands; two rows of one run with one identity
// and two contents are a conflict naming both rows; a UTF-8 csv with a BOM
// reads as the GBK one does.
func TestImportConflicts(t *testing.T) {
	dir := t.TempDir()
	mapping := filepath.Join(dir, "mapping.yaml")
	if err := os.WriteFile(mapping, mappings.GenPlatform, 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	first := writeGBK(t, dir, "工单明细.csv", exportCSV(false))
	if code, stdout, stderr := hotline(t, "import", "--mapping", mapping, "--units", "testdata/units.yaml", "--data", data, "--quiet", first); code != 0 {
		t.Fatalf("first import: exit %d: %s%s", code, stdout, stderr)
	}
	// A later export, in UTF-8 with a BOM, says another reason for T2's return.
	later := filepath.Join(dir, "later", "工单明细.csv")
	if err := os.MkdirAll(filepath.Dir(later), 0o755); err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(exportCSV(false), "非本单位职责", "属于信访渠道", 1)
	if err := os.WriteFile(later, append([]byte("\ufeff"), changed...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := hotline(t, "import", "--mapping", mapping, "--units", "testdata/units.yaml", "--data", data, "--quiet", later)
	if code != 2 || !strings.Contains(stdout, "存储：新增 0，已有 5，冲突 1") ||
		!strings.Contains(stderr, later+": sheet 工单明细: row 5: the returned event of this row (id imp-gen-platform-") ||
		!strings.Contains(stderr, "is stored with other content") {
		t.Errorf("a changed row: exit %d: %s%s", code, stdout, stderr)
	}
	// Two rows of one file: the same return, two reasons.
	twice := strings.Replace(exportCSV(false), "合计", "4,T2,市长信箱,城市管理,光明路街道,2026/10/9 10:15:00,2026/10/14 10:15:00,2026/10/9 16:00:00,属于信访渠道,否,,,,,\r\n合计", 1)
	if err := os.MkdirAll(filepath.Join(dir, "twice"), 0o755); err != nil {
		t.Fatal(err)
	}
	both := writeGBK(t, filepath.Join(dir, "twice"), "工单明细.csv", twice)
	code, _, stderr = hotline(t, "import", "--mapping", mapping, "--units", "testdata/units.yaml", "--out", filepath.Join(dir, "twice.jsonl"), "--quiet", both)
	if code != 2 || !strings.Contains(stderr, both+": sheet 工单明细: row 7: the returned event of this row") || !strings.Contains(stderr, "was made by "+both+": sheet 工单明细: row 5") {
		t.Errorf("two rows, one identity: exit %d: %s", code, stderr)
	}
}

// TestImportRefused: what cannot be imported says why: a file neither xlsx
// nor csv, a sheet no table of the mapping reads, a mapping with a problem
// (with its line), no registry.
func TestImportRefused(t *testing.T) {
	dir := t.TempDir()
	mapping := filepath.Join(dir, "mapping.yaml")
	if err := os.WriteFile(mapping, mappings.GenPlatform, 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("source: x\ntables: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	txt := filepath.Join(dir, "export.txt")
	other := writeGBK(t, dir, "其他.csv", "a,b\r\n1,2\r\n")
	out := filepath.Join(dir, "out.jsonl")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"not a spreadsheet", []string{"--mapping", mapping, "--units", "testdata/units.yaml", "--out", out, txt}, ".xlsx"},
		{"no table", []string{"--mapping", mapping, "--units", "testdata/units.yaml", "--out", out, other}, "is a table of the mapping"},
		{"a bad mapping", []string{"--mapping", bad, "--units", "testdata/units.yaml", "--out", out, other}, bad + ": line 2: tables: at least one table is required"},
		{"no registry", []string{"--mapping", mapping, "--out", out, other}, "--units is required"},
		{"no output", []string{"--mapping", mapping, "--units", "testdata/units.yaml", other}, "give --out FILE"},
		{"a bad encoding", []string{"--mapping", mapping, "--units", "testdata/units.yaml", "--out", out, "--encoding", "big5", other}, "--encoding"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := hotline(t, append([]string{"import", "--quiet"}, c.args...)...)
			if code != 2 || !strings.Contains(stdout+stderr, c.want) {
				t.Errorf("exit %d: %s%s; want 2 and %q", code, stdout, stderr, c.want)
			}
		})
	}
}

package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

func TestWriteTableGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, monthly()); err != nil {
		t.Fatal(err)
	}
	golden(t, "monthly.table.txt", b.Bytes())
}

func TestWriteTableAnnual(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, annual()); err != nil {
		t.Fatal(err)
	}
	golden(t, "annual.table.txt", b.Bytes())
	out := b.String()
	for _, s := range []string{"考核期 2026（年度）", "考核月数", "全区办理结果满意率 无", "未考核"} {
		if !strings.Contains(out, s) {
			t.Errorf("annual table lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "组织机构建设") {
		t.Errorf("annual table has item columns:\n%s", out)
	}
}

// Every column of a block starts at the same display column in each line:
// the header's 总分 ends where the scores end.
func TestWriteTableAligned(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, monthly()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	var header string
	for _, l := range lines {
		if strings.HasPrefix(l, "排名  ") {
			header = l
			break
		}
	}
	end := displayWidth(header[:strings.Index(header, "总分")+len("总分")])
	for _, l := range lines {
		if i := strings.Index(l, "97.35"); i >= 0 {
			if got := displayWidth(l[:i+len("97.35")]); got != end {
				t.Errorf("97.35 ends at column %d, header 总分 at %d:\n%s\n%s", got, end, header, l)
			}
			return
		}
	}
	t.Fatal("no line with 97.35")
}

func TestWriteTableParts(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, monthly()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{
		"政策 shizhong-2022-7", "93.12%", "95.50%", "截至 2026-11-05 09:30",
		"\n镇街\n", "\n区直部门\n", "通报批评", "-0.50", "区委组织部部长及区政府分管领导约谈主要负责人",
		"\n回退超过3次的工单\n", "T-2026-10-0042", "东关街道、区住建局", "\n提示\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q", s)
		}
	}
	if strings.Index(out, "镇街") > strings.Index(out, "区直部门") {
		t.Error("区直部门 before 镇街")
	}
	if strings.Contains(out, " \n") {
		t.Error("trailing spaces")
	}
}

// TestGroupAverages: under satisfaction.average: group (SPEC §6 v1.1) the
// table's title and the workbook's note sheet give each group's averages
// beside the district's.
func TestGroupAverages(t *testing.T) {
	r := monthly()
	r.GroupAverages = map[unit.Group]score.Averages{
		unit.TownStreet: {ResultSatisfaction: ratioExact("0.95"), ProcessSatisfaction: ratioExact("0.9")},
		unit.Department: {ResultSatisfaction: ratioExact("0.8"), ProcessSatisfaction: ratioExact("0.85")},
	}
	var b bytes.Buffer
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(b.String(), "\n")
	for _, want := range []string{"全区办理结果满意率 93.12%", "镇街组内办理结果满意率 95.00%", "镇街组内服务过程满意率 90.00%",
		"区直部门组内办理结果满意率 80.00%", "区直部门组内服务过程满意率 85.00%"} {
		if !strings.Contains(first, want) {
			t.Errorf("title %q lacks %q", first, want)
		}
	}
	if i, j := strings.Index(first, "镇街组内"), strings.Index(first, "区直部门组内"); i < 0 || j < i {
		t.Errorf("title %q: the towns' averages do not come first", first)
	}

	b.Reset()
	if err := WriteXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, func() *bytes.Buffer { return &b })
	rows, err := f.GetRows("说明")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, row := range rows {
		if len(row) == 2 {
			got[row[0]] = row[1]
		}
	}
	for k, v := range map[string]string{"镇街组内办理结果满意率": "95.00%", "区直部门组内服务过程满意率": "85.00%", "全区办理结果满意率": "93.12%"} {
		if got[k] != v {
			t.Errorf("说明 %s = %q, want %q", k, got[k], v)
		}
	}
	if !strings.Contains(got["满意率比较"], "组内平均") {
		t.Errorf("说明 满意率比较 = %q", got["满意率比较"])
	}

	// Under the district average (no group averages) the title is as before.
	b.Reset()
	if err := WriteTable(&b, monthly()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "组内") {
		t.Errorf("group averages shown without any:\n%.200s", b.String())
	}
}

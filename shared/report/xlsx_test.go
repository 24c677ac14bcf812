package report

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

func openXLSX(t *testing.T, r func() *bytes.Buffer) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(r())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteXLSX(t *testing.T) {
	f := openXLSX(t, func() *bytes.Buffer {
		var b bytes.Buffer
		if err := WriteXLSX(&b, monthly()); err != nil {
			t.Fatal(err)
		}
		return &b
	})
	want := []string{"镇街", "区直部门", "问责名单", "扣分明细", "回退超过3次", "说明"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}

	for _, sheet := range []string{"镇街", "区直部门"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(monthlyHeader, rows[1]); diff != "" {
			t.Errorf("%s header (-want +got):\n%s", sheet, diff)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 2 {
			t.Errorf("%s panes = %+v, want the title and header rows frozen", sheet, panes)
		}
		style, err := f.GetCellStyle(sheet, "A2")
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if s.Font == nil || !s.Font.Bold {
			t.Errorf("%s header is not bold", sheet)
		}
	}

	// The best town: row 3 (below the title and header rows), total in
	// column F, a number shown with 2 decimals.
	cells := map[string]string{"B3": "wenhualu", "C3": "文化路街道", "F3": "97.35", "K3": "19.50", "O3": "0.50"}
	for ref, want := range cells {
		if got, _ := f.GetCellValue("镇街", ref); got != want {
			t.Errorf("镇街!%s = %q, want %q", ref, got, want)
		}
	}
	if got, _ := f.GetCellValue("镇街", "F3", excelize.Options{RawCellValue: true}); got != "97.35" {
		t.Errorf("镇街!F3 raw = %q, want 97.35", got)
	}
	if typ, _ := f.GetCellType("镇街", "F3"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("镇街!F3 is a string, want a number")
	}
	if got, _ := f.GetCellValue("区直部门", "B3"); got != "zhujian" {
		t.Errorf("区直部门!B3 = %q, want zhujian", got)
	}

	ded, err := f.GetRows("扣分明细")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"单位", "单位编号", "工单编号", "规则", "扣分", "时间", "转自单位", "备注",
		"事件编号", "核销", "核销理由", "核销记录", "申诉编号"}, ded[1]); diff != "" {
		t.Errorf("扣分明细 header (-want +got):\n%s", diff)
	}
	wantRow := []string{"文化路街道", "wenhualu", "T-2026-10-0007", "超期件（四(二)3）", "0.50", "2026-10-20 16:00", "", "", "T-2026-10-0007-1"}
	if diff := cmp.Diff(wantRow, ded[2]); diff != "" {
		t.Errorf("扣分明细 first row (-want +got):\n%s", diff)
	}
	// SPEC §5 v1.1: a waived deduction is listed, marked, with its waiver.
	var waived []string
	for _, r := range ded {
		if len(r) > 9 && r[9] != "" {
			waived = r
		}
	}
	wantWaived := []string{"区住建局", "zhujian", "T-2026-10-0070", "超期件（四(二)3）", "0.50", "2026-10-16 17:00", "", "",
		"T-2026-10-0070-1", "已核销", "经核实系系统故障，申诉成立", "w-2026-11-0003", "ap-2026-10-0003"}
	if diff := cmp.Diff(wantWaived, waived); diff != "" {
		t.Errorf("扣分明细 waived row (-want +got):\n%s", diff)
	}
	var moved []string
	for _, r := range ded {
		if len(r) > 6 && r[6] != "" {
			moved = r
		}
	}
	if len(moved) < 7 || moved[2] != "T-2026-10-0061" || moved[6] != "区城管局" {
		t.Errorf("moved deduction row = %q", moved)
	}

	ret, err := f.GetRows("回退超过3次")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{
		{"工单编号", "回退次数", "承办单位", "单位编号"},
		{"T-2026-10-0042", "4", "东关街道、区住建局", "dongguan,zhujian"},
	}, ret[min(1, len(ret)):]); diff != "" {
		t.Errorf("回退超过3次 (-want +got):\n%s", diff)
	}

	notes, err := f.GetRows("说明")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range notes {
		if len(r) == 2 {
			got[r[0]] = r[1]
		}
	}
	for k, v := range map[string]string{"考核期": "2026-10", "政策": "shizhong-2022-7", "计算截至": "2026-11-05 09:30（北京时间）",
		"全区办理结果满意率": "93.12%", "全区服务过程满意率": "95.50%", "提示": monthly().Warnings[0]} {
		if got[k] != v {
			t.Errorf("说明 %s = %q, want %q", k, got[k], v)
		}
	}
}

func TestWriteXLSXAnnual(t *testing.T) {
	f := openXLSX(t, func() *bytes.Buffer {
		var b bytes.Buffer
		if err := WriteXLSX(&b, annual()); err != nil {
			t.Fatal(err)
		}
		return &b
	})
	if diff := cmp.Diff([]string{"镇街", "区直部门", "问责名单", "扣分明细", "回退超过3次", "说明"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if got, _ := f.GetCellValue("镇街", "H2"); got != "考核月数" {
		t.Errorf("镇街!H2 = %q, want 考核月数", got)
	}
	if got, _ := f.GetCellValue("镇街", "F3"); got != "95.12" {
		t.Errorf("镇街!F3 = %q, want 95.12", got)
	}
}

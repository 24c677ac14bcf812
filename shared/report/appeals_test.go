package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/score"
)

// writeXLSXWithAppeals writes r with appeals and returns the bytes.
func writeXLSXWithAppeals(t testing.TB, r *score.Result, appeals []appeal.Appeal) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLSXWithAppeals(&b, r, appeals); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decided is a filed appeal decided to status to by the centre.
func decided(t testing.TB, a appeal.Appeal, to appeal.Status, at time.Time, note string) appeal.Appeal {
	t.Helper()
	a = appeal.Filed(a, "acct-wenhualu", at.Add(-26*time.Hour))
	a, err := a.Decide(to, "acct-centre", at, note)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// monthAppeals are two appeals of October 2026 as a store lists them,
// oldest filing first: wenhualu's overdue of 0.5 points granted and waived,
// and its criticism rejected.
func monthAppeals(t testing.TB) []appeal.Appeal {
	t.Helper()
	granted := decided(t, appeal.Appeal{
		ID: "ap-2026-10-0000000000000001", Month: "2026-10", UnitID: "wenhualu", EventID: "T-2026-10-0007-1",
		Rule: "overdue", TicketID: "T-2026-10-0007", Points: "0.5", Version: 1, Reason: "反映人已撤诉",
	}, appeal.Granted, at("2026-11-03T02:15:00Z"), "情况属实")
	granted.Correction, granted.CorrectionType = "desk-0001", "deduction_waived"
	rejected := decided(t, appeal.Appeal{
		ID: "ap-2026-10-0000000000000002", Month: "2026-10", UnitID: "wenhualu", EventID: "crit-2026-13",
		Rule: "criticized", Points: "0.5", Version: 1, Reason: "通报有误",
	}, appeal.Rejected, at("2026-11-04T08:00:00Z"), "通报无误")
	return []appeal.Appeal{granted, rejected}
}

// The month's appeals, their outcomes and the points they moved are a sheet
// of the workbook (SPEC v1.1 §12: a unit appeals a deduction, the centre
// grants or rejects it, and a granted appeal gives the points back).
func TestWriteXLSXWithAppeals(t *testing.T) {
	f := readXLSX(t, writeXLSXWithAppeals(t, monthly(), monthAppeals(t)))
	want := []string{"镇街", "区直部门", "问责名单", "扣分明细", "申诉处理", "回退超过3次", "说明"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	rows, err := f.GetRows("申诉处理")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rows[0][0], "申诉处理  考核期 2026-10") {
		t.Errorf("title = %q", rows[0][0])
	}
	header := []string{"申诉编号", "单位", "扣分规则", "工单", "事件", "扣分", "申诉理由", "申诉人", "申诉时间",
		"状态", "处理人", "处理时间", "处理意见", "更正方式", "变动分值"}
	if diff := cmp.Diff(header, rows[1]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	wantRows := [][]string{
		{"ap-2026-10-0000000000000001", "文化路街道", score.RuleOverdue.Label(), "T-2026-10-0007", "T-2026-10-0007-1", "0.50",
			"反映人已撤诉", "acct-wenhualu", "2026-11-02 08:15", "已同意", "acct-centre", "2026-11-03 10:15", "情况属实",
			"扣分核销", "0.50"},
		{"ap-2026-10-0000000000000002", "文化路街道", score.RuleCriticized.Label(), "", "crit-2026-13", "0.50",
			"通报有误", "acct-wenhualu", "2026-11-03 14:00", "已驳回", "acct-centre", "2026-11-04 16:00", "通报无误",
			"", "0.00"},
	}
	if diff := cmp.Diff(wantRows, rows[2:]); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// 扣分 and 变动分值 are numbers, exact.
	for ref, want := range map[string]string{"F3": "0.5", "O3": "0.5", "O4": "0"} {
		if got, _ := f.GetCellValue("申诉处理", ref, excelize.Options{RawCellValue: true}); got != want {
			t.Errorf("申诉处理!%s raw = %q, want %q", ref, got, want)
		}
		if typ, _ := f.GetCellType("申诉处理", ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("申诉处理!%s is a string, want a number", ref)
		}
	}
}

func TestWriteXLSXWithoutAppeals(t *testing.T) {
	f := readXLSX(t, writeXLSXWithAppeals(t, monthly(), []appeal.Appeal{}))
	rows, err := f.GetRows("申诉处理")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || len(rows[1]) != 15 || rows[1][0] != "申诉编号" {
		t.Fatalf("rows = %q, want the title, the header and one row", rows)
	}
	if diff := cmp.Diff([]string{"本月无申诉"}, rows[2]); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}

	// nil is no sheet: the workbook of WriteXLSX, byte for byte.
	if got, want := writeXLSXWithAppeals(t, monthly(), nil), writeXLSX(t, monthly()); !bytes.Equal(got, want) {
		t.Error("WriteXLSXWithAppeals(nil) differs from WriteXLSX")
	}
}

func TestWriteXLSXAppealCorrections(t *testing.T) {
	names := namesOf(monthly())
	for _, c := range []struct {
		a    appeal.Appeal
		want string
	}{
		{appeal.Appeal{CorrectionType: "deduction_waived"}, "扣分核销"},
		{appeal.Appeal{CorrectionType: "overdue_reassigned", ToUnitID: "zhujian"}, "责任改判至区住建局"},
		{appeal.Appeal{CorrectionType: "overdue_reassigned", ToUnitID: "gone"}, "责任改判至gone"},
		{appeal.Appeal{}, ""},
	} {
		if got := correctionLabel(c.a, names); got != c.want {
			t.Errorf("correctionLabel(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
}

func TestWriteXLSXAppealPointsNotANumber(t *testing.T) {
	a := monthAppeals(t)
	a[1].Points = "half"
	err := WriteXLSXWithAppeals(&bytes.Buffer{}, monthly(), a)
	if err == nil || !strings.Contains(err.Error(), a[1].ID) {
		t.Errorf("err = %v, want one naming %s", err, a[1].ID)
	}
}

package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var monthlyHeader = []string{
	"组别", "单位编号", "单位", "是否考核", "排名", "总分", "等次",
	"组织机构建设", "回退件", "不合规工单", "超期件", "督办件", "办理结果满意率", "服务过程满意率", "通报批评",
	"排名靠后", "问责", "连续靠后月数",
	"回访工单数", "接通数", "结果满意数", "过程满意数", "剔除不合理诉求数", "超时回退数", "未联系直接回退数",
	"超期件数", "督办未通过数", "缺席会议数", "通报批评次数", "交办数", "标记",
}

// readCSV checks the BOM and parses the rest.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 BOM: % x", b[:min(3, len(b))])
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// unitRows are the rows after the header up to the first empty row, which
// begins the warnings.
func unitRows(rows [][]string) [][]string {
	for i, r := range rows[1:] {
		if r[0] == "" && r[1] == "" {
			return rows[1 : i+1]
		}
	}
	return rows[1:]
}

// rowOf is the row of a unit id (column 2).
func rowOf(t *testing.T, rows [][]string, id string) map[string]string {
	t.Helper()
	for _, r := range unitRows(rows) {
		if r[1] == id {
			m := map[string]string{}
			for i, h := range rows[0] {
				m[h] = r[i]
			}
			return m
		}
	}
	t.Fatalf("no row for %s", id)
	return nil
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, monthly()); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b.Bytes())
	if diff := cmp.Diff(monthlyHeader, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	var ids []string
	for _, r := range unitRows(rows) {
		ids = append(ids, r[1])
	}
	wantIDs := []string{"wenhualu", "dongguan", "xiguan", "nanyuan", "beishan", "zhujian", "chengguan", "shuiwu", "dangan"}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("row order (-want +got):\n%s", diff)
	}

	got := rowOf(t, rows, "wenhualu")
	want := map[string]string{"组别": "镇街", "单位": "文化路街道", "是否考核": "是", "排名": "1", "总分": "97.35",
		"等次": "优秀", "超期件": "19.5", "组织机构建设": "10", "办理结果满意率": "18.35", "通报批评": "0.5",
		"排名靠后": "", "问责": "", "回访工单数": "12", "接通数": "10", "剔除不合理诉求数": "1"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("wenhualu %s = %q, want %q", k, got[k], v)
		}
	}
	got = rowOf(t, rows, "nanyuan")
	if got["排名靠后"] != "是" || got["问责"] != "区委组织部部长及区政府分管领导约谈主要负责人" || got["连续靠后月数"] != "3" {
		t.Errorf("nanyuan bottom, escalation, run = %q, %q, %q", got["排名靠后"], got["问责"], got["连续靠后月数"])
	}
	got = rowOf(t, rows, "beishan")
	if got["是否考核"] != "否" || got["排名"] != "" || got["总分"] != "" || got["等次"] != "" || got["组织机构建设"] != "" {
		t.Errorf("beishan not assessed: %v", got)
	}
	got = rowOf(t, rows, "chengguan")
	if got["组别"] != "区直部门" || !strings.Contains(got["标记"], "工作人员不足2人") {
		t.Errorf("chengguan group, flags = %q, %q", got["组别"], got["标记"])
	}
	if diff := cmp.Diff(monthly().Warnings, csvWarnings(t, rows)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// csvWarnings are the texts of the 提示 rows after the units, each row as
// wide as the header.
func csvWarnings(t *testing.T, rows [][]string) []string {
	t.Helper()
	n := len(unitRows(rows)) + 1
	if n == len(rows) {
		return nil
	}
	if strings.Join(rows[n], "") != "" {
		t.Errorf("row %d between the units and the warnings is not empty: %q", n+1, rows[n])
	}
	var out []string
	for _, r := range rows[n+1:] {
		if r[0] != "提示" || strings.Join(r[2:], "") != "" {
			t.Errorf("warning row %q: want 提示, the text, nothing else", r)
		}
		out = append(out, r[1])
	}
	return out
}

func TestWriteCSVAnnual(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, annual()); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b.Bytes())
	wantHeader := []string{"组别", "单位编号", "单位", "是否考核", "排名", "总分", "等次", "考核月数", "排名靠后", "问责",
		"回访工单数", "接通数", "结果满意数", "过程满意数", "剔除不合理诉求数", "超时回退数", "未联系直接回退数",
		"超期件数", "督办未通过数", "缺席会议数", "通报批评次数", "交办数", "标记"}
	if diff := cmp.Diff(wantHeader, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	got := rowOf(t, rows, "wenhualu")
	if got["总分"] != "95.12" || got["考核月数"] != "12" {
		t.Errorf("wenhualu total, months = %q, %q", got["总分"], got["考核月数"])
	}
}

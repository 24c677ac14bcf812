package importer

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/importer/mappings"
	"github.com/shizhong/hotline/shared/unit"
)

const testUnits = `units:
  - {id: gonganju, name: 区公安分局, group: department, aliases: [公安分局]}
  - {id: wenhualu, name: 文化路街道, group: town_street}
`

var detailHeader = []string{"序号", "工单编号", "来源渠道", "诉求类别", "承办单位", "派单时间", "办理时限", "回退时间", "回退原因", "是否不合规退回", "是否已联系群众", "退回驳回时间", "驳回原因", "督办时间", "办结时间"}

// detail is a row of 工单明细 with the cells given by header text.
func detail(n int, cells map[string]string) Row {
	r := Row{File: "平台导出.xlsx", Sheet: "工单明细", Number: n, Cells: make([]string, len(detailHeader))}
	for i, h := range detailHeader {
		r.Cells[i] = cells[h]
	}
	return r
}

func platform(t *testing.T) (*Mapping, *unit.Registry) {
	t.Helper()
	m, err := Parse(mappings.GenPlatform, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return m, testRegistry(t)
}

func testRegistry(t testing.TB) *unit.Registry {
	t.Helper()
	reg, err := unit.Decode(strings.NewReader(testUnits))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// decodeAll feeds the title rows, the header row and rows to a decoder of
// the first table.
func decodeAll(t testing.TB, m *Mapping, reg *unit.Registry, rows ...Row) ([]Made, []Problem) {
	t.Helper()
	d := m.NewTableDecoder(&m.Tables[0], reg)
	var made []Made
	var problems []Problem
	all := append([]Row{
		{File: "平台导出.xlsx", Sheet: "工单明细", Number: 1, Cells: []string{"12345政务服务便民热线工单明细表"}},
		{File: "平台导出.xlsx", Sheet: "工单明细", Number: 3, Cells: detailHeader},
	}, rows...)
	for _, r := range all {
		m, p := d.Decode(r)
		made, problems = append(made, m...), append(problems, p...)
	}
	return made, problems
}

// TestRowMakesEvents: a row of the platform export makes its assignment and,
// where the cells are filled, its return, refusal, supervision and reply
// (docs/import.md, 工单明细); Excel serial dates and text dates both read in
// the mapping's zone; a unit's alias and trailing spaces find the unit; the
// totals row ends the table.
func TestRowMakesEvents(t *testing.T) {
	m, reg := platform(t)
	made, problems := decodeAll(t, m, reg,
		detail(4, map[string]string{"序号": "1", "工单编号": "T1 ", "来源渠道": "12345热线", "承办单位": "公安分局\u3000", "派单时间": "46304.4270833333",
			"办理时限": "2026/10/14 10:15:00", "回退时间": "2026/10/9 16:00:00", "回退原因": "非本单位职责", "是否不合规退回": "是", "是否已联系群众": "否"}),
		detail(5, map[string]string{"序号": "2", "工单编号": "T2", "来源渠道": "市长信箱", "诉求类别": "城市管理", "承办单位": "文化路街道", "派单时间": "2026/10/9 10:15:07",
			"办理时限": "2026/10/14 10:15:07", "督办时间": "2026/10/10 9:00:00", "办结时间": "2026/10/12 15:30:00"}),
		detail(6, map[string]string{"序号": "合计", "工单编号": "2"}),
		detail(7, map[string]string{"序号": "3", "工单编号": "T3"}), // after the totals row: not read
	)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	var got []string
	for _, e := range made {
		got = append(got, e.Event.Type.String()+" "+e.Event.TicketID+" "+e.Event.UnitID+" "+e.Event.At.Format("2006-01-02T15:04:05Z07:00"))
	}
	want := []string{
		"assigned T1 gonganju 2026-10-09T10:15:00+08:00",
		"returned T1 gonganju 2026-10-09T16:00:00+08:00",
		"assigned T2 wenhualu 2026-10-09T10:15:07+08:00",
		"supervised T2 wenhualu 2026-10-10T09:00:00+08:00",
		"replied T2 wenhualu 2026-10-12T15:30:00+08:00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ret := made[1].Event
	if !ret.Noncompliant || ret.CitizenContacted || ret.Reason != "非本单位职责" {
		t.Errorf("the return: %+v", ret)
	}
	if a := made[2].Event; a.Channel != "mayor_mailbox" || a.Category != "城市管理" || made[0].Event.Category != "" {
		t.Errorf("channels and categories: %+v / %+v", made[0].Event, a)
	}
	if made[0].Place.Row != 4 || made[4].Place.Row != 5 {
		t.Errorf("places: %+v, %+v", made[0].Place, made[4].Place)
	}
}

// TestRowIDs: the id of an event is its row's identity: the same row again,
// or with the unit under another of its names, makes the same id; another
// time makes another.
func TestRowIDs(t *testing.T) {
	m, reg := platform(t)
	row := map[string]string{"工单编号": "T1", "来源渠道": "12345热线", "承办单位": "区公安分局", "派单时间": "2026/10/9 10:15:00", "办理时限": "2026/10/14 10:15:00"}
	first, _ := decodeAll(t, m, reg, detail(4, row))
	row["承办单位"] = "公安分局"
	again, _ := decodeAll(t, m, reg, detail(9, row))
	row["派单时间"] = "2026/10/9 10:16:00"
	later, _ := decodeAll(t, m, reg, detail(4, row))
	if len(first) != 1 || len(again) != 1 || len(later) != 1 {
		t.Fatalf("%d, %d, %d events", len(first), len(again), len(later))
	}
	if first[0].Event.ID != again[0].Event.ID || first[0].Event.ID == later[0].Event.ID || !strings.HasPrefix(first[0].Event.ID, "imp-gen-platform-") {
		t.Errorf("ids %s, %s, %s", first[0].Event.ID, again[0].Event.ID, later[0].Event.ID)
	}
	if !event.InRange(first[0].Event.At) {
		t.Errorf("at %s", first[0].Event.At)
	}
}

// TestRowProblems: every bad cell is reported with its file, sheet, row,
// column and header and what was expected; the row's other events stand.
func TestRowProblems(t *testing.T) {
	m, reg := platform(t)
	good := map[string]string{"工单编号": "T1", "来源渠道": "12345热线", "承办单位": "文化路街道", "派单时间": "2026/10/9 10:15:00", "办理时限": "2026/10/14 10:15:00"}
	with := func(k, v string) map[string]string {
		c := map[string]string{}
		for a, b := range good {
			c[a] = b
		}
		c[k] = v
		return c
	}
	for _, c := range []struct {
		name  string
		cells map[string]string
		want  string
	}{
		{"a time", with("派单时间", "十月九日"), `平台导出.xlsx: sheet 工单明细: row 4, column F (派单时间): expected a time`},
		{"a unit", with("承办单位", "文化街道"), `row 4, column E (承办单位): "文化街道" is no unit's name, alias or id; the closest are 文化路街道 (wenhualu)`},
		{"a channel", with("来源渠道", "微信"), `row 4, column C (来源渠道): "微信" is not one of`},
		{"a blank required cell", with("办理时限", ""), `row 4, column G (办理时限): due_at: is required`},
		{"the deadline before the receipt", with("办理时限", "2026/10/8 10:15:00"), `row 4, column G (办理时限): due_at:`},
		{"a yes or no", with("回退时间", "2026/10/9 16:00:00"), ""},
		{"a yes or no, wrong", func() map[string]string {
			c := with("回退时间", "2026/10/9 16:00:00")
			c["是否不合规退回"] = "也许"
			return c
		}(), `column J (是否不合规退回): "也许" is not one of 否, 是`},
		{"noncompliant without contacted", func() map[string]string {
			c := with("回退时间", "2026/10/9 16:00:00")
			c["是否不合规退回"] = "是"
			return c
		}(), `citizen_contacted`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, problems := decodeAll(t, m, reg, detail(4, c.cells))
			var msgs []string
			for _, p := range problems {
				msgs = append(msgs, p.Error())
			}
			got := strings.Join(msgs, "\n")
			if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
				t.Errorf("problems:\n%s\nwant one with %q", got, c.want)
			}
		})
	}
}

// TestHeaderProblems: a header row without a required column is one
// problem naming the column and listing the headers found, and no row of
// the sheet is read; an optional column may be missing.
func TestHeaderProblems(t *testing.T) {
	m, reg := platform(t)
	d := m.NewTableDecoder(&m.Tables[0], reg)
	header := append([]string{}, detailHeader...)
	header[5] = "接单时间" // 派单时间|签收时间 missing
	header[3] = ""     // 诉求类别 is optional
	_, problems := d.Decode(Row{File: "f.csv", Sheet: "工单明细", Number: 3, Cells: header})
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "f.csv: sheet 工单明细: row 3: no column 派单时间 or 签收时间 in the header row of table 工单明细; the headers are: 序号, 工单编号") {
		t.Fatalf("problems %v", problems)
	}
	made, more := d.Decode(detail(4, map[string]string{"工单编号": "T1"}))
	if len(made) != 0 || len(more) != 0 {
		t.Errorf("a row of a broken sheet made %v, %v", made, more)
	}
}

// TestJSONString: text of any kind becomes a JSON string the event decoder
// reads back as the same text (quotes, backslashes, control characters).
func TestJSONString(t *testing.T) {
	for _, s := range []string{`非本单位"职责"`, `a\b`, "tab\there\x01", "", "区公安分局"} {
		var back string
		if err := json.Unmarshal(jsonString(s), &back); err != nil || back != s {
			t.Errorf("%q → %s → %q, %v", s, jsonString(s), back, err)
		}
	}
}

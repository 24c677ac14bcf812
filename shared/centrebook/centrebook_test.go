package centrebook

import (
	"bytes"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/importer/mappings"
	sheetpkg "github.com/shizhong/hotline/shared/sheet"
	"github.com/shizhong/hotline/shared/unit"
)

func testRegistry(t testing.TB) *unit.Registry {
	t.Helper()
	reg, err := unit.NewRegistry([]unit.Unit{
		{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet},
		{ID: "qicunzhen", Name: "齐村镇", Group: unit.TownStreet},
		{ID: "gonganju", Name: "区公安分局", Group: unit.Department, Aliases: []string{"公安分局"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// open writes events into a workbook and opens it again.
func open(t testing.TB, reg *unit.Registry, events []event.Event) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, reg, events); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rawRows are the rows of a sheet as stored: numbers unformatted.
func rawRows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// mapping is the part of centre-workbook.yaml that the layout must match.
type mapping struct {
	Tables []struct {
		Sheet     string         `yaml:"sheet"`
		HeaderRow int            `yaml:"header_row"`
		Columns   map[string]any `yaml:"columns"`
		Events    []struct {
			Type   string                       `yaml:"type"`
			Values map[string]map[string]string `yaml:"values"`
		} `yaml:"events"`
	} `yaml:"tables"`
}

func centreMapping(t testing.TB) mapping {
	t.Helper()
	var m mapping
	if err := yaml.Unmarshal(mappings.CentreWorkbook, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTemplateSheetsAndHeaders(t *testing.T) {
	reg := testRegistry(t)
	f := open(t, reg, nil)
	want := []string{ReadmeSheet}
	for _, l := range layouts {
		want = append(want, l.name)
	}
	want = append(want, UnitsSheet)
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want 说明", f.GetActiveSheetIndex())
	}
	if visible, _ := f.GetSheetVisible(UnitsSheet); visible {
		t.Errorf("%s is visible", UnitsSheet)
	}
	m := centreMapping(t)
	if len(m.Tables) != len(layouts) {
		t.Fatalf("%d tables in the mapping, %d sheets", len(m.Tables), len(layouts))
	}
	for _, tb := range m.Tables {
		rows := rawRows(t, f, tb.Sheet)
		if len(rows) < tb.HeaderRow {
			t.Fatalf("%s: no header row", tb.Sheet)
		}
		header := rows[tb.HeaderRow-1]
		for name, c := range tb.Columns {
			h, ok := c.(string)
			if !ok {
				t.Fatalf("%s: column %s is not a plain header", tb.Sheet, name)
			}
			if !slices.Contains(header, h) {
				t.Errorf("%s: no header %s in %q", tb.Sheet, h, header)
			}
		}
		if len(header) != len(tb.Columns) {
			t.Errorf("%s: %d headers, the mapping reads %d", tb.Sheet, len(header), len(tb.Columns))
		}
		panes, err := f.GetPanes(tb.Sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v %v", tb.Sheet, panes, err)
		}
	}
	rows := rawRows(t, f, OrgSheet)
	if len(rows) != 1+reg.Len() {
		t.Fatalf("%s: %d rows, want the header and %d units", OrgSheet, len(rows), reg.Len())
	}
	for i, u := range reg.Units() {
		if got := rows[i+1]; len(got) != 2 || got[0] != u.ID || got[1] != u.Name {
			t.Errorf("%s row %d: %q, want %s %s and blanks", OrgSheet, i+2, got, u.ID, u.Name)
		}
	}
	readme := rawRows(t, f, ReadmeSheet)
	if len(readme) < len(readmeLines)+len(layouts) {
		t.Errorf("%s: %d rows", ReadmeSheet, len(readme))
	}
}

func TestTemplateValidations(t *testing.T) {
	reg := testRegistry(t)
	f := open(t, reg, nil)
	units := "'单位名单'!$A$2:$A$4"
	want := map[string]map[string]string{ // sheet → sqref → type and formula
		OrgSheet: {
			"A2:A1048576": "list '单位名单'!$B$2:$B$4",
			"D2:D1048576": "decimal 0 5",
			"E2:E1048576": "decimal 0 5",
			"F2:F1048576": "whole 0 ",
		},
		"调度会缺席":  {"A2:A1048576": "list " + units, "C2:C1048576": `list "调度会,协调会,现场办公会"`},
		"通报批评":   {"A2:A1048576": "list " + units, "C2:C1048576": `list "未按要求办理,多次催办仍未办理,虚报办理结果,不合理诉求未及时上报,服务态度被投诉"`},
		"督办不合格":  {"B2:B1048576": "list " + units},
		"超期责任认定": {"B2:B1048576": "list " + units, "D2:D1048576": "list " + units},
		"不合理诉求":  {},
		"退回重办":   {"B2:B1048576": "list " + units, "D2:D1048576": `list "反馈内容与实际不符,办理质量不符合要求,互相推诿、拖延不办,回访不满意被退回"`},
	}
	for sheet, w := range want {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, dv := range dvs {
			got[dv.Sqref] = dv.Type + " " + dv.Formula1
			if dv.Type != "list" {
				got[dv.Sqref] += " " + dv.Formula2
			}
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s validations (-want +got):\n%s", sheet, diff)
		}
	}
	list := rawRows(t, f, UnitsSheet)
	for i, u := range reg.Units() {
		if got := list[i+1]; got[0] != u.Name || got[1] != u.ID {
			t.Errorf("%s row %d: %q", UnitsSheet, i+2, got)
		}
	}
}

// TestLabelsMatchMapping holds the lists' labels to the values that
// centre-workbook.yaml reads.
func TestLabelsMatchMapping(t *testing.T) {
	m := centreMapping(t)
	invert := func(labels map[string]string) map[string]string {
		out := map[string]string{}
		for v, l := range labels {
			out[l] = v
		}
		return out
	}
	want := map[string]map[string]string{
		"meeting_absent": invert(MeetingLabels),
		"criticized":     invert(CriticismLabels),
		"redo":           invert(RedoLabels),
	}
	for _, tb := range m.Tables {
		for _, e := range tb.Events {
			w, ok := want[e.Type]
			if !ok {
				continue
			}
			for _, vals := range e.Values {
				if diff := cmp.Diff(w, vals); diff != "" {
					t.Errorf("%s labels (-mapping wants +written):\n%s", e.Type, diff)
				}
			}
			delete(want, e.Type)
		}
	}
	if len(want) > 0 {
		t.Errorf("the mapping has no values for %v", want)
	}
	for _, c := range []struct {
		values []string
		labels map[string]string
	}{{event.Meetings, MeetingLabels}, {event.CriticismReasons, CriticismLabels}, {event.RedoReasons, RedoLabels}} {
		if len(c.labels) != len(c.values) || slices.Contains(labelsOf(c.values, c.labels), "") {
			t.Errorf("labels %v do not cover %v", c.labels, c.values)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	reg := testRegistry(t)
	loc := calendar.DefaultLocation()
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	dec := decimal.RequireFromString
	events := []event.Event{
		{ID: "o1", Type: event.OrgAssessed, At: at("2026-01-05 09:30:17"), UnitID: "gonganju", Leadership: dec("4.5"), Staffing: dec("3.25"), StaffCount: 3, HasStaffCount: true},
		{ID: "o2", Type: event.OrgAssessed, At: at("2027-01-06 09:30:59"), UnitID: "gonganju", Leadership: dec("5"), Staffing: dec("4.8")},
		{ID: "o3", Type: event.OrgAssessed, At: at("2026-01-05 10:00:01"), UnitID: "wenhualu", Leadership: dec("0"), Staffing: dec("0"), HasStaffCount: true},
		{ID: "m1", Type: event.MeetingAbsent, At: at("2026-10-09 10:15:37"), UnitID: "qicunzhen", Meeting: "onsite", TicketID: "SZ2610000001"},
		{ID: "m2", Type: event.MeetingAbsent, At: at("2026-10-10 23:59:59"), UnitID: "wenhualu"},
		{ID: "c1", Type: event.Criticized, At: at("2026-10-11 00:00:00"), UnitID: "gonganju", Reason: "false_result"},
		{ID: "s1", Type: event.SupervisionRejected, At: at("2026-10-12 12:34:56"), UnitID: "wenhualu", TicketID: "SZ2610000002"},
		{ID: "r1", Type: event.OverdueReassigned, At: at("2026-10-13 08:00:01"), UnitID: "wenhualu", TicketID: "SZ2610000003", ToUnitID: "gonganju", AppealID: "appeal-1"},
		{ID: "r2", Type: event.OverdueReassigned, At: at("2026-10-13 08:00:02"), UnitID: "qicunzhen", TicketID: "SZ2610000004"},
		{ID: "u1", Type: event.UnreasonableApproved, At: at("2026-10-14 16:20:45"), TicketID: "SZ2610000005"},
		{ID: "d1", Type: event.Redo, At: at("2026-10-15 17:00:09"), UnitID: "qicunzhen", TicketID: "SZ2610000006", Reason: "buck_passing"},
	}
	f := open(t, reg, events)
	ser := func(s string) string { return s } // the instant columns are read back as wall times (readBack)
	want := map[string][][]string{
		OrgSheet: {
			{"单位编号", "单位名称", "评定日期", "组织领导得分", "人员配备得分", "工作人员数"},
			{"wenhualu", "文化路街道", ser("2026-01-05 10:00:01"), "0", "0", "0"},
			{"qicunzhen", "齐村镇"},
			{"gonganju", "区公安分局", ser("2026-01-05 09:30:17"), "4.5", "3.25", "3"},
			{"gonganju", "区公安分局", ser("2027-01-06 09:30:59"), "5", "4.8"},
		},
		"调度会缺席": {
			{"单位", "会议时间", "会议类型", "工单编号"},
			{"齐村镇", ser("2026-10-09 10:15:37"), "现场办公会", "SZ2610000001"},
			{"文化路街道", ser("2026-10-10 23:59:59")},
		},
		"通报批评":   {{"单位", "通报时间", "原因", "工单编号"}, {"区公安分局", ser("2026-10-11 00:00:00"), "虚报办理结果"}},
		"督办不合格":  {{"工单编号", "单位", "认定时间"}, {"SZ2610000002", "文化路街道", ser("2026-10-12 12:34:56")}},
		"超期责任认定": {{"工单编号", "单位", "认定时间", "改由单位", "申诉编号"}, {"SZ2610000003", "文化路街道", ser("2026-10-13 08:00:01"), "区公安分局", "appeal-1"}, {"SZ2610000004", "齐村镇", ser("2026-10-13 08:00:02")}},
		"不合理诉求":  {{"工单编号", "审核通过时间"}, {"SZ2610000005", ser("2026-10-14 16:20:45")}},
		"退回重办":   {{"工单编号", "单位", "退回时间", "原因"}, {"SZ2610000006", "齐村镇", ser("2026-10-15 17:00:09"), "互相推诿、拖延不办"}},
	}
	for sheet, w := range want {
		if diff := cmp.Diff(w, readBack(t, f, sheet, loc)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", sheet, diff)
		}
	}
	style, _ := f.GetCellStyle("督办不合格", "C2")
	if s, _ := f.GetStyle(style); s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy/m/d h:mm:ss" {
		t.Errorf("督办不合格 C2: style %+v, want a date-time format", s)
	}
	if got, _ := f.GetCellValue("督办不合格", "C2"); got != "2026/10/12 12:34:56" {
		t.Errorf("督办不合格 C2 reads %q", got)
	}
}

// readBack is the rows of a sheet as stored, the serials of the instant
// columns as wall times to the second, 2006-01-02 15:04:05.
func readBack(t testing.TB, f *excelize.File, sheet string, loc *time.Location) [][]string {
	t.Helper()
	var l layout
	for _, x := range layouts {
		if x.name == sheet {
			l = x
		}
	}
	rows := rawRows(t, f, sheet)
	for _, row := range rows[1:] {
		for i, c := range l.columns {
			if c.kind != instant || i >= len(row) || row[i] == "" {
				continue
			}
			v, err := strconv.ParseFloat(row[i], 64)
			if err != nil {
				t.Fatalf("%s: %q is not a serial date", sheet, row[i])
			}
			row[i] = sheetpkg.FromSerial(v, loc).Format("2006-01-02 15:04:05")
		}
	}
	return rows
}

func TestAddRefuses(t *testing.T) {
	reg := testRegistry(t)
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, calendar.DefaultLocation())
	for _, e := range []event.Event{
		{ID: "w", Type: event.DeductionWaived, At: at, UnitID: "wenhualu"},
		{ID: "x", Type: event.Retracted, At: at},
		{ID: "a", Type: event.Assigned, At: at, UnitID: "wenhualu"},
		{ID: "u", Type: event.Criticized, At: at, UnitID: "nowhere", Reason: "false_result"},
		{ID: "o", Type: event.OrgAssessed, At: at, UnitID: "nowhere"},
		{ID: "r", Type: event.Redo, At: at, UnitID: "wenhualu", Reason: "lazy"},
	} {
		w, err := New(reg, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Add(&e); err == nil {
			t.Errorf("%s: a %s was written", e.ID, e.Type)
		}
	}
}

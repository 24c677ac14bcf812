package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// unknownYear is the engine's result of January 2028, a year the built-in
// calendar does not know: one unit with a late return, one assessed.
func unknownYear(t *testing.T) *score.Result {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := unit.NewRegistry([]unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}, {ID: "zhujian", Name: "区住建局", Group: unit.Department}})
	if err != nil {
		t.Fatal(err)
	}
	local := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	events := []event.Event{
		{ID: "as1", Type: event.Assigned, At: local("2028-01-26 10:00"), TicketID: "T1", UnitID: "wenhualu", DueAt: local("2028-02-20 18:00"), Channel: "hotline_12345"},
		{ID: "rt1", Type: event.Returned, At: local("2028-01-27 10:01"), TicketID: "T1", UnitID: "wenhualu", Reason: "不属于本单位职责"},
		{ID: "cb1", Type: event.Callback, At: local("2028-01-10 09:00"), TicketID: "T2", UnitID: "wenhualu", Connected: true, Result: event.Satisfied, Process: event.Satisfied},
	}
	res, err := score.Month(events, score.NewLedger(reg), policy.Builtin(), calendar.New(loc), calendar.Month{Year: 2028, Month: time.January}, local("2028-02-01 00:00"))
	if err != nil {
		t.Fatal(err)
	}
	if len(score.CalendarWarnings(res.Warnings)) != 1 {
		t.Fatalf("the engine gave no calendar warning for 2028: %q", res.Warnings)
	}
	return res
}

// TestUnknownYearInEveryFormat (SPEC §4): the warning naming a year the
// calendar does not know is in every output format: the JSON warnings, the
// table's 提示, the CSV's 提示 rows and the note sheet of the workbook.
func TestUnknownYearInEveryFormat(t *testing.T) {
	res := unknownYear(t)
	warning := score.CalendarWarnings(res.Warnings)[0]
	if !strings.Contains(warning, "2028") {
		t.Fatalf("the warning %q does not name 2028", warning)
	}

	var b bytes.Buffer
	if err := WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	golden(t, "unknown-year.json", b.Bytes())
	var body struct{ Warnings []string }
	if err := json.Unmarshal(b.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{warning}, body.Warnings); diff != "" {
		t.Errorf("JSON warnings (-want +got):\n%s", diff)
	}

	b.Reset()
	if err := WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	golden(t, "unknown-year.table.txt", b.Bytes())
	if !strings.Contains(b.String(), "\n提示\n1. "+warning+"\n") {
		t.Errorf("the table does not list the warning under 提示:\n%s", b.String())
	}

	b.Reset()
	if err := WriteCSV(&b, res); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{warning}, csvWarnings(t, readCSV(t, b.Bytes()))); diff != "" {
		t.Errorf("CSV warnings (-want +got):\n%s", diff)
	}

	f := openXLSX(t, func() *bytes.Buffer {
		var b bytes.Buffer
		if err := WriteXLSX(&b, res); err != nil {
			t.Fatal(err)
		}
		return &b
	})
	notes, err := f.GetRows("说明")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range notes {
		if len(r) == 2 && r[0] == "提示" {
			got = append(got, r[1])
		}
	}
	if diff := cmp.Diff([]string{warning}, got); diff != "" {
		t.Errorf("说明 提示 (-want +got):\n%s", diff)
	}
}

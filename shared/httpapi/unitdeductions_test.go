package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
)

// deskAbsence is the meeting absence the centre records for 文化路街道 in
// the unit-deductions tests: 四(二)4, −0.5 on 督办件.
const deskAbsence = `{"type":"meeting_absent","at":"2026-10-10T09:00:00+08:00","unit_id":"wenhualu","meeting":"dispatch"}`

// recordAndRecompute records body at the desk as the centre and recomputes
// 2026-10, returning the event stored.
func recordAndRecompute(t *testing.T, o *office, body string) event.Event {
	t.Helper()
	centre := o.signIn("li.wei", centrePW)
	rec := o.asPerson(http.MethodPost, "/v1/desk/events", body, centre)
	if rec.Code != http.StatusCreated {
		t.Fatalf("record: HTTP %d: %s", rec.Code, rec.Body)
	}
	var made event.Event
	if err := json.Unmarshal(rec.Body.Bytes(), &made); err != nil {
		t.Fatal(err)
	}
	if rec := o.asPerson(http.MethodPost, "/v1/admin/recompute", `{"month":"2026-10"}`, centre); rec.Code != http.StatusOK {
		t.Fatalf("recompute: HTTP %d: %s", rec.Code, rec.Body)
	}
	return made
}

// TestUnitDeductions: SPEC §9 ("the list of deductions with ticket ids and
// the rule that caused each, so a unit can check its score"), §8 v1.1
// (each deduction names its `event_id`) and §11 (a unit account: "its own
// scores"): the unit's account sees its month with the meeting absence the
// centre recorded (四(二)4, −0.5) and, beside it, that very event with its
// recorded_by; the centre sees any unit; a unit account asking for another
// unit is refused 403 on `unit`, nobody signed in 401, a month not
// published 404.
func TestUnitDeductions(t *testing.T) {
	o := newDeskOffice(t)
	made := recordAndRecompute(t, o, deskAbsence)
	unit := o.signIn("wenhualu-1", unitPW)

	rec := o.asPerson(http.MethodGet, "/v1/months/2026-10/units/wenhualu/deductions", "", unit)
	if rec.Code != http.StatusOK {
		t.Fatalf("own unit: HTTP %d: %s", rec.Code, rec.Body)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	got := decodeJSON[httpapi.UnitDeductions](t, rec)
	var row struct {
		UnitID     string `json:"unit_id"`
		Deductions []struct {
			EventID string  `json:"event_id"`
			Rule    string  `json:"rule"`
			Points  float64 `json:"points"`
		} `json:"deductions"`
	}
	if err := json.Unmarshal(got.Unit, &row); err != nil {
		t.Fatal(err)
	}
	if got.Period != "2026-10" || got.Version < 1 || row.UnitID != "wenhualu" {
		t.Errorf("period %s version %d unit %s, want 2026-10, ≥1, wenhualu", got.Period, got.Version, row.UnitID)
	}
	found := false
	for _, d := range row.Deductions {
		if d.EventID == made.ID && d.Rule == "meeting_absent" && d.Points == 0.5 {
			found = true
		}
	}
	if !found {
		t.Errorf("deductions %+v: want meeting_absent −0.5 of %s", row.Deductions, made.ID)
	}
	if len(got.Events) != len(row.Deductions) {
		t.Errorf("%d events for %d deductions (each names one event)", len(got.Events), len(row.Deductions))
	}
	var ev *event.Event
	for i := range got.Events {
		if got.Events[i].ID == made.ID {
			ev = &got.Events[i]
		}
	}
	if ev == nil || ev.Type != event.MeetingAbsent || ev.RecordedBy != "li.wei" || ev.UnitID != "wenhualu" {
		t.Errorf("events %+v: want %s, meeting_absent of wenhualu recorded by li.wei", got.Events, made.ID)
	}

	for _, c := range []struct {
		name   string
		rec    *httptest.ResponseRecorder
		status int
		field  string
	}{
		{"another unit", o.asPerson(http.MethodGet, "/v1/months/2026-10/units/edu/deductions", "", unit), http.StatusForbidden, "unit"},
		{"the centre, any unit", o.asPerson(http.MethodGet, "/v1/months/2026-10/units/edu/deductions", "", o.signIn("li.wei", centrePW)), http.StatusOK, ""},
		{"nobody", o.send(httptest.NewRequest(http.MethodGet, "/v1/months/2026-10/units/wenhualu/deductions", nil)), http.StatusUnauthorized, ""},
		{"a month not published", o.asPerson(http.MethodGet, "/v1/months/2026-09/units/wenhualu/deductions", "", unit), http.StatusNotFound, ""},
		{"a bad month", o.asPerson(http.MethodGet, "/v1/months/2026-13/units/wenhualu/deductions", "", unit), http.StatusBadRequest, "month"},
	} {
		if c.rec.Code != c.status {
			t.Errorf("%s: HTTP %d, want %d: %s", c.name, c.rec.Code, c.status, c.rec.Body)
			continue
		}
		if c.field != "" {
			if e := errorOf(t, c.rec); e.Field != c.field {
				t.Errorf("%s: error %+v, want field %s", c.name, e, c.field)
			}
		}
	}
}

// TestUnitDeductionsPaged: the signed-in route takes ?limit= and ?cursor=
// as the public unit route does (issue 14), and answers the events of the
// page's deductions only: page by page, the events of every page are those
// of the whole answer, in order.
func TestUnitDeductionsPaged(t *testing.T) {
	o := newDeskOffice(t)
	recordAndRecompute(t, o, deskAbsence)
	recordAndRecompute(t, o, strings.Replace(deskAbsence, "2026-10-10", "2026-10-17", 1))
	centre := o.signIn("li.wei", centrePW)
	const path = "/v1/months/2026-10/units/wenhualu/deductions"
	whole := decodeJSON[httpapi.UnitDeductions](t, o.asPerson(http.MethodGet, path, "", centre))
	if whole.DeductionsPage != nil || len(whole.Events) < 2 {
		t.Fatalf("whole: page %+v, %d events: want no page and 2 events or more", whole.DeductionsPage, len(whole.Events))
	}
	var events []string
	next := path + "?limit=1"
	for pages := 0; next != ""; pages++ {
		rec := o.asPerson(http.MethodGet, next, "", centre)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: HTTP %d: %s", next, rec.Code, rec.Body)
		}
		p := decodeJSON[httpapi.UnitDeductions](t, rec)
		if p.DeductionsPage == nil || p.DeductionsPage.Offset != pages || len(p.Events) > 1 {
			t.Fatalf("page %d: %+v with %d events", pages, p.DeductionsPage, len(p.Events))
		}
		for _, e := range p.Events {
			if !slices.Contains(events, e.ID) {
				events = append(events, e.ID)
			}
		}
		next = ""
		if c := p.DeductionsPage.NextCursor; c != nil {
			next = path + "?limit=1&cursor=" + *c
		}
	}
	var want []string
	for _, e := range whole.Events {
		want = append(want, e.ID)
	}
	if !slices.Equal(events, want) {
		t.Errorf("the pages' events %v, the whole answer's %v", events, want)
	}
}

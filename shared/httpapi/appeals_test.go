package httpapi_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
)

// appealEvents are October 2026 for the two units of the office: two
// overdue assignments and a meeting absence of wenhualu, one overdue
// assignment of edu, and a callback each, so that both are assessed.
var appealEvents = []string{
	`{"id":"as-1","type":"assigned","at":"2026-10-09T10:00:00+08:00","ticket_id":"T-1","unit_id":"wenhualu","due_at":"2026-10-12T10:00:00+08:00","channel":"hotline_12345"}`,
	`{"id":"as-2","type":"assigned","at":"2026-10-09T11:00:00+08:00","ticket_id":"T-2","unit_id":"wenhualu","due_at":"2026-10-12T11:00:00+08:00","channel":"hotline_12345"}`,
	`{"id":"as-3","type":"assigned","at":"2026-10-09T12:00:00+08:00","ticket_id":"T-3","unit_id":"edu","due_at":"2026-10-12T12:00:00+08:00","channel":"hotline_12345"}`,
	`{"id":"ma-1","type":"meeting_absent","at":"2026-10-10T09:00:00+08:00","unit_id":"wenhualu","meeting":"dispatch"}`,
	`{"id":"cb-1","type":"callback","at":"2026-10-20T10:00:00+08:00","ticket_id":"T-1","unit_id":"wenhualu","connected":false}`,
	`{"id":"cb-3","type":"callback","at":"2026-10-20T10:00:00+08:00","ticket_id":"T-3","unit_id":"edu","connected":false}`,
}

// newAppealOffice is the desk office with the month's cycle, October 2026
// stored and published by the schedule at 00:05 on Sunday 1 November: the
// window is open until the end of Wednesday 4 November (SPEC §12.2).
func newAppealOffice(t *testing.T) *office {
	t.Helper()
	o := newDeskOffice(t)
	cal := calendar.New(shanghai(t))
	svc := &compute.Service{Store: o.store, Policy: policy.Builtin(), Calendar: cal}
	o.srv = httpapi.New(httpapi.Config{
		Store: o.store, Accounts: o.store, Sessions: o.store,
		Clients: func() (*auth.Clients, error) { return auth.LoadClients("testdata/keys.yaml") },
		Compute: svc,
		Cycle:   &cycle.Cycle{Store: o.store, Appeals: o.store, Calendar: cal, Days: 3},
		Now:     func() time.Time { return o.now },
	})
	var events []event.Event
	for _, line := range appealEvents {
		e, err := event.Decode([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	if _, err := o.store.PutEvents(context.Background(), events); err != nil {
		t.Fatal(err)
	}
	o.now = at(t, "2026-11-01 00:05")
	if _, err := svc.Month(context.Background(), calendar.Month{Year: 2026, Month: time.October}, o.now); err != nil {
		t.Fatal(err)
	}
	o.now = at(t, "2026-11-02 09:00")
	return o
}

// at is a time in Shanghai written 2006-01-02 15:04.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// fileBody is the body appealing a deduction of October.
func fileBody(eventID, rule string) string {
	return `{"event_id":"` + eventID + `","rule":"` + rule + `","reason":"该工单已于时限内回复，见回复记录。"}`
}

// unitTotal is the total of unit in the latest published October.
func unitTotal(t *testing.T, o *office, unitID string) string {
	t.Helper()
	rec := o.asPerson(http.MethodGet, "/v1/months/2026-10/units/"+unitID, "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("unit %s: HTTP %d: %s", unitID, rec.Code, rec.Body)
	}
	var body struct {
		Unit struct {
			Total json.Number `json:"total"`
		} `json:"unit"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	return body.Unit.Total.String()
}

// TestAppealGranted: SPEC §12.2–3, a unit appeals an overdue deduction
// while the window is open, the centre grants it: a deduction_waived with
// the appeal's id is recorded by the centre's account, the month is
// recomputed into a new provisional version, and the unit's total rises by
// 0.5 (四(二)3) while the other units stay.
func TestAppealGranted(t *testing.T) {
	o := newAppealOffice(t)
	unit := o.signIn("wenhualu-1", unitPW)
	centre := o.signIn("li.wei", centrePW)
	before, eduBefore := unitTotal(t, o, "wenhualu"), unitTotal(t, o, "edu")

	rec := o.asPerson(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-1", "overdue"), unit)
	if rec.Code != http.StatusCreated {
		t.Fatalf("file: HTTP %d, want 201: %s", rec.Code, rec.Body)
	}
	filed := decodeJSON[appeal.Appeal](t, rec)
	want := appeal.Appeal{
		ID: appeal.ID("2026-10", "wenhualu", "as-1", "overdue"), Month: "2026-10", UnitID: "wenhualu", EventID: "as-1",
		Rule: "overdue", TicketID: "T-1", Points: "0.5", Version: 1, Reason: "该工单已于时限内回复，见回复记录。",
		Status: appeal.Open, FiledBy: "wenhualu-1", FiledAt: o.now.UTC(),
		History: []appeal.Change{{Status: appeal.Open, By: "wenhualu-1", At: o.now.UTC()}},
	}
	if diff := cmp.Diff(want, filed); diff != "" {
		t.Errorf("the appeal filed (-want +got):\n%s", diff)
	}

	o.now = at(t, "2026-11-03 10:00")
	centre = o.signIn("li.wei", centrePW)
	rec = o.asPerson(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", `{"decision":"granted","note":"核实属实"}`, centre)
	if rec.Code != http.StatusOK {
		t.Fatalf("grant: HTTP %d, want 200: %s", rec.Code, rec.Body)
	}
	got := decodeJSON[httpapi.Decided](t, rec)
	if got.Status != appeal.Granted || got.DecidedBy != "li.wei" || got.Note != "核实属实" || got.CorrectionType != "deduction_waived" ||
		got.Recomputed == nil || got.Recomputed.Version != 2 || got.Recomputed.Final || len(got.History) != 2 {
		t.Errorf("the grant = %+v", got)
	}
	e, ok := storedEvents(t, o)[got.Correction]
	if !ok || e.Type != event.DeductionWaived || e.AppealID != filed.ID || e.RecordedBy != "li.wei" || e.EventID != "as-1" || e.Rule != "overdue" || e.UnitID != "wenhualu" {
		t.Errorf("the correction stored = %+v (found %v)", e, ok)
	}
	if after := unitTotal(t, o, "wenhualu"); !moved(t, before, after, "0.5") {
		t.Errorf("wenhualu's total %s → %s, want +0.5", before, after)
	}
	if after := unitTotal(t, o, "edu"); after != eduBefore {
		t.Errorf("edu's total %s → %s, want unchanged", eduBefore, after)
	}

	// The grant sent again (the answer was lost) stores nothing twice and
	// answers the same appeal and version.
	n := len(storedEvents(t, o))
	rec = o.asPerson(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", `{"decision":"granted","note":"核实属实"}`, centre)
	if again := decodeJSON[httpapi.Decided](t, rec); rec.Code != http.StatusOK || again.Recomputed == nil || again.Recomputed.Version != 2 || len(storedEvents(t, o)) != n {
		t.Errorf("the grant again: HTTP %d, %+v, %d events (want %d)", rec.Code, again, len(storedEvents(t, o)), n)
	}
	// A rejection now is refused: the appeal is decided.
	wantError(t, o.asPerson(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", `{"decision":"rejected","note":"改判"}`, centre), http.StatusConflict, httpapi.EConflict, "")
}

// TestAppealRejected: a rejected appeal changes nothing but the appeal
// (SPEC §12.3): no event, no version, the same total.
func TestAppealRejected(t *testing.T) {
	o := newAppealOffice(t)
	unit := o.signIn("wenhualu-1", unitPW)
	centre := o.signIn("li.wei", centrePW)
	before := unitTotal(t, o, "wenhualu")
	events := len(storedEvents(t, o))
	filed := decodeJSON[appeal.Appeal](t, o.asPerson(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("ma-1", "meeting_absent"), unit))
	wantError(t, o.asPerson(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", `{"decision":"rejected"}`, centre), http.StatusBadRequest, httpapi.EInvalid, "note")
	rec := o.asPerson(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", `{"decision":"rejected","note":"缺席属实，未请假"}`, centre)
	if got := decodeJSON[httpapi.Decided](t, rec); rec.Code != http.StatusOK || got.Status != appeal.Rejected || got.Recomputed != nil || got.Correction != "" {
		t.Errorf("reject: HTTP %d, %+v", rec.Code, got)
	}
	if n := len(storedEvents(t, o)); n != events {
		t.Errorf("%d events after a rejection, want %d", n, events)
	}
	if r, _ := o.store.Result(context.Background(), "2026-10", 0); r.Version != 1 {
		t.Errorf("version %d after a rejection, want 1", r.Version)
	}
	if after := unitTotal(t, o, "wenhualu"); after != before {
		t.Errorf("total %s → %s after a rejection", before, after)
	}
}

// TestAppealReassigned: 四(二)3, granting an overdue appeal with
// to_unit_id moves the deduction to the unit the centre names: the
// appealing unit gains 0.5, the other loses 0.5.
func TestAppealReassigned(t *testing.T) {
	o := newAppealOffice(t)
	unit := o.signIn("wenhualu-1", unitPW)
	centre := o.signIn("li.wei", centrePW)
	before, eduBefore := unitTotal(t, o, "wenhualu"), unitTotal(t, o, "edu")
	filed := decodeJSON[appeal.Appeal](t, o.asPerson(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-2", "overdue"), unit))
	for body, field := range map[string]string{
		`{"decision":"granted","to_unit_id":"wenhualu"}`:        "to_unit_id",
		`{"decision":"granted","to_unit_id":"nobody"}`:          "to_unit_id",
		`{"decision":"rejected","note":"x","to_unit_id":"edu"}`: "to_unit_id",
		`{"decision":"maybe"}`:                                  "decision",
		`{"decision":"granted","extra":1}`:                      "extra",
	} {
		wantError(t, o.asPerson(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", body, centre), http.StatusBadRequest, httpapi.EInvalid, field)
	}
	rec := o.asPerson(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", `{"decision":"granted","note":"属教体局职责","to_unit_id":"edu"}`, centre)
	got := decodeJSON[httpapi.Decided](t, rec)
	if rec.Code != http.StatusOK || got.CorrectionType != "overdue_reassigned" || got.ToUnitID != "edu" {
		t.Fatalf("grant with to_unit_id: HTTP %d, %+v", rec.Code, got)
	}
	e := storedEvents(t, o)[got.Correction]
	if e.Type != event.OverdueReassigned || e.TicketID != "T-2" || e.UnitID != "wenhualu" || e.ToUnitID != "edu" || e.AppealID != filed.ID {
		t.Errorf("the correction stored = %+v", e)
	}
	if after := unitTotal(t, o, "wenhualu"); !moved(t, before, after, "0.5") {
		t.Errorf("wenhualu %s → %s, want +0.5", before, after)
	}
	if after := unitTotal(t, o, "edu"); !moved(t, eduBefore, after, "-0.5") {
		t.Errorf("edu %s → %s, want -0.5", eduBefore, after)
	}
}

// refusal is an answer that should be a refusal: its status, code, field
// and a part of its message.
type refusal struct {
	name   string
	got    *httpResult
	status int
	code   string
	field  string
	says   string
}

// TestAppealRefusals: every refusal of SPEC §12.2–3 names why.
func TestAppealRefusals(t *testing.T) {
	o := newAppealOffice(t)
	unit := o.signIn("wenhualu-1", unitPW)
	centre := o.signIn("li.wei", centrePW)
	admin := o.signIn("zhang.admin", adminPW)
	file := func(body, token string) *httpResult {
		return result(o.asPerson(http.MethodPost, "/v1/months/2026-10/appeals", body, token))
	}
	cases := []refusal{
		{"not signed in", file(fileBody("as-1", "overdue"), ""), 401, httpapi.EUnauthorized, "", ""},
		{"a centre account files", file(fileBody("as-1", "overdue"), centre), 403, httpapi.EForbidden, "", "unit's account"},
		{"another unit's deduction", file(fileBody("as-3", "overdue"), unit), 403, httpapi.EForbidden, "event_id", "not your unit's"},
		{"no such deduction", file(fileBody("nothing", "overdue"), unit), 404, httpapi.ENotFound, "event_id", "no deduction"},
		{"the wrong rule of an event", file(fileBody("as-1", "late_return"), unit), 404, httpapi.ENotFound, "event_id", ""},
		{"a satisfaction item", file(fileBody("as-1", "result_satisfaction"), unit), 400, httpapi.EInvalid, "rule", "cannot be appealed"},
		{"no reason", file(`{"event_id":"as-1","rule":"overdue","reason":""}`, unit), 400, httpapi.EInvalid, "reason", "empty"},
		{"a reason too long", file(`{"event_id":"as-1","rule":"overdue","reason":"`+strings.Repeat("长", 1001)+`"}`, unit), 400, httpapi.EInvalid, "reason", "1000"},
		{"no event_id", file(`{"rule":"overdue","reason":"x"}`, unit), 400, httpapi.EInvalid, "event_id", ""},
		{"an unknown field", file(`{"event_id":"as-1","rule":"overdue","reason":"x","points":1}`, unit), 400, httpapi.EInvalid, "points", ""},
		{"a month not published", result(o.asPerson(http.MethodPost, "/v1/months/2026-09/appeals", fileBody("as-1", "overdue"), unit)), 409, httpapi.EConflict, "", "has not been published"},
		{"a bad month", result(o.asPerson(http.MethodPost, "/v1/months/2026-13/appeals", fileBody("as-1", "overdue"), unit)), 400, httpapi.EInvalid, "month", ""},
	}
	first := file(fileBody("as-1", "overdue"), unit)
	if first.status != http.StatusCreated {
		t.Fatalf("the first appeal: HTTP %d: %s", first.status, first.body)
	}
	cases = append(cases, refusal{"already appealed", file(fileBody("as-1", "overdue"), unit), 409, httpapi.EConflict, "", "appealed already"})
	id := appeal.ID("2026-10", "wenhualu", "as-1", "overdue")
	decide := func(body, token string) *httpResult {
		return result(o.asPerson(http.MethodPost, "/v1/appeals/"+id+"/decision", body, token))
	}
	cases = append(cases, []refusal{
		{"a unit decides", decide(`{"decision":"granted"}`, unit), 403, httpapi.EForbidden, "", ""},
		{"no such appeal", result(o.asPerson(http.MethodPost, "/v1/appeals/ap-2026-10-0000000000000000/decision", `{"decision":"granted"}`, centre)), 404, httpapi.ENotFound, "", "no appeal"},
		{"an admin withdraws", result(o.asPerson(http.MethodPost, "/v1/appeals/"+id+"/withdraw", "", admin)), 403, httpapi.EForbidden, "", ""},
		{"finalize while open", result(o.asPerson(http.MethodPost, "/v1/admin/finalize", `{"month":"2026-10"}`, admin)), 409, httpapi.EConflict, "", "open until 2026-11-05 00:00"},
	}...)
	// The window closes at 24:00 of Wednesday 4 November.
	o.now = at(t, "2026-11-05 00:00")
	unit, admin = o.signIn("wenhualu-1", unitPW), o.signIn("zhang.admin", adminPW)
	cases = append(cases, []refusal{
		{"the window closed", file(fileBody("as-2", "overdue"), unit), 409, httpapi.EConflict, "", "closed at 2026-11-05 00:00 (Asia/Shanghai)"},
		{"finalize with an open appeal", result(o.asPerson(http.MethodPost, "/v1/admin/finalize", `{"month":"2026-10"}`, admin)), 409, httpapi.EConflict, "", id},
	}...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got.status != c.status || c.got.err.Code != c.code || c.got.err.Field != c.field || !strings.Contains(c.got.err.Message, c.says) {
				t.Errorf("HTTP %d %+v, want %d %s field %q saying %q", c.got.status, c.got.err, c.status, c.code, c.field, c.says)
			}
		})
	}
	// Withdrawn by its unit, the appeal no longer holds the month: an
	// admin account makes it final; withdrawing again is refused.
	rec := o.asPerson(http.MethodPost, "/v1/appeals/"+id+"/withdraw", "", unit)
	if got := decodeJSON[httpapi.Decided](t, rec); rec.Code != http.StatusOK || got.Status != appeal.Withdrawn || got.DecidedBy != "wenhualu-1" {
		t.Errorf("withdraw: HTTP %d, %+v", rec.Code, got)
	}
	wantError(t, o.asPerson(http.MethodPost, "/v1/appeals/"+id+"/withdraw", "", unit), http.StatusConflict, httpapi.EConflict, "")
	rec = o.asPerson(http.MethodPost, "/v1/admin/finalize", `{"month":"2026-10"}`, admin)
	if v := decodeJSON[httpapi.StoredVersion](t, rec); rec.Code != http.StatusOK || !v.Final {
		t.Errorf("finalize by an admin account: HTTP %d, %+v", rec.Code, v)
	}
}

// TestAppealList: a unit sees its own appeals, the centre all, with the
// window (SPEC §12.2).
func TestAppealList(t *testing.T) {
	o := newAppealOffice(t)
	unit := o.signIn("wenhualu-1", unitPW)
	centre := o.signIn("li.wei", centrePW)
	o.asPerson(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-1", "overdue"), unit)
	addUnitAccount(t, o, "edu-1", "edu")
	edu := o.signIn("edu-1", unitPW)
	o.asPerson(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-3", "overdue"), edu)
	for token, want := range map[string]int{unit: 1, edu: 1, centre: 2} {
		rec := o.asPerson(http.MethodGet, "/v1/months/2026-10/appeals", "", token)
		got := decodeJSON[httpapi.MonthAppeals](t, rec)
		if rec.Code != http.StatusOK || len(got.Appeals) != want || !got.Window.Open ||
			got.Window.ClosesAt == nil || !got.Window.ClosesAt.Equal(at(t, "2026-11-05 00:00")) {
			t.Errorf("list: HTTP %d, %d appeals (want %d), window %+v", rec.Code, len(got.Appeals), want, got.Window)
		}
	}
	rec := o.asPerson(http.MethodGet, "/v1/months/2026-09/appeals", "", centre)
	if got := decodeJSON[httpapi.MonthAppeals](t, rec); rec.Code != http.StatusOK || got.Window.Open || got.Window.ClosesAt != nil || got.Appeals == nil {
		t.Errorf("a month not published: HTTP %d, %+v", rec.Code, got)
	}
}

// httpResult is an answer with its error body read.
type httpResult struct {
	status int
	body   string
	err    httpapi.Error
}

func result(rec *httptest.ResponseRecorder) *httpResult {
	r := &httpResult{status: rec.Code, body: rec.Body.String()}
	var body struct {
		Error httpapi.Error `json:"error"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	r.err = body.Error
	return r
}

// moved reports whether after is before plus delta, exactly.
func moved(t *testing.T, before, after, delta string) bool {
	t.Helper()
	b, err1 := decimal.NewFromString(before)
	a, err2 := decimal.NewFromString(after)
	if err1 != nil || err2 != nil {
		t.Fatalf("totals %q and %q", before, after)
	}
	return a.Sub(b).Equal(decimal.RequireFromString(delta))
}

// addUnitAccount stores a unit account of unitID with the password unitPW.
func addUnitAccount(t *testing.T, o *office, id, unitID string) {
	t.Helper()
	h, err := account.HashPassword(unitPW, testParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	a := account.Account{ID: id, Name: id, Role: account.Unit, UnitID: unitID, Password: h, CreatedAt: o.now, UpdatedAt: o.now}
	if err := o.store.CreateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

// sampleAppeals calls the appeal routes and the finalisation by an admin
// account (SPEC §12), in success and in error, for the API document's test.
func sampleAppeals(s *session) {
	o := newAppealOffice(s.t)
	desk := &api{srv: o.srv, store: o.store}
	send := func(method, path, body, token string) {
		s.send(desk, sessionRequest(method, path, body, withCookie(token)))
	}
	unit, centre, admin := o.signIn("wenhualu-1", unitPW), o.signIn("li.wei", centrePW), o.signIn("zhang.admin", adminPW)
	granted := appeal.ID("2026-10", "wenhualu", "as-1", "overdue")
	rejected := appeal.ID("2026-10", "wenhualu", "ma-1", "meeting_absent")
	withdrawn := appeal.ID("2026-10", "wenhualu", "as-2", "overdue")
	send(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-1", "overdue"), unit)
	send(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("ma-1", "meeting_absent"), unit)
	send(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-2", "overdue"), unit)
	send(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-1", "overdue"), unit)
	send(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-3", "overdue"), unit)
	send(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("nothing", "overdue"), unit)
	send(http.MethodPost, "/v1/months/2026-10/appeals", `{"event_id":"as-1"}`, unit)
	send(http.MethodGet, "/v1/months/2026-10/appeals", "", unit)
	send(http.MethodGet, "/v1/months/2026-10/appeals", "", centre)
	send(http.MethodGet, "/v1/months/2026-09/appeals", "", centre)
	send(http.MethodGet, "/v1/months/2026-10/appeals", "", "")
	send(http.MethodPost, "/v1/admin/finalize", `{"month":"2026-10"}`, admin)
	send(http.MethodPost, "/v1/appeals/"+granted+"/decision", `{"decision":"granted","note":"核实属实"}`, centre)
	send(http.MethodPost, "/v1/appeals/"+rejected+"/decision", `{"decision":"rejected","note":"缺席属实"}`, centre)
	send(http.MethodPost, "/v1/appeals/"+rejected+"/decision", `{"decision":"granted"}`, centre)
	send(http.MethodPost, "/v1/appeals/"+rejected+"/decision", `{"decision":"granted"}`, unit)
	send(http.MethodPost, "/v1/appeals/ap-2026-10-0000000000000000/decision", `{"decision":"granted"}`, centre)
	send(http.MethodPost, "/v1/appeals/"+granted+"/decision", `{"decision":"maybe"}`, centre)
	send(http.MethodPost, "/v1/appeals/"+withdrawn+"/withdraw", "", unit)
	send(http.MethodPost, "/v1/appeals/"+withdrawn+"/withdraw", "", unit)
	send(http.MethodPost, "/v1/appeals/"+withdrawn+"/withdraw", "", admin)
	send(http.MethodPost, "/v1/appeals/ap-2026-10-0000000000000000/withdraw", "", unit)
	o.now = at(s.t, "2026-11-05 00:00")
	unit, admin = o.signIn("wenhualu-1", unitPW), o.signIn("zhang.admin", adminPW)
	send(http.MethodPost, "/v1/months/2026-10/appeals", fileBody("as-2", "overdue"), unit)
	send(http.MethodPost, "/v1/admin/finalize", `{"month":"2026-10"}`, admin)
	send(http.MethodPost, "/v1/admin/finalize", `{"month":"2026-10"}`, o.signIn("li.wei", centrePW))
}

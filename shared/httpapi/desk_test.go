package httpapi_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
)

// deskIDPattern is the id the server makes for a desk event: within SPEC
// §3's 1–128 characters.
var deskIDPattern = regexp.MustCompile(`^desk-[0-9a-f]{20}$`)

// deskBodies are a body of each type the centre records (issue 12), as the
// page posts them: without id and recorded_by.
var deskBodies = []struct {
	typ  event.Type
	body string
}{
	{event.OrgAssessed, `{"type":"org_assessed","at":"2026-10-09T10:15:00+08:00","unit_id":"wenhualu","leadership":4.5,"staffing":3,"staff_count":12}`},
	{event.MeetingAbsent, `{"type":"meeting_absent","at":"2026-10-10T09:00:00+08:00","unit_id":"wenhualu","meeting":"dispatch"}`},
	{event.Criticized, `{"type":"criticized","at":"2026-10-11T09:00:00+08:00","unit_id":"edu","reason":"not_handled","ticket_id":"T-1"}`},
	{event.Supervised, `{"type":"supervised","at":"2026-10-12T09:00:00+08:00","ticket_id":"T-2","unit_id":"wenhualu"}`},
	{event.SupervisionRejected, `{"type":"supervision_rejected","at":"2026-10-13T09:00:00+08:00","ticket_id":"T-2","unit_id":"wenhualu"}`},
	{event.OverdueReassigned, `{"type":"overdue_reassigned","at":"2026-10-14T09:00:00+08:00","ticket_id":"T-3","unit_id":"wenhualu","to_unit_id":"edu"}`},
	{event.ReturnRejected, `{"type":"return_rejected","at":"2026-10-15T09:00:00+08:00","ticket_id":"T-4","unit_id":"edu","reason":"属于本单位职责"}`},
	{event.UnreasonableApproved, `{"type":"unreasonable_approved","at":"2026-10-16T09:00:00+08:00","ticket_id":"T-5"}`},
	{event.Redo, `{"type":"redo","at":"2026-10-17T09:00:00+08:00","ticket_id":"T-6","unit_id":"edu","reason":"false_report"}`},
	{event.Retracted, `{"type":"retracted","at":"2026-10-18T09:00:00+08:00","event_id":"e-by-mistake","reason":"录入错误"}`},
	{event.DeductionWaived, `{"type":"deduction_waived","at":"2026-10-19T09:00:00+08:00","unit_id":"wenhualu","rule":"overdue","event_id":"e-overdue","reason":"申诉成立"}`},
}

// newDeskOffice is the office of accounts_test.go with the compute service
// behind the recompute, for the centre's button.
func newDeskOffice(t *testing.T) *office {
	t.Helper()
	o := newOffice(t, true)
	clients, err := auth.LoadClients("testdata/keys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o.srv = httpapi.New(httpapi.Config{
		Store:    o.store,
		Accounts: o.store,
		Sessions: o.store,
		Clients:  func() (*auth.Clients, error) { return clients, nil },
		Compute:  &compute.Service{Store: o.store, Policy: policy.Builtin(), Calendar: calendar.New(shanghai(t))},
		Imports:  o.store,
		Now:      func() time.Time { return o.now },
		Log:      slog.New(slog.NewJSONHandler(&o.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	return o
}

// storedEvents is every event of the store, by id.
func storedEvents(t testing.TB, o *office) map[string]event.Event {
	t.Helper()
	out := map[string]event.Event{}
	if err := o.store.Events(context.Background(), func(batch []event.Event) error {
		for _, e := range batch {
			out[e.ID] = e
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// withServerFields is body with the id and recorded_by the server sets.
func withServerFields(body, id, by string) string {
	return `{"id":"` + id + `","recorded_by":"` + by + `",` + body[1:]
}

// TestDeskRecordsEachType: SPEC §3 ("recorded_by: the server sets it on
// events that people enter through the page"; the same object the ingest
// API takes) and §11 (the centre's records): for each type the centre
// records, a centre and an admin session posting it get 201 with exactly
// the event that decoding the same JSON plus the server's id and
// recorded_by gives, and the store holds exactly that event, once.
func TestDeskRecordsEachType(t *testing.T) {
	if len(deskBodies) != len(httpapi.DeskTypes) {
		t.Fatalf("%d bodies for %d desk types", len(deskBodies), len(httpapi.DeskTypes))
	}
	for _, who := range []struct{ id, pw string }{{"li.wei", centrePW}, {"zhang.admin", adminPW}} {
		for _, c := range deskBodies {
			t.Run(who.id+"/"+c.typ.String(), func(t *testing.T) {
				o := newDeskOffice(t)
				before := storedEvents(t, o)
				rec := o.asPerson(http.MethodPost, "/v1/desk/events", c.body, o.signIn(who.id, who.pw))
				if rec.Code != http.StatusCreated {
					t.Fatalf("HTTP %d, want 201: %s", rec.Code, rec.Body)
				}
				var got event.Event
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
					t.Fatalf("the answer is not an event: %v: %s", err, rec.Body)
				}
				if !deskIDPattern.MatchString(got.ID) {
					t.Errorf("id %q, want desk- and 20 hex digits", got.ID)
				}
				want, err := event.Decode([]byte(withServerFields(c.body, got.ID, who.id)))
				if err != nil {
					t.Fatal(err)
				}
				if g, w := string(got.AppendJSON(nil)), string(want.AppendJSON(nil)); g != w {
					t.Errorf("answered %s\nwant     %s", g, w)
				}
				after := storedEvents(t, o)
				if len(after) != len(before)+1 {
					t.Fatalf("%d events stored, want %d", len(after), len(before)+1)
				}
				stored, ok := after[got.ID]
				if !ok {
					t.Fatalf("event %s is not stored", got.ID)
				}
				if g, w := string(stored.AppendJSON(nil)), string(want.AppendJSON(nil)); g != w {
					t.Errorf("stored %s\nwant   %s", g, w)
				}
				if stored.RecordedBy != who.id || stored.Type != c.typ {
					t.Errorf("stored recorded_by %q type %s, want %q %s", stored.RecordedBy, stored.Type, who.id, c.typ)
				}
			})
		}
	}
}

// TestDeskIDsDiffer: SPEC §3, id "globally unique": two posts of the same
// body are two events, with two ids.
func TestDeskIDsDiffer(t *testing.T) {
	o := newDeskOffice(t)
	token := o.signIn("li.wei", centrePW)
	a := decodeJSON[event.Event](t, o.asPerson(http.MethodPost, "/v1/desk/events", deskBodies[1].body, token))
	b := decodeJSON[event.Event](t, o.asPerson(http.MethodPost, "/v1/desk/events", deskBodies[1].body, token))
	if a.ID == b.ID || a.ID == "" {
		t.Errorf("ids %q and %q, want two different ids", a.ID, b.ID)
	}
}

// TestDeskRefuses: SPEC §3 ("malformed fields are rejected with a message
// that names the field; nothing of a rejected event is stored") and §11
// (roles; "a state-changing request made with a session must come from an
// allowed origin ... or is refused 403"): each refused post answers its
// status, code and field, and stores nothing.
func TestDeskRefuses(t *testing.T) {
	meeting := deskBodies[1].body
	cases := []struct {
		name        string
		who, pw     string // "" for no session
		body        string
		opts        []reqOption
		status      int
		code, field string
		says        string
	}{
		{"id given", "li.wei", centrePW, `{"id":"mine",` + meeting[1:], nil, http.StatusBadRequest, httpapi.EInvalid, "id", "set by the server"},
		{"recorded_by given", "li.wei", centrePW, `{"recorded_by":"li.wei",` + meeting[1:], nil, http.StatusBadRequest, httpapi.EInvalid, "recorded_by", "set by the server"},
		{"recorded_by given as null", "li.wei", centrePW, `{"recorded_by":null,` + meeting[1:], nil, http.StatusBadRequest, httpapi.EInvalid, "recorded_by", ""},
		{"a type the platform posts", "li.wei", centrePW, `{"type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"wenhualu","due_at":"2026-10-10T10:15:00+08:00","channel":"phone"}`, nil, http.StatusBadRequest, httpapi.EInvalid, "type", "org_assessed"},
		{"a callback", "li.wei", centrePW, `{"type":"callback","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"wenhualu","connected":false}`, nil, http.StatusBadRequest, httpapi.EInvalid, "type", "deduction_waived"},
		{"an unknown type", "li.wei", centrePW, `{"type":"party","at":"2026-10-09T10:15:00+08:00"}`, nil, http.StatusBadRequest, httpapi.EInvalid, "type", ""},
		{"leadership over 5", "li.wei", centrePW, `{"type":"org_assessed","at":"2026-10-09T10:15:00+08:00","unit_id":"wenhualu","leadership":6,"staffing":3}`, nil, http.StatusBadRequest, httpapi.EInvalid, "leadership", ""},
		{"unit_id missing", "li.wei", centrePW, `{"type":"meeting_absent","at":"2026-10-10T09:00:00+08:00"}`, nil, http.StatusBadRequest, httpapi.EInvalid, "unit_id", ""},
		{"a reason not of 六(二)", "li.wei", centrePW, `{"type":"criticized","at":"2026-10-11T09:00:00+08:00","unit_id":"edu","reason":"late"}`, nil, http.StatusBadRequest, httpapi.EInvalid, "reason", ""},
		{"at outside 2000–2099", "li.wei", centrePW, `{"type":"meeting_absent","at":"2100-01-01T09:00:00+08:00","unit_id":"wenhualu"}`, nil, http.StatusBadRequest, httpapi.EInvalid, "at", ""},
		{"an unknown field", "li.wei", centrePW, `{"type":"meeting_absent","at":"2026-10-10T09:00:00+08:00","unit_id":"wenhualu","phone":"1"}`, nil, http.StatusBadRequest, httpapi.EInvalid, "phone", ""},
		{"an array", "li.wei", centrePW, "[" + meeting + "]", nil, http.StatusBadRequest, httpapi.EInvalid, "", "one event"},
		{"not JSON", "li.wei", centrePW, `{`, nil, http.StatusBadRequest, httpapi.EInvalid, "", ""},
		{"a unit session", "wenhualu-1", unitPW, meeting, nil, http.StatusForbidden, httpapi.EForbidden, "", "only centre, admin"},
		{"no session", "", "", meeting, nil, http.StatusUnauthorized, httpapi.EUnauthorized, "", "not signed in"},
		{"a foreign Origin", "li.wei", centrePW, meeting, []reqOption{withOrigin("https://evil.example")}, http.StatusForbidden, httpapi.EForbidden, "", "origin"},
		{"no Origin", "li.wei", centrePW, meeting, []reqOption{func(r *http.Request) { r.Header.Del("Origin") }}, http.StatusForbidden, httpapi.EForbidden, "", "Origin"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := newDeskOffice(t)
			before := storedEvents(t, o)
			token := ""
			if c.who != "" {
				token = o.signIn(c.who, c.pw)
			}
			rec := o.asPerson(http.MethodPost, "/v1/desk/events", c.body, token, c.opts...)
			wantError(t, rec, c.status, c.code, c.field)
			if c.field == "" && c.status == http.StatusBadRequest {
				if e := errorOf(t, rec); e.Field != "" && c.name != "an unknown type" {
					t.Errorf("field %q, want none", e.Field)
				}
			}
			if c.says != "" && !strings.Contains(rec.Body.String(), c.says) {
				t.Errorf("the answer does not say %q: %s", c.says, rec.Body)
			}
			if after := storedEvents(t, o); len(after) != len(before) {
				t.Errorf("%d events stored after a refused post, want %d", len(after), len(before))
			}
		})
	}
}

// TestDeskList: SPEC §3 (recorded_by marks what people entered) and §11
// (the centre's records): GET /v1/desk/events lists the events of the
// month (by `at`, in the policy zone) that carry recorded_by, newest first,
// of one unit when asked, at most limit; events of machines and of other
// months are not in it; a unit session is 403, no session 401.
func TestDeskList(t *testing.T) {
	o := newDeskOffice(t)
	cst := time.FixedZone("CST", 8*3600)
	at := func(month time.Month, day, hour int) time.Time {
		return time.Date(2026, month, day, hour, 0, 0, 0, cst)
	}
	seed := []event.Event{
		{ID: "p-oct-1", Type: event.MeetingAbsent, At: at(10, 3, 9), UnitID: "wenhualu", RecordedBy: "li.wei"},
		{ID: "p-oct-2", Type: event.Criticized, At: at(10, 20, 9), UnitID: "edu", Reason: "not_handled", RecordedBy: "li.wei"},
		{ID: "p-oct-3", Type: event.Supervised, At: at(10, 31, 23), TicketID: "T-9", UnitID: "wenhualu", RecordedBy: "zhang.admin"},
		{ID: "p-oct-retract", Type: event.Retracted, At: at(10, 25, 9), EventID: "m-oct", Reason: "录入错误", RecordedBy: "li.wei"},
		{ID: "m-oct", Type: event.MeetingAbsent, At: at(10, 5, 9), UnitID: "wenhualu"}, // a machine's
		{ID: "p-sep", Type: event.MeetingAbsent, At: at(9, 30, 23), UnitID: "wenhualu", RecordedBy: "li.wei"},
		{ID: "p-nov", Type: event.MeetingAbsent, At: at(11, 1, 0), UnitID: "wenhualu", RecordedBy: "li.wei"},
	}
	if _, err := o.store.PutEvents(context.Background(), seed); err != nil {
		t.Fatal(err)
	}
	centre := o.signIn("li.wei", centrePW)
	cases := []struct {
		query string
		ids   []string
		more  bool
	}{
		{"?month=2026-10", []string{"p-oct-3", "p-oct-retract", "p-oct-2", "p-oct-1"}, false},
		{"?month=2026-10&unit=wenhualu", []string{"p-oct-3", "p-oct-1"}, false},
		{"?month=2026-10&unit=edu", []string{"p-oct-2"}, false},
		{"?month=2026-10&unit=nobody", []string{}, false},
		{"?month=2026-10&limit=2", []string{"p-oct-3", "p-oct-retract"}, true},
		{"?month=2026-09", []string{"p-sep"}, false},
		{"", []string{"p-nov"}, false}, // the current month: November, by the clock
		{"?month=2026-08", []string{}, false},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			rec := o.asPerson(http.MethodGet, "/v1/desk/events"+c.query, "", centre)
			if rec.Code != http.StatusOK {
				t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
			}
			var got struct {
				Month  string            `json:"month"`
				Events []json.RawMessage `json:"events"`
				More   bool              `json:"more"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			ids := []string{}
			for _, raw := range got.Events {
				e, err := event.Decode(raw)
				if err != nil {
					t.Fatalf("a listed event does not decode: %v: %s", err, raw)
				}
				if e.RecordedBy == "" {
					t.Errorf("%s has no recorded_by", e.ID)
				}
				ids = append(ids, e.ID)
			}
			if !slices.Equal(ids, c.ids) || got.More != c.more {
				t.Errorf("ids %v more %v, want %v more %v", ids, got.More, c.ids, c.more)
			}
		})
	}
	for _, c := range []struct {
		query, field string
	}{{"?month=2026-13", "month"}, {"?month=1999-12", "month"}, {"?unit=b%20c", "unit"}, {"?limit=0", "limit"}, {"?limit=1001", "limit"}, {"?limit=x", "limit"}, {"?page=2", "page"}, {"?month=2026-10&month=2026-09", "month"}} {
		wantError(t, o.asPerson(http.MethodGet, "/v1/desk/events"+c.query, "", centre), http.StatusBadRequest, httpapi.EInvalid, c.field)
	}
	wantError(t, o.asPerson(http.MethodGet, "/v1/desk/events?month=2026-10", "", o.signIn("wenhualu-1", unitPW)), http.StatusForbidden, httpapi.EForbidden, "")
	wantError(t, o.asPerson(http.MethodGet, "/v1/desk/events?month=2026-10", "", ""), http.StatusUnauthorized, httpapi.EUnauthorized, "")
	if rec := o.asPerson(http.MethodGet, "/v1/desk/events?month=2026-10", "", o.signIn("zhang.admin", adminPW)); rec.Code != http.StatusOK {
		t.Errorf("an admin session: HTTP %d: %s", rec.Code, rec.Body)
	}
}

// TestDeskRecordThenList: what a centre session records is listed, with
// its recorded_by (SPEC §3).
func TestDeskRecordThenList(t *testing.T) {
	o := newDeskOffice(t)
	centre := o.signIn("li.wei", centrePW)
	made := decodeJSON[event.Event](t, o.asPerson(http.MethodPost, "/v1/desk/events", deskBodies[1].body, centre))
	list := decodeJSON[struct {
		Events []event.Event `json:"events"`
	}](t, o.asPerson(http.MethodGet, "/v1/desk/events?month=2026-10&unit=wenhualu", "", centre))
	if len(list.Events) != 1 || list.Events[0].ID != made.ID || list.Events[0].RecordedBy != "li.wei" {
		t.Errorf("listed %+v, want the one event %s recorded by li.wei", list.Events, made.ID)
	}
}

// TestDeskRecompute: SPEC §11 (centre: "the centre's records"; admin:
// "finalising") and §12.1: a centre or admin session may press the
// month's recompute button (POST /v1/admin/recompute, 200 with the
// version), a unit session may not (403), and without a session or a
// signature it is 401; an admin client still recomputes. Finalising stays
// for admins: a centre session's finalize is refused and finalises nothing.
func TestDeskRecompute(t *testing.T) {
	o := newDeskOffice(t)
	body := `{"month":"2026-10"}`
	for _, c := range []struct {
		name   string
		send   func() *httptest.ResponseRecorder
		status int
	}{
		{"centre session", func() *httptest.ResponseRecorder {
			return o.asPerson(http.MethodPost, "/v1/admin/recompute", body, o.signIn("li.wei", centrePW))
		}, http.StatusOK},
		{"admin session", func() *httptest.ResponseRecorder {
			return o.asPerson(http.MethodPost, "/v1/admin/recompute", body, o.signIn("zhang.admin", adminPW))
		}, http.StatusOK},
		{"admin client", func() *httptest.ResponseRecorder {
			return o.asClient(http.MethodPost, "/v1/admin/recompute", "centre", body)
		}, http.StatusOK},
		{"unit session", func() *httptest.ResponseRecorder {
			return o.asPerson(http.MethodPost, "/v1/admin/recompute", body, o.signIn("wenhualu-1", unitPW))
		}, http.StatusForbidden},
		{"centre session from another origin", func() *httptest.ResponseRecorder {
			return o.asPerson(http.MethodPost, "/v1/admin/recompute", body, o.signIn("li.wei", centrePW), withOrigin("https://evil.example"))
		}, http.StatusForbidden},
		{"a session ended", func() *httptest.ResponseRecorder {
			return o.asPerson(http.MethodPost, "/v1/admin/recompute", body, "no-such-token")
		}, http.StatusUnauthorized},
		{"nobody", func() *httptest.ResponseRecorder {
			return o.send(httptest.NewRequest(http.MethodPost, "/v1/admin/recompute", strings.NewReader(body)))
		}, http.StatusUnauthorized},
		{"another client", func() *httptest.ResponseRecorder {
			return o.asClient(http.MethodPost, "/v1/admin/recompute", "platform-12345", body)
		}, http.StatusForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := c.send()
			if rec.Code != c.status {
				t.Fatalf("HTTP %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if c.status == http.StatusOK {
				if v := decodeJSON[httpapi.StoredVersion](t, rec); v.Period != "2026-10" || v.Version < 1 {
					t.Errorf("version %+v, want one of 2026-10", v)
				}
			}
		})
	}
	rec := o.asPerson(http.MethodPost, "/v1/admin/finalize", body, o.signIn("li.wei", centrePW))
	if rec.Code != http.StatusForbidden {
		t.Errorf("finalize by a centre session: HTTP %d, want 403 (an admin account's only, SPEC §12.4): %s", rec.Code, rec.Body)
	}
	if r, err := o.store.Result(context.Background(), "2026-10", 0); err != nil || r.Final {
		t.Errorf("after a centre session's finalize: final %v, %v; want still provisional", r.Final, err)
	}
}

// sampleDesk calls the desk's routes and the centre's recompute, in
// success and in error, for the API document's test.
func sampleDesk(s *session) {
	o := newDeskOffice(s.t)
	desk := &api{srv: o.srv, store: o.store}
	centre := o.signIn("li.wei", centrePW)
	unitToken := o.signIn("wenhualu-1", unitPW)
	send := func(method, path, body, token string, opts ...reqOption) {
		if token != "" {
			opts = append(opts, withCookie(token))
		}
		s.send(desk, sessionRequest(method, path, body, opts...))
	}
	for _, c := range deskBodies {
		send(http.MethodPost, "/v1/desk/events", c.body, centre)
	}
	send(http.MethodPost, "/v1/desk/events", `{"id":"x",`+deskBodies[0].body[1:], centre)
	send(http.MethodPost, "/v1/desk/events", deskBodies[0].body, unitToken)
	send(http.MethodPost, "/v1/desk/events", deskBodies[0].body, "")
	send(http.MethodPost, "/v1/desk/events", deskBodies[0].body, centre, withOrigin("https://evil.example"))
	send(http.MethodGet, "/v1/desk/events?month=2026-10", "", centre)
	send(http.MethodGet, "/v1/desk/events?month=2026-10&unit=edu&limit=1", "", centre)
	send(http.MethodGet, "/v1/desk/events?month=2026-13", "", centre)
	send(http.MethodGet, "/v1/desk/events", "", unitToken)
	send(http.MethodGet, "/v1/desk/events", "", "")
	imp, impCT := multipartImport(s.t, "通报.csv", []byte(criticisms(true)), criticismMapping)
	send(http.MethodPost, "/v1/desk/imports?dry_run=true", imp, centre, withHeader("Content-Type", impCT))
	send(http.MethodPost, "/v1/desk/imports", imp, centre, withHeader("Content-Type", impCT))
	send(http.MethodPost, "/v1/desk/imports", imp, unitToken, withHeader("Content-Type", impCT))
	send(http.MethodPost, "/v1/desk/imports", `{}`, centre, withHeader("Content-Type", "application/json"))
	send(http.MethodGet, "/v1/desk/imports", "", centre)
	send(http.MethodGet, "/v1/desk/imports", "", unitToken)
	send(http.MethodPost, "/v1/admin/recompute", `{"month":"2026-10"}`, centre)
	send(http.MethodPost, "/v1/admin/recompute", `{"month":"2026-10"}`, unitToken)
	send(http.MethodGet, "/v1/months/2026-10/units/wenhualu/deductions", "", unitToken)
	send(http.MethodGet, "/v1/months/2026-10/units/edu/deductions", "", centre)
	send(http.MethodGet, "/v1/months/2026-10/units/edu/deductions", "", unitToken)
	send(http.MethodGet, "/v1/months/2026-09/units/edu/deductions", "", centre)
	send(http.MethodGet, "/v1/months/2026-10/units/wenhualu/deductions", "", "")
}

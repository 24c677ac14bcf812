package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store/memstore"
	registry "github.com/shizhong/hotline/shared/unit"
)

// The centre's account of the desk test.
const (
	centreID       = "wang-centre"
	centreName     = "王芳"
	centrePassword = "desk password of the centre"
)

// deskServer is `hotline serve` on the in-memory store, as peopleServer,
// with the compute service behind the recompute, three units of both
// groups, a centre account and a unit account (signinID of 齐村镇).
func deskServer(t *testing.T) (*httptest.Server, *memstore.Store) {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	st := memstore.New(loc)
	if err := st.PutUnits(ctx, []registry.Unit{
		{ID: "qicun", Name: "齐村镇", Group: registry.TownStreet},
		{ID: "shuiguo", Name: "税郭镇", Group: registry.TownStreet},
		{ID: "edu", Name: "区教育和体育局", Group: registry.Department},
	}); err != nil {
		t.Fatal(err)
	}
	addPeople(t, st, person{centreID, centreName, centrePassword, "", account.Centre},
		person{signinID, signinName, signinPassword, "qicun", account.Unit})
	api := httpapi.New(httpapi.Config{Store: st, Accounts: st, Sessions: st, Location: loc,
		Compute: &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(loc)}})
	// The January of this year is published with 齐村镇 busy enough that
	// its average over January..this month exceeds 100 (SPEC §6, 四(一)).
	mux := http.NewServeMux()
	mux.Handle("/", api)
	this := time.Now().In(loc)
	mux.HandleFunc(fmt.Sprintf("GET /v1/months/%d-01/ranking", this.Year()), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		fmt.Fprintf(w, `{"period":"%d-01","units":[{"unit_id":"qicun","counts":{"assigned":%d}},{"unit_id":"edu","counts":{"assigned":%d}}]}`,
			this.Year(), 100*int(this.Month())+1, 100*int(this.Month()))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, st
}

// stored is every event of the store recorded by a person, by type.
func stored(t *testing.T, st *memstore.Store) map[event.Type][]event.Event {
	t.Helper()
	out := map[event.Type][]event.Event{}
	if err := st.Events(context.Background(), func(batch []event.Event) error {
		for _, e := range batch {
			if e.RecordedBy != "" {
				out[e.Type] = append(out[e.Type], e)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// set puts value in the input or select of id as a person would, with the
// input and change events (chromedp's SetValue("") does not clear).
func set(id, value string) chromedp.Action[chromedp.Void] {
	i, _ := json.Marshal(id)
	v, _ := json.Marshal(value)
	return chromedp.Evaluate[chromedp.Void](`(function () { var el = document.getElementById(` + string(i) + `); el.value = ` + string(v) +
		`; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`)
}

// signIn signs in with the form of #/signin.
func signIn(t *testing.T, ctx context.Context, url, id, pw string) {
	t.Helper()
	step(t, ctx, "sign in as "+id,
		chromedp.Navigate(url+"/#/signin"),
		chromedp.WaitVisible(chromedp.ID("signin-id")),
		set("signin-id", id), set("signin-password", pw),
		chromedp.Click(chromedp.CSS("#signin button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("person")))
}

// TestDeskInChromium is what the centre does at its desk (issue 12; SPEC
// §3 recorded_by, §11): a centre account lands on #/desk, records a
// meeting_absent with its form (stored with the server's desk- id and
// recorded_by = the account), sees a field left empty refused at the field
// by the page and a bad time refused by the server at the field, records
// two rows of the organisation grid (two org_assessed events; a row out of
// range stops the save at its field first), finds the records in the
// recent list, retracts one with its 撤回 button, and recomputes the
// month; a unit account is refused the desk.
func TestDeskInChromium(t *testing.T) {
	bin := findChromium(t)
	srv, st := deskServer(t)
	ctx, scriptErrors := browser(t, bin)

	signIn(t, ctx, srv.URL, centreID, centrePassword)
	step(t, ctx, "the desk",
		chromedp.Poll[chromedp.Void](`location.hash === '#/desk'`),
		chromedp.WaitVisible(chromedp.ID("desk-form-meeting_absent")),
		chromedp.WaitVisible(chromedp.ID("desk-type")),
		chromedp.WaitReady(chromedp.ID("desk-recent-box")))

	// A meeting_absent, through its form.
	step(t, ctx, "record a meeting_absent",
		set("desk-meeting_absent-unit_id", "qicun"),
		set("desk-meeting_absent-meeting", "dispatch"),
		chromedp.Click(chromedp.CSS("#desk-form-meeting_absent button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("desk-meeting_absent-result")))
	res := value(t, ctx, "the result", chromedp.Text(chromedp.ID("desk-meeting_absent-result")))
	got := stored(t, st)[event.MeetingAbsent]
	if len(got) != 1 {
		t.Fatalf("%d meeting_absent events stored, want 1 (the page says %q)", len(got), res)
	}
	absent := got[0]
	if absent.UnitID != "qicun" || absent.RecordedBy != centreID || !strings.HasPrefix(absent.ID, "desk-") || absent.Meeting != "dispatch" {
		t.Errorf("stored %s, want unit qicun, meeting dispatch, recorded_by %s, an id desk-…", absent.AppendJSON(nil), centreID)
	}
	if !strings.Contains(res, absent.ID) {
		t.Errorf("the result line says %q, want the event id %s", res, absent.ID)
	}

	// Field errors: a ticket left empty (the page) and a time of 2100 (the server).
	step(t, ctx, "a supervision without a ticket",
		set("desk-type", "supervised"),
		chromedp.WaitVisible(chromedp.ID("desk-form-supervised")),
		chromedp.WaitNotVisible(chromedp.ID("desk-form-meeting_absent")),
		set("desk-supervised-unit_id", "shuiguo"),
		chromedp.Click(chromedp.CSS("#desk-form-supervised button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("desk-supervised-ticket_id-error")))
	if got := value(t, ctx, "the ticket's error", chromedp.Text(chromedp.ID("desk-supervised-ticket_id-error"))); got != "此项必填" {
		t.Errorf("an empty ticket says %q, want 此项必填", got)
	}
	step(t, ctx, "a supervision in 2100",
		set("desk-supervised-ticket_id", "SZ20261008-0412"),
		set("desk-supervised-at", "2100-01-01T09:00"),
		chromedp.Click(chromedp.CSS("#desk-form-supervised button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("desk-supervised-at-error")),
		chromedp.WaitNotVisible(chromedp.ID("desk-supervised-ticket_id-error")))
	if got := value(t, ctx, "the time's error", chromedp.Text(chromedp.ID("desk-supervised-at-error"))); got != "时间应在2000年至2099年之间" {
		t.Errorf("a time of 2100 says %q at the field, want 时间应在2000年至2099年之间", got)
	}
	if inv := value(t, ctx, "aria-invalid", chromedp.Evaluate[string](`document.getElementById('desk-supervised-at').getAttribute('aria-invalid')`)); inv != "true" {
		t.Errorf("the time refused has aria-invalid=%q, want true", inv)
	}
	if n := len(stored(t, st)[event.Supervised]); n != 0 {
		t.Errorf("%d supervised events stored from refused forms, want 0", n)
	}

	// The organisation grid: a row out of range saves nothing; two rows then save two events.
	step(t, ctx, "the grid",
		set("desk-type", "org_assessed"),
		chromedp.WaitVisible(chromedp.ID("desk-org-grid")),
		// 四(一): 齐村镇 is marked, and a staff of 1 there warns at the field.
		chromedp.WaitVisible(chromedp.CSS(`#desk-org-grid tr.busy[data-unit="qicun"]`)),
		set("desk-org-qicun-staff_count", "1"),
		chromedp.WaitVisible(chromedp.ID("desk-org-qicun-staff_count-warning")))
	if got := value(t, ctx, "the staffing warning", chromedp.Text(chromedp.ID("desk-org-qicun-staff_count-warning"))); !strings.Contains(got, "人员配备项将按0分计算") {
		t.Errorf("a staff of 1 in a busy unit warns %q, want 人员配备项将按0分计算", got)
	}
	if busy := value(t, ctx, "the busy rows", chromedp.Evaluate[int](`document.querySelectorAll('#desk-org-grid tr.busy').length`)); busy != 1 {
		t.Errorf("%d rows marked busy, want 1 (齐村镇; 区教育和体育局 averages exactly 100)", busy)
	}
	step(t, ctx, "a staff of 3 in the busy unit",
		set("desk-org-edu-staff_count", "1"), // not busy: no warning
		set("desk-org-qicun-staff_count", "3"),
		chromedp.WaitNotVisible(chromedp.ID("desk-org-qicun-staff_count-warning")),
		chromedp.WaitNotVisible(chromedp.ID("desk-org-edu-staff_count-warning")),
		set("desk-org-edu-staff_count", ""))
	step(t, ctx, "the grid, one row out of range",
		set("desk-org-qicun-leadership", "4.5"), set("desk-org-qicun-staffing", "4"),
		set("desk-org-edu-leadership", "5"), set("desk-org-edu-staffing", "3.5"),
		set("desk-org-shuiguo-leadership", "6"), set("desk-org-shuiguo-staffing", "5"),
		chromedp.Click(chromedp.ID("desk-org-save")),
		chromedp.WaitVisible(chromedp.ID("desk-org-shuiguo-leadership-error")))
	shots := [][]byte{value(t, ctx, "screenshot of the grid", chromedp.FullScreenshot(100))}
	if n := len(stored(t, st)[event.OrgAssessed]); n != 0 {
		t.Errorf("%d org_assessed stored with a row out of range, want 0", n)
	}
	step(t, ctx, "the grid, two rows",
		set("desk-org-shuiguo-leadership", ""), set("desk-org-shuiguo-staffing", ""),
		chromedp.Click(chromedp.ID("desk-org-save")),
		chromedp.Poll[chromedp.Void](`/已保存2行/.test(document.getElementById('desk-org-result').textContent)`),
		chromedp.WaitNotVisible(chromedp.ID("desk-org-shuiguo-leadership-error")))
	org := map[string]event.Event{}
	for _, e := range stored(t, st)[event.OrgAssessed] {
		org[e.UnitID] = e
	}
	if len(org) != 2 || org["qicun"].Leadership.String() != "4.5" || !org["qicun"].HasStaffCount || org["qicun"].StaffCount != 3 ||
		org["edu"].Staffing.String() != "3.5" || org["edu"].HasStaffCount || org["edu"].RecordedBy != centreID {
		var all []string
		for _, e := range org {
			all = append(all, string(e.AppendJSON(nil)))
		}
		t.Errorf("org_assessed stored: %v, want qicun 4.5/4/3 and edu 5/3.5 by %s", all, centreID)
	}
	for _, u := range []string{"qicun", "edu"} {
		if got := value(t, ctx, "the row's result", chromedp.Text(chromedp.ID("desk-org-"+u+"-result"))); !strings.Contains(got, org[u].ID) {
			t.Errorf("the row of %s says %q, want its event id", u, got)
		}
	}

	// The recent records, and 撤回.
	step(t, ctx, "the recent list",
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#desk-recent tbody tr').length === 3`))
	list := value(t, ctx, "the recent list", chromedp.Text(chromedp.ID("desk-recent")))
	for _, want := range []string{"无故缺席会议", "调度会", "齐村镇", "组织机构建设评定", "区教育和体育局", "领导重视4.5分", centreID} {
		if !strings.Contains(list, want) {
			t.Errorf("the recent list lacks %q:\n%s", want, list)
		}
	}
	step(t, ctx, "撤回 the meeting_absent",
		chromedp.Click(chromedp.ID("desk-retract-"+absent.ID)),
		chromedp.WaitVisible(chromedp.ID("desk-form-retracted")),
		chromedp.Poll[chromedp.Void](`document.getElementById('desk-retracted-event_id').value === '`+absent.ID+`'`),
		set("desk-retracted-reason", "录入错误：该单位已请假"),
		chromedp.Click(chromedp.CSS("#desk-form-retracted button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("desk-retracted-result")),
		chromedp.Poll[chromedp.Void](`(function () { var r = document.querySelector('#desk-recent tr[data-event="`+absent.ID+`"]'); return r && /已撤回/.test(r.textContent); })()`))
	if r := stored(t, st)[event.Retracted]; len(r) != 1 || r[0].EventID != absent.ID || r[0].RecordedBy != centreID {
		t.Errorf("retracted events stored: %v, want one of %s by %s", r, absent.ID, centreID)
	}

	// The month's recompute.
	step(t, ctx, "recompute the month",
		chromedp.Click(chromedp.ID("desk-recompute")),
		chromedp.WaitVisible(chromedp.ID("desk-recompute-result")),
		chromedp.WaitVisible(chromedp.ID("desk-recompute-link")))
	month := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01")
	if href := value(t, ctx, "the ranking's link", chromedp.Evaluate[string](`document.getElementById('desk-recompute-link').getAttribute('href')`)); href != "#/?month="+month {
		t.Errorf("the recompute links to %q, want #/?month=%s", href, month)
	}
	if got := value(t, ctx, "the recompute's result", chromedp.Text(chromedp.ID("desk-recompute-result"))); !strings.Contains(got, "第1版") {
		t.Errorf("the recompute says %q, want the version 第1版", got)
	}
	shots = append(shots, value(t, ctx, "screenshot of the desk", chromedp.FullScreenshot(100)))

	for _, e := range scriptErrors() {
		t.Errorf("console: %s", e)
	}

	// A unit account: no desk.
	step(t, ctx, "sign out", chromedp.Click(chromedp.ID("signout")), chromedp.WaitVisible(chromedp.ID("signin-link")))
	signIn(t, ctx, srv.URL, signinID, signinPassword)
	step(t, ctx, "a unit account at #/desk",
		chromedp.Poll[chromedp.Void](`location.hash === '#/unit/qicun'`),
		chromedp.Navigate(srv.URL+"/#/desk"),
		chromedp.WaitVisible(chromedp.Search("//*[contains(., '请先以中心账号登录')]")))
	if n := value(t, ctx, "the forms", chromedp.Evaluate[int](`document.querySelectorAll('[id^="desk-form-"]').length`)); n != 0 {
		t.Errorf("a unit account sees %d desk forms, want none", n)
	}
	if vis := value(t, ctx, "the desk link", chromedp.Evaluate[bool](`!document.getElementById('desk-link').hidden`)); vis {
		t.Errorf("a unit account sees the 登记 link")
	}
	for _, e := range scriptErrors() {
		t.Errorf("console: %s", e)
	}
	if *update {
		writeShots(t, filepath.Join("..", "..", "docs", "screenshot-desk.png"), shots...)
	}
}

package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strconv"
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

// The accounts of the journey: the centre's clerk and 齐村镇's.
const (
	clerkID, clerkPassword = "li.wei", "centre password 1"
	qicunID, qicunPassword = "qicun-li", "unit password 12"
)

// journeyServer is `hotline serve` on the in-memory store with the compute
// service, three towns each with two tickets of October 2026 replied in
// time and called back satisfied (each scores 100), the accounts of the
// journey, and October published once.
func journeyServer(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	loc := calendar.DefaultLocation()
	st := memstore.New(loc)
	units := []registry.Unit{
		{ID: "qicun", Name: "齐村镇", Group: registry.TownStreet},
		{ID: "shuiguo", Name: "税郭镇", Group: registry.TownStreet},
		{ID: "wenhualu", Name: "文化路街道", Group: registry.TownStreet},
	}
	if err := st.PutUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	events := goodMonth(t, units)
	if _, err := st.PutEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	addPeople(t, st, person{clerkID, "李伟", clerkPassword, "", account.Centre},
		person{qicunID, "李明", qicunPassword, "qicun", account.Unit})
	svc, err := compute.New(st, policy.Builtin(), calendar.New(loc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Month(ctx, calendar.Month{Year: 2026, Month: time.October}, now); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Store: st, Accounts: st, Sessions: st, Compute: svc}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// goodMonth is October 2026 for units: two tickets each, replied in time
// and called back satisfied, so that each scores 100.
func goodMonth(t *testing.T, units []registry.Unit) []event.Event {
	t.Helper()
	var events []event.Event
	for _, u := range units {
		for i := 1; i <= 2; i++ {
			tk := fmt.Sprintf("T-%s-%d", u.ID, i)
			day := strconv.Itoa(10 + i)
			events = append(events,
				decoded(t, `{"id":"a-`+tk+`","type":"assigned","at":"2026-10-`+day+`T09:00:00+08:00","ticket_id":"`+tk+`","unit_id":"`+u.ID+`","due_at":"2026-10-`+day+`T18:00:00+08:00","channel":"hotline_12345"}`),
				decoded(t, `{"id":"r-`+tk+`","type":"replied","at":"2026-10-`+day+`T15:00:00+08:00","ticket_id":"`+tk+`","unit_id":"`+u.ID+`"}`),
				decoded(t, `{"id":"c-`+tk+`","type":"callback","at":"2026-10-`+day+`T17:00:00+08:00","ticket_id":"`+tk+`","unit_id":"`+u.ID+`","connected":true,"result":"satisfied","process":"satisfied"}`))
		}
	}
	return events
}

// decoded is the event of a JSON line.
func decoded(t *testing.T, line string) event.Event {
	t.Helper()
	e, err := event.Decode([]byte(line))
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return e
}

// supervisionOf is the 督办件 score the ranking shows for a unit.
func supervisionOf(t *testing.T, ctx context.Context, unit string) string {
	t.Helper()
	sel := `tr[data-unit="` + unit + `"] td[data-item="supervision"]`
	step(t, ctx, "the ranking's row of "+unit, chromedp.WaitVisible(chromedp.CSS(sel)))
	return value(t, ctx, "the 督办件 of "+unit, chromedp.Text(chromedp.CSS(sel)))
}

// TestJourneyInChromium is issue 12's journey in headless Chromium: a
// wrong password shows 账号或密码错误; the centre's clerk signs in, records
// a meeting absence of 齐村镇 at the desk (四(二)4: −0.5 on 督办件),
// recomputes October, and sees 齐村镇's 督办件 drop from 10 to 9.5 on the
// ranking; 齐村镇's own account then signs in and sees that deduction with
// its event: 无故缺席会议, 调度会, recorded by the clerk.
func TestJourneyInChromium(t *testing.T) {
	bin := findChromium(t)
	base := journeyServer(t)
	ctx, scriptErrors := browser(t, bin)
	var shots [][]byte

	step(t, ctx, "open October's ranking", chromedp.Navigate(base+"/#/?month=2026-10"))
	if got := supervisionOf(t, ctx, "qicun"); got != "10" {
		t.Fatalf("before: 齐村镇's 督办件 is %q, want 10", got)
	}

	step(t, ctx, "sign in with a wrong password",
		chromedp.Navigate(base+"/#/signin"),
		chromedp.WaitVisible(chromedp.ID("signin-id")),
		set("signin-id", clerkID), set("signin-password", "not the password"),
		chromedp.Click(chromedp.CSS("#signin button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("signin-error")))
	if got := value(t, ctx, "the form's error", chromedp.Text(chromedp.ID("signin-error"))); got != "账号或密码错误" {
		t.Errorf("a wrong password shows %q, want 账号或密码错误", got)
	}

	signIn(t, ctx, base, clerkID, clerkPassword)
	step(t, ctx, "the desk",
		chromedp.Poll[chromedp.Void](`location.hash.indexOf('#/desk') === 0`),
		chromedp.WaitVisible(chromedp.ID("desk-type")),
		set("desk-type", "meeting_absent"),
		chromedp.WaitVisible(chromedp.ID("desk-form-meeting_absent")),
		set("desk-meeting_absent-unit_id", "qicun"),
		set("desk-meeting_absent-meeting", "dispatch"),
		set("desk-meeting_absent-at", "2026-10-20T10:00"),
		chromedp.Click(chromedp.CSS("#desk-form-meeting_absent button[type=submit]")),
		chromedp.Poll[chromedp.Void](`(document.getElementById('desk-meeting_absent-result') || {}).textContent.indexOf('desk-') >= 0`))
	shots = append(shots, value(t, ctx, "screenshot of the desk", chromedp.FullScreenshot(100)))

	step(t, ctx, "recompute October",
		set("desk-recompute-month", "2026-10"),
		chromedp.Click(chromedp.ID("desk-recompute")),
		chromedp.Poll[chromedp.Void](`/第\s*2\s*版|版本\s*2|version 2/.test((document.getElementById('desk-recompute-result') || {}).textContent || '')`))

	step(t, ctx, "back to October's ranking", chromedp.Navigate(base+"/#/?month=2026-10"))
	if got := supervisionOf(t, ctx, "qicun"); got != "9.5" {
		t.Errorf("after: 齐村镇's 督办件 is %q, want 9.5 (四(二)4: −0.5 for the absence)", got)
	}
	if got := supervisionOf(t, ctx, "shuiguo"); got != "10" {
		t.Errorf("after: 税郭镇's 督办件 is %q, want still 10", got)
	}
	shots = append(shots, value(t, ctx, "screenshot of the ranking", chromedp.FullScreenshot(100)))

	step(t, ctx, "sign out", chromedp.Click(chromedp.ID("signout")), chromedp.WaitVisible(chromedp.ID("signin-link")))
	signIn(t, ctx, base, qicunID, qicunPassword)
	cell := `[data-list="deductions"] td[data-event-of]`
	step(t, ctx, "齐村镇's own month",
		chromedp.Poll[chromedp.Void](`location.hash.indexOf('#/unit/qicun') === 0`),
		chromedp.WaitVisible(chromedp.CSS(cell)))
	got := value(t, ctx, "the deduction's event", chromedp.Text(chromedp.CSS(cell)))
	for _, want := range []string{"无故缺席会议", "调度会", clerkID, "2026-10-20 10:00"} {
		if !strings.Contains(got, want) {
			t.Errorf("the deduction's event reads %q, want %q in it", got, want)
		}
	}
	rule := value(t, ctx, "the deduction's rule", chromedp.Text(chromedp.CSS(`[data-list="deductions"] tbody tr td:nth-child(2)`)))
	if !strings.Contains(rule, "会") {
		t.Errorf("the deduction's rule reads %q, want the meeting absence", rule)
	}
	shots = append(shots, value(t, ctx, "screenshot of the unit's month", chromedp.FullScreenshot(100)))

	for _, e := range scriptErrors() {
		t.Errorf("console: %s", e)
	}
	if *update {
		writeShots(t, filepath.Join("..", "..", "docs", "screenshot-journey.png"), shots...)
	}
}

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/report"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store/memstore"
	registry "github.com/shizhong/hotline/shared/unit"
)

// appealServer is `hotline serve` with the month's cycle on the in-memory
// store: two towns of October 2026, each with two tickets replied in time
// and called back satisfied; 齐村镇 has besides two overdue tickets (四(二)3:
// −0.5 each) and a meeting absence (四(二)4: −0.5). October is published now,
// so its appeal window is open (SPEC §12.2).
func appealServer(t *testing.T) (string, *memstore.Store) {
	t.Helper()
	ctx := context.Background()
	loc := calendar.DefaultLocation()
	st := memstore.New(loc)
	units := []registry.Unit{{ID: "qicun", Name: "齐村镇", Group: registry.TownStreet}, {ID: "shuiguo", Name: "税郭镇", Group: registry.TownStreet}}
	if err := st.PutUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	events := append(goodMonth(t, units),
		decoded(t, `{"id":"a-T-qicun-3","type":"assigned","at":"2026-10-13T09:00:00+08:00","ticket_id":"T-qicun-3","unit_id":"qicun","due_at":"2026-10-14T18:00:00+08:00","channel":"hotline_12345"}`),
		decoded(t, `{"id":"a-T-qicun-4","type":"assigned","at":"2026-10-13T10:00:00+08:00","ticket_id":"T-qicun-4","unit_id":"qicun","due_at":"2026-10-14T18:00:00+08:00","channel":"hotline_12345"}`),
		decoded(t, `{"id":"m-qicun","type":"meeting_absent","at":"2026-10-20T10:00:00+08:00","unit_id":"qicun","meeting":"dispatch"}`))
	if _, err := st.PutEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	addPeople(t, st, person{clerkID, "李伟", clerkPassword, "", account.Centre},
		person{qicunID, "李明", qicunPassword, "qicun", account.Unit})
	cal := calendar.New(loc)
	svc, err := compute.New(st, policy.Builtin(), cal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Month(ctx, calendar.Month{Year: 2026, Month: time.October}, time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Store: st, Accounts: st, Sessions: st, Compute: svc,
		Cycle: &cycle.Cycle{Store: st, Appeals: st, Calendar: cal, Days: 3}}))
	t.Cleanup(srv.Close)
	return srv.URL, st
}

// totalOf is the total the ranking shows for a unit (its data-total).
func totalOf(t *testing.T, ctx context.Context, unit string) decimal.Decimal {
	t.Helper()
	sel := `tr[data-unit="` + unit + `"]`
	step(t, ctx, "the ranking's row of "+unit, chromedp.WaitVisible(chromedp.CSS(sel)))
	v := value(t, ctx, "the total of "+unit, chromedp.Evaluate[string](`document.querySelector('`+sel+`').getAttribute('data-total')`))
	d, err := decimal.NewFromString(v)
	if err != nil {
		t.Fatalf("the total of %s is %q", unit, v)
	}
	return d
}

// fileAppeal appeals one deduction on the unit's own month page.
func fileAppeal(t *testing.T, ctx context.Context, eventID, rule, reason string) {
	t.Helper()
	btn := "appeal-btn-" + eventID + "-" + rule
	step(t, ctx, "appeal "+eventID,
		chromedp.WaitVisible(chromedp.ID(btn)),
		chromedp.Click(chromedp.ID(btn)),
		chromedp.WaitVisible(chromedp.ID("appeal-reason")),
		set("appeal-reason", reason),
		chromedp.Click(chromedp.ID("appeal-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#unit-appeals tr[data-appeal="`+appeal.ID("2026-10", "qicun", eventID, rule)+`"][data-status="open"]`)))
}

// TestAppealInChromium is issue 13's journey in headless Chromium (SPEC
// §12): 齐村镇's account appeals its overdue deduction and its meeting
// absence while the window is open, and appeals a second overdue ticket
// and withdraws that appeal; the centre's clerk grants the first
// and rejects the second in the queue of #/appeals; on the public ranking
// 齐村镇's total rises by exactly 0.5 (四(二)3), marked 申诉调整, and its
// 督办件 stays 9.5 (the rejected appeal changes nothing, nor does the
// withdrawn one); 税郭镇 is unchanged; the unit sees both outcomes.
func TestAppealInChromium(t *testing.T) {
	bin := findChromium(t)
	base, st := appealServer(t)
	ctx, scriptErrors := browser(t, bin)
	var shots [][]byte

	step(t, ctx, "open October's ranking", chromedp.Navigate(base+"/#/?month=2026-10"))
	before, other := totalOf(t, ctx, "qicun"), totalOf(t, ctx, "shuiguo")
	if got := supervisionOf(t, ctx, "qicun"); got != "9.5" {
		t.Fatalf("before: 齐村镇's 督办件 is %q, want 9.5", got)
	}

	signIn(t, ctx, base, qicunID, qicunPassword)
	step(t, ctx, "齐村镇's own month",
		chromedp.Poll[chromedp.Void](`location.hash.indexOf('#/unit/qicun') === 0`),
		chromedp.WaitVisible(chromedp.CSS(`#appeal-window[data-open="true"]`)))
	fileAppeal(t, ctx, "a-T-qicun-3", "overdue", "该工单已于10月14日17时电话联系群众并办结，平台回复延迟。")
	fileAppeal(t, ctx, "m-qicun", "meeting_absent", "当日已向中心请假。")
	fileAppeal(t, ctx, "a-T-qicun-4", "overdue", "误报，撤回。")
	withdrawn := appeal.ID("2026-10", "qicun", "a-T-qicun-4", "overdue")
	step(t, ctx, "withdraw the third appeal",
		chromedp.Click(chromedp.ID("withdraw-"+withdrawn)),
		chromedp.WaitVisible(chromedp.CSS(`#unit-appeals tr[data-appeal="`+withdrawn+`"][data-status="withdrawn"]`)))
	shots = append(shots, value(t, ctx, "screenshot of the unit's appeals", chromedp.FullScreenshot(100)))

	step(t, ctx, "sign out", chromedp.Click(chromedp.ID("signout")), chromedp.WaitVisible(chromedp.ID("signin-link")))
	signIn(t, ctx, base, clerkID, clerkPassword)
	granted, rejected := appeal.ID("2026-10", "qicun", "a-T-qicun-3", "overdue"), appeal.ID("2026-10", "qicun", "m-qicun", "meeting_absent")
	step(t, ctx, "the queue of appeals",
		chromedp.WaitVisible(chromedp.ID("appeals-link")),
		chromedp.Click(chromedp.ID("appeals-link")),
		chromedp.WaitVisible(chromedp.CSS(`#appeal-queue li[data-appeal="`+granted+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#appeal-queue li[data-appeal="`+rejected+`"]`)))
	if n := value(t, ctx, "the queue's length", chromedp.Evaluate[int](`document.querySelectorAll('#appeal-queue li').length`)); n != 2 {
		t.Errorf("%d appeals in the queue, want 2 (the withdrawn one is not open)", n)
	}
	if first := value(t, ctx, "the first of the queue", chromedp.Evaluate[string](`document.querySelector('#appeal-queue li').getAttribute('data-appeal')`)); first != granted {
		t.Errorf("the queue starts with %s, want the oldest appeal %s", first, granted)
	}
	shots = append(shots, value(t, ctx, "screenshot of the queue", chromedp.FullScreenshot(100)))
	step(t, ctx, "grant the overdue appeal",
		set("decide-note-"+granted, "核实属实，平台回复延迟非单位责任"),
		chromedp.Click(chromedp.ID("grant-"+granted)),
		chromedp.Poll[chromedp.Void](`/第\s*2\s*版/.test((document.getElementById('decide-result-`+granted+`') || {}).textContent || '')`))
	step(t, ctx, "reject the meeting appeal without a note",
		chromedp.Click(chromedp.ID("reject-"+rejected)),
		chromedp.Poll[chromedp.Void](`/处理说明/.test((document.getElementById('decide-result-`+rejected+`') || {}).textContent || '')`))
	step(t, ctx, "reject it with a note",
		set("decide-note-"+rejected, "会议通知已送达，未见请假记录"),
		chromedp.Click(chromedp.ID("reject-"+rejected)),
		chromedp.Poll[chromedp.Void](`/已驳回/.test((document.getElementById('decide-result-`+rejected+`') || {}).textContent || '')`))

	step(t, ctx, "back to October's ranking", chromedp.Navigate(base+"/#/?month=2026-10"))
	if after := totalOf(t, ctx, "qicun"); !after.Sub(before).Equal(decimal.RequireFromString("0.5")) {
		t.Errorf("齐村镇's total %s → %s, want +0.5 (the overdue deduction waived)", before, after)
	}
	if after := totalOf(t, ctx, "shuiguo"); !after.Equal(other) {
		t.Errorf("税郭镇's total %s → %s, want unchanged", other, after)
	}
	if got := supervisionOf(t, ctx, "qicun"); got != "9.5" {
		t.Errorf("after: 齐村镇's 督办件 is %q, want still 9.5 (the appeal was rejected)", got)
	}
	step(t, ctx, "the mark of a score changed by an appeal", chromedp.WaitVisible(chromedp.CSS(`tr[data-unit="qicun"] [data-appeal-changed]`)))
	marks := value(t, ctx, "marks", chromedp.Evaluate[int](`document.querySelectorAll('[data-appeal-changed]').length`))
	if marks != 1 {
		t.Errorf("%d units marked 申诉调整, want 1 (齐村镇)", marks)
	}
	shots = append(shots, value(t, ctx, "screenshot of the ranking", chromedp.FullScreenshot(100)))

	step(t, ctx, "sign out again", chromedp.Click(chromedp.ID("signout")), chromedp.WaitVisible(chromedp.ID("signin-link")))
	signIn(t, ctx, base, qicunID, qicunPassword)
	step(t, ctx, "the unit sees the outcomes",
		chromedp.Poll[chromedp.Void](`location.hash.indexOf('#/unit/qicun') === 0`),
		chromedp.WaitVisible(chromedp.CSS(`#unit-appeals tr[data-appeal="`+granted+`"][data-status="granted"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#unit-appeals tr[data-appeal="`+rejected+`"][data-status="rejected"]`)))

	// The workbook of the month lists both appeals with their outcomes and
	// the points they moved (申诉处理).
	rows := appealSheet(t, st)
	for id, want := range map[string][2]string{granted: {"已同意", "0.5"}, rejected: {"已驳回", "0"}} {
		row, ok := rows[id]
		if !ok {
			t.Errorf("the workbook's 申诉处理 has no row of %s: %v", id, rows)
			continue
		}
		moved, err := decimal.NewFromString(row[len(row)-1])
		if !slices.Contains(row, want[0]) || err != nil || !moved.Equal(decimal.RequireFromString(want[1])) {
			t.Errorf("the workbook's row of %s is %v, want %s and %s points moved", id, row, want[0], want[1])
		}
	}

	for _, e := range scriptErrors() {
		t.Errorf("console: %s", e)
	}
	if *update {
		writeShots(t, filepath.Join("..", "..", "docs", "screenshot-appeals.png"), shots...)
	}
}

// appealSheet writes October's workbook as the month end publishes it and
// returns the rows of its 申诉处理 sheet by appeal id.
func appealSheet(t *testing.T, st *memstore.Store) map[string][]string {
	t.Helper()
	ctx := context.Background()
	stored, err := st.Result(ctx, "2026-10", 0)
	if err != nil {
		t.Fatal(err)
	}
	var res score.Result
	if err := json.Unmarshal(stored.Body, &res); err != nil {
		t.Fatal(err)
	}
	appeals, err := st.MonthAppeals(ctx, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.WriteXLSXWithAppeals(&buf, &res, appeals); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("申诉处理")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows[1:] {
		if len(r) > 0 {
			out[r[0]] = r
		}
	}
	return out
}

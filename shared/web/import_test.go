package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/centrebook"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store/memstore"
	registry "github.com/shizhong/hotline/shared/unit"
)

// The district of the import test: three towns, each scoring 100 in
// October 2026 (goodMonth), its organisation the default 10 (no
// assessment yet).
var importUnits = []registry.Unit{
	{ID: "qicun", Name: "齐村镇", Group: registry.TownStreet},
	{ID: "shuiguo", Name: "税郭镇", Group: registry.TownStreet},
	{ID: "wenhualu", Name: "文化路街道", Group: registry.TownStreet},
}

// importServer is `hotline serve` on the in-memory store with the compute
// service and the import routes, the district of importUnits with October
// published once, and the centre's clerk.
func importServer(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	loc := calendar.DefaultLocation()
	st := memstore.New(loc)
	if err := st.PutUnits(ctx, importUnits); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutEvents(ctx, goodMonth(t, importUnits)); err != nil {
		t.Fatal(err)
	}
	addPeople(t, st, person{clerkID, "李伟", clerkPassword, "", account.Centre})
	svc, err := compute.New(st, policy.Builtin(), calendar.New(loc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Month(ctx, calendar.Month{Year: 2026, Month: time.October}, time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Store: st, Accounts: st, Sessions: st, Compute: svc, Location: loc,
		Imports: st}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// centreWorkbook writes 中心记录.xlsx for importUnits into dir, as
// centrebook writes it: the assessments of October 2026 of 齐村镇 and 税郭镇
// (组织领导 3, 人员配备 2: organisation 5), and 文化路街道's row with its
// 单位编号 and 评定日期 but 组织领导得分 written "七", a bad row. It returns
// the path and the row of the bad cell.
func centreWorkbook(t *testing.T, dir string) (string, int) {
	t.Helper()
	reg, err := registry.NewRegistry(importUnits)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, time.October, 9, 10, 0, 0, 0, calendar.DefaultLocation())
	var events []event.Event
	for _, u := range importUnits {
		events = append(events, event.Event{ID: "org-" + u.ID, Type: event.OrgAssessed, At: at, UnitID: u.ID,
			Leadership: decimal.RequireFromString("3"), Staffing: decimal.RequireFromString("2")})
	}
	path := filepath.Join(dir, centrebook.FileName)
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := centrebook.Write(out, reg, events); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(centrebook.OrgSheet)
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i, r := range rows {
		if len(r) > 2 && r[0] == "wenhualu" && r[2] != "" {
			bad = i + 1
		}
	}
	if bad == 0 {
		t.Fatalf("%s: no row of wenhualu with its date in %v", centrebook.OrgSheet, rows)
	}
	if rows[0][3] != "组织领导得分" {
		t.Fatalf("%s: column D is %q, want 组织领导得分", centrebook.OrgSheet, rows[0][3])
	}
	if err := f.SetCellStr(centrebook.OrgSheet, "D"+strconv.Itoa(bad), "七"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return path, bad
}

// organizationOf is the 组织机构建设 score the ranking shows for a unit.
func organizationOf(t *testing.T, ctx context.Context, unit string) string {
	t.Helper()
	sel := `tr[data-unit="` + unit + `"] td[data-item="organization"]`
	step(t, ctx, "the ranking's row of "+unit, chromedp.WaitVisible(chromedp.CSS(sel)))
	return value(t, ctx, "the 组织机构建设 of "+unit, chromedp.Text(chromedp.CSS(sel)))
}

// text is the text of the element of id, "" when there is none.
func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return value(t, ctx, "the text of #"+id, chromedp.Evaluate[string](`(document.getElementById('`+id+`') || {}).textContent || ''`))
}

// TestImportInChromium is what the centre does with its workbook on the
// page (docs/import.md): the clerk opens 导入数据, is told to choose a file
// before a preview, sees a mapping with an unknown key refused with the
// server's message_zh, then previews 中心记录.xlsx: 组织机构建设评定 2, and
// the one bad row (组织领导得分 "七") with its sheet, row, column, header and
// reason; 确认导入 stores the two (新增 2) and lists the import in the
// history; October recomputed at the desk the page points to, 齐村镇 and 税郭镇 score 组织机构建设 5 and 文化路街道,
// whose row was bad, keeps the default 10.
func TestImportInChromium(t *testing.T) {
	bin := findChromium(t)
	base := importServer(t)
	dir := t.TempDir()
	workbook, badRow := centreWorkbook(t, dir)
	ctx, scriptErrors := browser(t, bin)
	var shots [][]byte

	step(t, ctx, "open October's ranking", chromedp.Navigate(base+"/#/?month=2026-10"))
	for _, u := range importUnits {
		if got := organizationOf(t, ctx, u.ID); got != "10" {
			t.Fatalf("before: %s's 组织机构建设 is %q, want the default 10", u.Name, got)
		}
	}

	signIn(t, ctx, base, clerkID, clerkPassword)
	step(t, ctx, "open 导入数据",
		chromedp.WaitVisible(chromedp.ID("imports-link")),
		chromedp.Click(chromedp.ID("imports-link")),
		chromedp.Poll[chromedp.Void](`location.hash === '#/imports'`),
		chromedp.WaitVisible(chromedp.ID("import-file")),
		chromedp.WaitVisible(chromedp.ID("import-mapping")),
		chromedp.WaitReady(chromedp.ID("import-history-none")))

	step(t, ctx, "预览 without a file",
		chromedp.Click(chromedp.ID("import-preview")),
		chromedp.WaitVisible(chromedp.ID("import-error")))
	if got := text(t, ctx, "import-error"); !strings.Contains(got, "请选择要导入的文件") {
		t.Errorf("a preview without a file says %q, want 请选择要导入的文件", got)
	}

	// A mapping the server refuses: its message_zh, in the section.
	csv := filepath.Join(dir, "工单明细.csv")
	mapping := filepath.Join(dir, "mapping.yaml")
	if err := os.WriteFile(csv, []byte("序号,工单编号\r\n1,T-1\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mapping, []byte("source: gen-platform\nno_such_key: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "预览 an export with a bad mapping",
		chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{csv}),
		chromedp.SetUploadFiles(chromedp.ID("import-mapping"), []string{mapping}),
		chromedp.Click(chromedp.ID("import-preview")),
		chromedp.Poll[chromedp.Void](`!document.getElementById('import-error').hidden && !/请选择/.test(document.getElementById('import-error').textContent)`))
	if got := text(t, ctx, "import-error"); !strings.Contains(got, "导入映射") || !strings.Contains(got, "line 2") {
		t.Errorf("a bad mapping says %q, want the server's message_zh naming its line 2", got)
	}
	if vis := value(t, ctx, "the preview", chromedp.Evaluate[bool](`!document.getElementById('import-summary').hidden`)); vis {
		t.Errorf("a refused mapping shows a preview")
	}

	// The centre's workbook, no mapping: the preview.
	step(t, ctx, "预览 中心记录.xlsx",
		chromedp.Evaluate[chromedp.Void](`(function () { var m = document.getElementById('import-mapping'); m.value = ''; m.dispatchEvent(new Event('change')); })()`),
		chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{workbook}),
		chromedp.Click(chromedp.ID("import-preview")),
		chromedp.WaitVisible(chromedp.ID("import-summary")),
		chromedp.WaitVisible(chromedp.ID("import-events")),
		chromedp.WaitNotVisible(chromedp.ID("import-error")))
	org := value(t, ctx, "the preview's org_assessed", chromedp.Evaluate[string](
		`(function () { var r = document.querySelector('#import-events tr[data-type="org_assessed"]'); return r ? r.getAttribute('data-count') + ' ' + r.textContent : ''; })()`))
	if !strings.HasPrefix(org, "2 ") || !strings.Contains(org, "组织机构建设评定") {
		t.Errorf("the preview's row of org_assessed is %q, want 组织机构建设评定 2", org)
	}
	if got := value(t, ctx, "the preview's total", chromedp.Evaluate[string](`document.querySelector('#import-events tfoot tr').getAttribute('data-total')`)); got != "2" {
		t.Errorf("the preview's total is %q, want 2", got)
	}
	if got := text(t, ctx, "import-summary"); !strings.Contains(got, centrebook.FileName) {
		t.Errorf("the preview does not name the file %s: %q", centrebook.FileName, got)
	}
	problems := value(t, ctx, "the bad rows", chromedp.Evaluate[[]string](
		`[].map.call(document.querySelectorAll('#import-problems tbody tr'), function (r) { return [].map.call(r.cells, function (c) { return c.textContent; }).join('|'); })`))
	if len(problems) != 1 {
		t.Fatalf("the preview lists %d bad rows, want 1: %q", len(problems), problems)
	}
	cells := strings.Split(problems[0], "|")
	if len(cells) != 5 || cells[0] != centrebook.OrgSheet || cells[1] != strconv.Itoa(badRow) || cells[2] != "D" || cells[3] != "组织领导得分" || !strings.Contains(cells[4], "七") {
		t.Errorf("the bad row reads %q, want %s|%d|D|组织领导得分|a reason naming 七", problems[0], centrebook.OrgSheet, badRow)
	}
	if dis := value(t, ctx, "确认导入", chromedp.Evaluate[bool](`document.getElementById('import-confirm').disabled`)); dis {
		t.Errorf("确认导入 is disabled with 2 valid rows")
	}
	shots = append(shots, value(t, ctx, "screenshot of the preview", chromedp.FullScreenshot(100)))

	// 确认导入: the two stored, the bad row not; the history lists it.
	step(t, ctx, "确认导入",
		chromedp.Click(chromedp.ID("import-confirm")),
		chromedp.WaitVisible(chromedp.ID("import-result")),
		chromedp.WaitVisible(chromedp.ID("import-recompute-link")),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#import-history tbody tr').length === 1`))
	for k, want := range map[string]string{"stored": "2", "duplicate": "0", "conflict": "0"} {
		if got := value(t, ctx, "the result's "+k, chromedp.Evaluate[string](`document.getElementById('import-result').getAttribute('data-`+k+`')`)); got != want {
			t.Errorf("the import's %s is %q, want %s", k, got, want)
		}
	}
	if got := text(t, ctx, "import-result"); !strings.Contains(got, "新增2") || !strings.Contains(got, "重新计算") {
		t.Errorf("the result reads %q, want 新增2 and the hint to recompute", got)
	}
	if dis := value(t, ctx, "确认导入 after", chromedp.Evaluate[bool](`document.getElementById('import-confirm').disabled`)); !dis {
		t.Errorf("确认导入 is still enabled after the import")
	}
	hist := value(t, ctx, "the history's row", chromedp.Evaluate[[]string](
		`[].map.call(document.querySelector('#import-history tbody tr').cells, function (c) { return c.textContent; })`))
	if len(hist) < 6 || hist[1] != clerkID || !strings.HasPrefix(hist[2], centrebook.FileName) || hist[3] != "2" || hist[4] != "2" || hist[len(hist)-1] != "1" {
		t.Errorf("the history's row reads %q, want by %s, %s, 2 events, 2 new, 1 bad row", hist, clerkID, centrebook.FileName)
	}
	shots = append(shots, value(t, ctx, "screenshot of the import", chromedp.FullScreenshot(100)))

	// Counted once the month is recomputed, at the desk the hint links to.
	step(t, ctx, "recompute October at the desk",
		chromedp.Click(chromedp.ID("import-recompute-link")),
		chromedp.Poll[chromedp.Void](`location.hash.indexOf('#/desk') === 0`),
		chromedp.WaitVisible(chromedp.ID("desk-recompute")),
		set("desk-recompute-month", "2026-10"),
		chromedp.Click(chromedp.ID("desk-recompute")),
		chromedp.Poll[chromedp.Void](`/第\s*2\s*版/.test((document.getElementById('desk-recompute-result') || {}).textContent || '')`))
	step(t, ctx, "October's ranking", chromedp.Navigate(base+"/#/?month=2026-10"))
	for unit, want := range map[string]string{"qicun": "5", "shuiguo": "5", "wenhualu": "10"} {
		if got := organizationOf(t, ctx, unit); got != want {
			t.Errorf("after: %s's 组织机构建设 is %q, want %s", unit, got, want)
		}
	}

	// The history is the server's: it lists the import on a fresh page.
	step(t, ctx, "导入数据 again",
		chromedp.Navigate(base+"/#/imports"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#import-history tbody tr').length === 1`))

	for _, e := range scriptErrors() {
		t.Errorf("console: %s", e)
	}
	if *update {
		writeShots(t, filepath.Join("..", "..", "docs", "screenshot-import.png"), shots...)
	}
}

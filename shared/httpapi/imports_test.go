package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/centrebook"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/unit"
)

// criticismMapping reads a csv of notices of criticism: 单位, 时间, 原因.
const criticismMapping = `source: office
time_formats: ["2006/1/2 15:04:05"]
tables:
  - name: 通报
    header_row: 1
    columns: {unit: 单位, at: 时间, reason: 原因}
    events:
      - type: criticized
        at: at
        fields: {unit_id: unit, reason: reason}
        values:
          reason: {未按要求办理: not_handled, 虚报办理结果: false_result}
`

// criticisms is a csv of two good rows and, when bad, a third of a unit
// that is in no registry.
func criticisms(bad bool) string {
	s := "单位,时间,原因\n文化路街道,2026/10/20 10:00:00,未按要求办理\n区教体局,2026/10/21 10:00:00,虚报办理结果\n"
	if bad {
		s += "教育局,2026/10/22 10:00:00,未按要求办理\n"
	}
	return s
}

// multipartImport is the multipart body of an import, and its Content-Type.
func multipartImport(t testing.TB, name string, content []byte, mapping string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	if mapping != "" {
		mw, err := w.CreateFormFile("mapping", "mapping.yaml")
		if err != nil {
			t.Fatal(err)
		}
		mw.Write([]byte(mapping))
	}
	w.Close()
	return b.String(), w.FormDataContentType()
}

// TestDeskImport: issue 15, 6. A centre account previews an import
// (dry_run: the events by type and the bad rows with their file, sheet,
// row, column and reason; nothing stored), then imports it: the valid
// events stored without recorded_by, the bad row not, the import recorded
// with who, when, the file and the counts; the same file again stores
// nothing twice.
func TestDeskImport(t *testing.T) {
	o := newDeskOffice(t)
	centre := o.signIn("li.wei", centrePW)
	body, ct := multipartImport(t, "通报.csv", []byte(criticisms(true)), criticismMapping)
	before := len(storedEvents(t, o))

	rec := o.asPerson(http.MethodPost, "/v1/desk/imports?dry_run=true", body, centre, withHeader("Content-Type", ct))
	if rec.Code != http.StatusOK {
		t.Fatalf("preview: HTTP %d %s", rec.Code, rec.Body)
	}
	preview := decodeJSON[httpapi.ImportReport](t, rec)
	if !preview.DryRun || preview.Total != 2 || preview.Events["criticized"] != 2 || preview.ProblemCount != 1 || preview.Import != nil || preview.Mapping != "office" {
		t.Errorf("preview: %+v", preview)
	}
	if p := preview.Problems[0]; p.File != "通报.csv" || p.Sheet != "通报" || p.Row != 4 || p.Column != "A" || p.Header != "单位" || !strings.Contains(p.Message, `"教育局" is no unit's name`) {
		t.Errorf("the bad row: %+v", p)
	}
	if n := len(storedEvents(t, o)); n != before {
		t.Fatalf("a preview stored %d events", n-before)
	}

	rec = o.asPerson(http.MethodPost, "/v1/desk/imports", body, centre, withHeader("Content-Type", ct))
	got := decodeJSON[httpapi.ImportReport](t, rec)
	if rec.Code != http.StatusOK || got.DryRun || got.Stored != 2 || got.Duplicate != 0 || got.Import == nil {
		t.Fatalf("import: HTTP %d %+v", rec.Code, got)
	}
	if r := got.Import; r.By != "li.wei" || r.File != "通报.csv" || r.Events["criticized"] != 2 || r.Stored != 2 || r.Problems != 1 || !r.At.Equal(o.now) || !strings.HasPrefix(r.ID, "imp-") {
		t.Errorf("the record: %+v", r)
	}
	events := storedEvents(t, o)
	if len(events)-before != 2 {
		t.Fatalf("%d events stored, want 2", len(events)-before)
	}
	for id, e := range events {
		if strings.HasPrefix(id, "imp-office-") && (e.RecordedBy != "" || e.Type != event.Criticized) {
			t.Errorf("imported %+v", e)
		}
	}
	o.now = o.now.Add(time.Minute) // the records sort by time
	again := decodeJSON[httpapi.ImportReport](t, o.asPerson(http.MethodPost, "/v1/desk/imports", body, centre, withHeader("Content-Type", ct)))
	if again.Stored != 0 || again.Duplicate != 2 {
		t.Errorf("again: stored %d, duplicate %d; want 0, 2", again.Stored, again.Duplicate)
	}
	list := decodeJSON[httpapi.ImportList](t, o.asPerson(http.MethodGet, "/v1/desk/imports", "", centre))
	if len(list.Imports) != 2 || list.Imports[0].Duplicate != 2 || list.Imports[1].Stored != 2 {
		t.Errorf("the records, newest first: %+v", list.Imports)
	}
}

// TestDeskImportWorkbook: the centre's workbook imports without a mapping
// (its own is built in): the organisation scores of 中心记录.xlsx, as
// `hotline template` writes it and the centre fills it in.
func TestDeskImportWorkbook(t *testing.T) {
	o := newDeskOffice(t)
	units, err := o.store.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	reg, err := unit.NewRegistry(units)
	if err != nil {
		t.Fatal(err)
	}
	var book bytes.Buffer
	at := time.Date(2026, 10, 8, 9, 0, 0, 0, shanghai(t))
	org := event.Event{ID: "x", Type: event.OrgAssessed, At: at, UnitID: "wenhualu", Leadership: decimal.RequireFromString("4.5"), Staffing: decimal.RequireFromString("3")}
	if err := centrebook.Write(&book, reg, []event.Event{org}); err != nil {
		t.Fatal(err)
	}
	body, ct := multipartImport(t, "中心记录.xlsx", book.Bytes(), "")
	rec := o.asPerson(http.MethodPost, "/v1/desk/imports", body, o.signIn("li.wei", centrePW), withHeader("Content-Type", ct))
	got := decodeJSON[httpapi.ImportReport](t, rec)
	if rec.Code != http.StatusOK || got.Mapping != "centre-workbook" || got.Stored != 1 || got.ProblemCount != 0 {
		t.Fatalf("HTTP %d %+v", rec.Code, got)
	}
	for _, e := range storedEvents(t, o) {
		if e.Type == event.OrgAssessed && e.UnitID == "wenhualu" && e.Leadership.Equal(org.Leadership) && e.At.Equal(at) {
			return
		}
	}
	t.Errorf("the organisation score of wenhualu is not stored as the workbook says")
}

// TestDeskImportRefused: what an import refuses says why, in Chinese too:
// a unit account, nobody, a file neither xlsx nor csv, a mapping with a
// problem (its line), a body without the file, a part of no import, a file
// over the limit (use hotline import or the upload route), dry_run neither
// true nor false.
func TestDeskImportRefused(t *testing.T) {
	o := newDeskOffice(t)
	centre := o.signIn("li.wei", centrePW)
	good, ct := multipartImport(t, "通报.csv", []byte(criticisms(false)), criticismMapping)
	txt, txtCT := multipartImport(t, "通报.txt", []byte(criticisms(false)), criticismMapping)
	badMapping, badCT := multipartImport(t, "通报.csv", []byte(criticisms(false)), "source: office\ntables: []\n")
	big, bigCT := multipartImport(t, "通报.csv", bytes.Repeat([]byte("a"), httpapi.DefaultMaxImport+1), criticismMapping)
	var extra bytes.Buffer
	w := multipart.NewWriter(&extra)
	pw, _ := w.CreateFormField("note")
	pw.Write([]byte("x"))
	w.Close()
	for _, c := range []struct {
		name, path, body, ct, token string
		status                      int
		code, field                 string
	}{
		{"a unit account", "/v1/desk/imports", good, ct, o.signIn("wenhualu-1", unitPW), 403, httpapi.EForbidden, ""},
		{"nobody", "/v1/desk/imports", good, ct, "", 401, httpapi.EUnauthorized, ""},
		{"not a spreadsheet", "/v1/desk/imports", txt, txtCT, centre, 400, httpapi.EInvalid, "file"},
		{"a bad mapping", "/v1/desk/imports", badMapping, badCT, centre, 400, httpapi.EInvalid, "mapping"},
		{"no multipart", "/v1/desk/imports", `{"file":"x"}`, "application/json", centre, 400, httpapi.EInvalid, ""},
		{"another part", "/v1/desk/imports", extra.String(), w.FormDataContentType(), centre, 400, httpapi.EInvalid, "note"},
		{"too large", "/v1/desk/imports", big, bigCT, centre, 413, httpapi.ETooLarge, ""},
		{"dry_run yes", "/v1/desk/imports?dry_run=yes", good, ct, centre, 400, httpapi.EInvalid, "dry_run"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := o.asPerson(http.MethodPost, c.path, c.body, c.token, withHeader("Content-Type", c.ct))
			wantError(t, rec, c.status, c.code, c.field)
			if c.field == "mapping" && !strings.Contains(errorOf(t, rec).Message, "line 2: tables: at least one table is required") {
				t.Errorf("the mapping's problem without its line: %s", rec.Body)
			}
			if c.status == 413 && !strings.Contains(errorOf(t, rec).MessageZh, "hotline import") {
				t.Errorf("413 without what to do: %s", rec.Body)
			}
		})
	}
}

// heldUploads holds the files uploaded to it.
type heldUploads map[string][]byte

func (u heldUploads) PresignPut(_ context.Context, key string) (string, time.Time, error) {
	return "https://uploads.example/" + key, apiNow.Add(15 * time.Minute), nil
}

func (u heldUploads) Open(_ context.Context, key string) (io.ReadCloser, error) {
	b, ok := u[key]
	if !ok {
		return nil, fault.New(fault.NotFound, "no such upload")
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// TestAdminImport: an admin client imports in the cloud: the file in the
// body (base64), or put first to the URL the upload route gives and then
// named by its key; a key never uploaded is 404; neither or both is 400.
func TestAdminImport(t *testing.T) {
	uploads := heldUploads{}
	a := newAPI(t, func(c *httpapi.Config) { c.Uploads = uploads })
	inBody, _ := json.Marshal(httpapi.AdminImport{File: "通报.csv", Content: []byte(strings.ReplaceAll(criticisms(false), "区教体局", a.reg.At(1).Name)), Mapping: criticismMapping})
	rec := a.signed(http.MethodPost, "/v1/admin/imports", "centre", string(inBody))
	if got := decodeJSON[httpapi.ImportReport](t, rec); rec.Code != http.StatusOK || got.ProblemCount > 1 || got.Import == nil || got.Import.By != "centre" {
		t.Fatalf("in the body: HTTP %d %s", rec.Code, rec.Body)
	}
	rec = a.signed(http.MethodPost, "/v1/admin/imports/uploads", "centre", `{"file":"通报.csv"}`)
	up := decodeJSON[httpapi.Upload](t, rec)
	if rec.Code != http.StatusOK || !strings.HasPrefix(up.Key, "imports/") || !strings.HasSuffix(up.Key, "/通报.csv") || up.URL == "" {
		t.Fatalf("upload: HTTP %d %s", rec.Code, rec.Body)
	}
	uploads[up.Key] = []byte(criticisms(false))
	byKey, _ := json.Marshal(httpapi.AdminImport{Key: up.Key, Mapping: criticismMapping})
	rec = a.signed(http.MethodPost, "/v1/admin/imports?dry_run=true", "centre", string(byKey))
	if got := decodeJSON[httpapi.ImportReport](t, rec); rec.Code != http.StatusOK || got.File != "通报.csv" || got.Total == 0 {
		t.Errorf("by key: HTTP %d %s", rec.Code, rec.Body)
	}
	wantError(t, a.signed(http.MethodPost, "/v1/admin/imports", "centre", `{"key":"imports/2026-10-01/x/none.csv"}`), 404, httpapi.ENotFound, "")
	wantError(t, a.signed(http.MethodPost, "/v1/admin/imports", "centre", `{"key":"elsewhere/x.csv"}`), 400, httpapi.EInvalid, "key")
	wantError(t, a.signed(http.MethodPost, "/v1/admin/imports", "centre", `{"mapping":"x"}`), 400, httpapi.EInvalid, "content")
	wantError(t, a.signed(http.MethodPost, "/v1/admin/imports/uploads", "centre", `{"file":"a.exe"}`), 400, httpapi.EInvalid, "file")
}

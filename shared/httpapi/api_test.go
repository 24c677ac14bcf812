package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/unit"
)

// apiNow is the clock of the read and admin tests: early November 2026, so
// that August to October are whole months.
var apiNow = time.Date(2026, 11, 5, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// district is a generated district of three months (August to October
// 2026), made once per test binary.
var district = sync.OnceValues(func() (*unit.Registry, []event.Event) {
	reg, events, err := testenv.Generate(gen.Config{Seed: 11, Tickets: 400, Month: calendar.Month{Year: 2026, Month: 10}, Months: 3, Location: gen.Shanghai()})
	if err != nil {
		panic(err)
	}
	return reg, events
})

// api is a server over a memstore holding the district, with the compute
// service behind its admin routes.
type api struct {
	srv   *httpapi.Server
	store *memstore.Store
	svc   *compute.Service
	reg   *unit.Registry
}

type apiOption func(*httpapi.Config)

func withOrigins(origins ...string) apiOption {
	return func(c *httpapi.Config) { c.Origins = origins }
}

func withTTL(d time.Duration) apiOption { return func(c *httpapi.Config) { c.LatestTTL = d } }

func withoutCompute(c *httpapi.Config) { c.Compute = nil }

// newAPI returns a server over the district's events and registry; no
// result is stored yet.
func newAPI(t testing.TB, opts ...apiOption) *api {
	t.Helper()
	reg, events := district()
	st := memstore.New(shanghai(t))
	ctx := context.Background()
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(events); i += store.MaxBatch {
		if _, err := st.PutEvents(ctx, events[i:min(i+store.MaxBatch, len(events))]); err != nil {
			t.Fatal(err)
		}
	}
	return newAPIOver(t, st, reg, opts...)
}

func newAPIOver(t testing.TB, st *memstore.Store, reg *unit.Registry, opts ...apiOption) *api {
	t.Helper()
	clients, err := auth.LoadClients("testdata/keys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(shanghai(t))}
	cfg := httpapi.Config{
		Store:   st,
		Clients: func() (*auth.Clients, error) { return clients, nil },
		Compute: svc,
		Now:     func() time.Time { return apiNow },
		Uploads: fakeUploads{},
	}
	for _, o := range opts {
		o(&cfg)
	}
	return &api{srv: httpapi.New(cfg), store: st, svc: svc, reg: reg}
}

// computeMonths stores a version of each month, as the month-end run does:
// straight into the store, not through the server.
func (a *api) computeMonths(t testing.TB, months ...string) {
	t.Helper()
	for _, s := range months {
		m, err := calendar.ParseMonth(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.svc.Month(context.Background(), m, apiNow); err != nil {
			t.Fatal(err)
		}
	}
}

// published is a district with August to October and the year 2026 stored.
func published(t testing.TB, opts ...apiOption) *api {
	t.Helper()
	a := newAPI(t, opts...)
	a.computeMonths(t, "2026-08", "2026-09", "2026-10")
	if _, err := a.svc.Year(context.Background(), 2026, apiNow); err != nil {
		t.Fatal(err)
	}
	return a
}

// stored returns the stored body of a version (0: the latest).
func (a *api) stored(t testing.TB, period string, v int) store.Result {
	t.Helper()
	r, err := a.store.Result(context.Background(), period, v)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// do sends a request; header is pairs of name and value.
func (a *api) do(method, path, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	return rec
}

func (a *api) get(path string, header ...string) *httptest.ResponseRecorder {
	return a.do(http.MethodGet, path, "", header...)
}

// signed sends a request with the v2 signature of client (of
// testdata/keys.yaml) at apiNow; path is the path and query.
func (a *api) signed(method, path, client, body string) *httptest.ResponseRecorder {
	ts := strconv.FormatInt(apiNow.Unix(), 10)
	return a.do(method, path, body,
		auth.HeaderClient, client,
		auth.HeaderTimestamp, ts,
		auth.HeaderSignature, signV2(client, ts, method, path, body))
}

// signedAt is signed at the given time rather than at apiNow.
func (a *api) signedAt(method, path, client, body string, at time.Time) *httptest.ResponseRecorder {
	ts := strconv.FormatInt(at.Unix(), 10)
	return a.do(method, path, body,
		auth.HeaderClient, client,
		auth.HeaderTimestamp, ts,
		auth.HeaderSignature, signV2(client, ts, method, path, body))
}

// signV2 is the v2 signature of a request by client (SPEC §10).
func signV2(client, ts, method, target, body string) string {
	return auth.SignV2(secrets[client], auth.Message{Timestamp: ts, Method: method, Target: target, Body: []byte(body)})
}

// decodeJSON decodes a response body, failing the test when it is not JSON.
func decodeJSON[T any](t testing.TB, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("HTTP %d, body is not the JSON expected: %v: %s", rec.Code, err, rec.Body)
	}
	return v
}

// errorOf is the error of an error response.
func errorOf(t testing.TB, rec *httptest.ResponseRecorder) httpapi.Error {
	t.Helper()
	resp := decodeJSON[struct{ Error *httpapi.Error }](t, rec)
	if resp.Error == nil {
		t.Fatalf("HTTP %d without an error: %s", rec.Code, rec.Body)
	}
	return *resp.Error
}

// wantError checks a response's status, error code and, when given, field,
// and that the error says it in Chinese too (issue 14).
func wantError(t testing.TB, rec *httptest.ResponseRecorder, status int, code, field string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("HTTP %d, want %d: %s", rec.Code, status, rec.Body)
		return
	}
	e := errorOf(t, rec)
	if e.Code != code || (field != "" && e.Field != field) {
		t.Errorf("error %+v, want code %s field %q", e, code, field)
	}
	if !hasHan(e.MessageZh) {
		t.Errorf("error %+v: message_zh %q is not Chinese", e, e.MessageZh)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("an error with Cache-Control %q, want no-store", got)
	}
}

// fakeUploads presigns a URL of its own and holds no file.
type fakeUploads struct{}

func (fakeUploads) PresignPut(_ context.Context, key string) (string, time.Time, error) {
	return "https://uploads.example/" + key + "?signed", apiNow.Add(15 * time.Minute), nil
}

func (fakeUploads) Open(context.Context, string) (io.ReadCloser, error) {
	return nil, fault.New(fault.NotFound, "no such upload")
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// lateCriticism stores a late criticism of the first unit in October, so
// that computing October again makes a new version.
func lateCriticism(t testing.TB, a *api, id string) {
	t.Helper()
	e := event.Event{ID: id, Type: event.Criticized, At: time.Date(2026, 10, 30, 9, 0, 0, 0, shanghai(t)), UnitID: a.reg.At(0).ID, Reason: "not_handled"}
	if _, err := a.store.PutEvents(context.Background(), []event.Event{e}); err != nil {
		t.Fatal(err)
	}
}

// httptestGet sends a GET to any handler.
func httptestGet(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
)

var now = time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)

var secrets = map[string]string{
	"callback-system": "callback-system-secret-0001",
	"platform-12345":  "platform-12345-secret-00001",
	"centre":          "district-centre-secret-0001",
	"bulk-loader":     "bulk-loader-secret-00000001",
}

type fixture struct {
	srv   http.Handler
	store store.Store
}

func newFixture(t *testing.T, st store.Store) *fixture {
	t.Helper()
	clients, err := auth.LoadClients("testdata/keys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		st = memstore.New(time.FixedZone("CST", 8*3600))
	}
	srv := httpapi.New(httpapi.Config{
		Store:   st,
		Clients: func() (*auth.Clients, error) { return clients, nil },
		Now:     func() time.Time { return now },
	})
	return &fixture{srv: srv, store: st}
}

// post sends body to path signed by client at time ts (Unix seconds).
func (f *fixture) post(t *testing.T, path, client string, ts int64, body string) (int, httpapi.IngestResponse) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	if client != "" {
		stamp := strconv.FormatInt(ts, 10)
		req.Header.Set(auth.HeaderClient, client)
		req.Header.Set(auth.HeaderTimestamp, stamp)
		req.Header.Set(auth.HeaderSignature, auth.Sign(secrets[client], stamp, []byte(body)))
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	var resp httpapi.IngestResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, rec.Body)
	}
	return rec.Code, resp
}

const (
	replied  = `{"id":"e1","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu"}`
	changed  = `{"id":"e1","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T2","unit_id":"wenhualu"}`
	callback = `{"id":"c1","type":"callback","at":"2026-10-10T10:00:00+08:00","ticket_id":"T1","unit_id":"wenhualu","connected":false}`
	badDue   = `{"id":"a1","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","due_at":"2026-10-08T10:15:00+08:00","channel":"hotline_12345"}`
)

func TestIngestSingle(t *testing.T) {
	f := newFixture(t, nil)
	ts := now.Unix()
	for _, step := range []struct {
		name, path, client, body string
		code                     int
		status                   httpapi.EventStatus
		field                    string
	}{
		{"new event", "/v1/events", "platform-12345", replied, http.StatusCreated, httpapi.EventStored, ""},
		{"the same again", "/v1/events", "platform-12345", replied, http.StatusOK, httpapi.EventDuplicate, ""},
		{"same id, other content", "/v1/events", "platform-12345", changed, http.StatusConflict, httpapi.EventConflict, "id"},
		{"deadline before receipt", "/v1/events", "platform-12345", badDue, http.StatusBadRequest, httpapi.EventInvalid, "due_at"},
		{"unknown field", "/v1/events", "platform-12345", strings.Replace(replied, `"id":"e1"`, `"id":"e9","phone":"1"`, 1), http.StatusBadRequest, httpapi.EventInvalid, "phone"},
		{"callback system", "/v1/callbacks", "callback-system", callback, http.StatusCreated, httpapi.EventStored, ""},
		{"not a callback on /v1/callbacks", "/v1/callbacks", "platform-12345", strings.Replace(replied, "e1", "e2", 1), http.StatusBadRequest, httpapi.EventInvalid, "type"},
	} {
		t.Run(step.name, func(t *testing.T) {
			code, resp := f.post(t, step.path, step.client, ts, step.body)
			if code != step.code {
				t.Errorf("HTTP %d, want %d: %+v", code, step.code, resp)
			}
			if len(resp.Results) != 1 || resp.Results[0].Status != step.status || resp.Results[0].Field != step.field {
				t.Errorf("results %+v, want status %s field %q", resp.Results, step.status, step.field)
			}
			if step.code >= 400 && (resp.Error == nil || resp.Error.Field != step.field) {
				t.Errorf("error %+v does not name the field %q", resp.Error, step.field)
			}
		})
	}
}

func TestIngestBatch(t *testing.T) {
	f := newFixture(t, nil)
	body := "[" + strings.Join([]string{replied, callback, badDue, changed, replied}, ",") + "]"
	code, resp := f.post(t, "/v1/events", "platform-12345", now.Unix(), body)
	if code != http.StatusOK {
		t.Fatalf("HTTP %d: %+v", code, resp)
	}
	var got []string
	for _, r := range resp.Results {
		got = append(got, r.ID+":"+string(r.Status)+":"+r.Field)
	}
	want := []string{"e1:stored:", "c1:stored:", "a1:invalid:due_at", "e1:conflict:id", "e1:duplicate:"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if resp.Stored != 2 || resp.Invalid != 1 || resp.Conflict != 1 || resp.Duplicate != 1 {
		t.Errorf("counts %+v", resp)
	}
}

// TestIngestRefused: requests that must change nothing.
func TestIngestRefused(t *testing.T) {
	ts := now.Unix()
	many := "[" + strings.Repeat(replied+",", store.MaxBatch) + replied + "]"
	huge := `[` + strings.Repeat(" ", httpapi.MaxBody) + replied + `]`
	for _, c := range []struct {
		name, path, client string
		ts                 int64
		body               string
		code               int
		errCode            string
		tamper             func(*http.Request)
	}{
		{name: "unsigned", path: "/v1/events", body: replied, code: 401, errCode: httpapi.EUnauthorized},
		{name: "expired", path: "/v1/events", client: "platform-12345", ts: ts - 301, body: replied, code: 401, errCode: httpapi.EUnauthorized},
		{name: "from the future", path: "/v1/events", client: "platform-12345", ts: ts + 301, body: replied, code: 401, errCode: httpapi.EUnauthorized},
		{name: "at the window's edge", path: "/v1/events", client: "platform-12345", ts: ts - 300, body: replied, code: 201},
		{name: "wrong key", path: "/v1/events", client: "platform-12345", ts: ts, body: replied, code: 401, errCode: httpapi.EUnauthorized,
			tamper: func(r *http.Request) {
				r.Header.Set(auth.HeaderSignature, auth.Sign("another-secret-of-enough-length", strconv.FormatInt(ts, 10), []byte(replied)))
			}},
		{name: "unknown client", path: "/v1/events", client: "platform-12345", ts: ts, body: replied, code: 401, errCode: httpapi.EUnauthorized,
			tamper: func(r *http.Request) { r.Header.Set(auth.HeaderClient, "stranger") }},
		{name: "type outside the client's list", path: "/v1/events", client: "callback-system", ts: ts, body: "[" + callback + "," + replied + "]", code: 403, errCode: httpapi.EForbidden},
		{name: "over 500 events", path: "/v1/events", client: "platform-12345", ts: ts, body: many, code: 400, errCode: httpapi.EInvalid},
		{name: "over 1 MB", path: "/v1/events", client: "platform-12345", ts: ts, body: huge, code: 413, errCode: httpapi.ETooLarge},
		{name: "not JSON", path: "/v1/events", client: "platform-12345", ts: ts, body: "{", code: 400, errCode: httpapi.EInvalid},
		{name: "neither object nor array", path: "/v1/events", client: "platform-12345", ts: ts, body: `"x"`, code: 400, errCode: httpapi.EInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, nil)
			req := httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.body))
			if c.client != "" {
				stamp := strconv.FormatInt(c.ts, 10)
				req.Header.Set(auth.HeaderClient, c.client)
				req.Header.Set(auth.HeaderTimestamp, stamp)
				req.Header.Set(auth.HeaderSignature, auth.Sign(secrets[c.client], stamp, []byte(c.body)))
			}
			if c.tamper != nil {
				c.tamper(req)
			}
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			if rec.Code != c.code {
				t.Errorf("HTTP %d, want %d: %s", rec.Code, c.code, rec.Body)
			}
			var resp struct{ Error *httpapi.Error }
			_ = json.Unmarshal(rec.Body.Bytes(), &resp)
			if c.errCode != "" && (resp.Error == nil || resp.Error.Code != c.errCode) {
				t.Errorf("error %+v, want code %s", resp.Error, c.errCode)
			}
			if c.code >= 400 {
				n := 0
				_ = f.store.Events(context.Background(), func(b []event.Event) error { n += len(b); return nil })
				if n != 0 {
					t.Errorf("a refused request stored %d events", n)
				}
			}
		})
	}
}

// failing is a store whose writes fail.
type failing struct{ store.Store }

func (failing) PutEvents(context.Context, []event.Event) ([]store.Outcome, error) {
	return nil, errors.New("injected failure")
}

func TestIngestStoreFailureAcknowledgesNothing(t *testing.T) {
	f := newFixture(t, failing{memstore.New(time.UTC)})
	code, resp := f.post(t, "/v1/events", "platform-12345", now.Unix(), "["+replied+"]")
	if code != http.StatusServiceUnavailable || resp.Error == nil || resp.Error.Code != httpapi.EUnavailable {
		t.Errorf("HTTP %d %+v, want 503 unavailable", code, resp)
	}
	if resp.Stored != 0 || len(resp.Results) != 0 {
		t.Errorf("a failed write acknowledged events: %+v", resp)
	}
}

func TestUnknownRoute(t *testing.T) {
	f := newFixture(t, nil)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/nothing", bytes.NewReader(nil)))
	if rec.Code != http.StatusNotFound {
		t.Errorf("HTTP %d, want 404", rec.Code)
	}
}

// TestIngestRefusalShape: issue 10, D3, and docs/openapi.yaml
// (IngestRefused): one shape per status. Every 400 and 409 of the ingest
// routes, a single event refused (invalid, a conflict, a type the route
// does not take) or the whole request refused (not JSON, an empty batch,
// too many events, neither an object nor an array), has exactly the keys
// results, stored, duplicate, conflict, invalid and error, with error
// naming what the result names; a single event's refusal carries its
// result, a whole request's none. 200 and 201 have no error.
func TestIngestRefusalShape(t *testing.T) {
	f := newFixture(t, nil)
	if code, _ := f.post(t, "/v1/events", "platform-12345", now.Unix(), replied); code != http.StatusCreated {
		t.Fatalf("the first delivery: HTTP %d", code)
	}
	refusal := []string{"conflict", "duplicate", "error", "invalid", "results", "stored"}
	answer := []string{"conflict", "duplicate", "invalid", "results", "stored"}
	for _, c := range []struct {
		name, path, body string
		status, results  int
	}{
		{"an invalid event", "/v1/events", badDue, http.StatusBadRequest, 1},
		{"a conflict", "/v1/events", changed, http.StatusConflict, 1},
		{"a type the route does not take", "/v1/callbacks", replied, http.StatusBadRequest, 1},
		{"not JSON", "/v1/events", "{", http.StatusBadRequest, 0},
		{"an empty batch", "/v1/events", "[]", http.StatusBadRequest, 0},
		{"neither an object nor an array", "/v1/callbacks", `"x"`, http.StatusBadRequest, 0},
		{"501 events", "/v1/events", "[" + strings.Repeat(replied+",", store.MaxBatch) + replied + "]", http.StatusBadRequest, 0},
		{"stored", "/v1/callbacks", callback, http.StatusCreated, 1},
		{"a duplicate", "/v1/events", replied, http.StatusOK, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.body))
			stamp := strconv.FormatInt(now.Unix(), 10)
			client := map[string]string{"/v1/events": "platform-12345", "/v1/callbacks": "callback-system"}[c.path]
			req.Header.Set(auth.HeaderClient, client)
			req.Header.Set(auth.HeaderTimestamp, stamp)
			req.Header.Set(auth.HeaderSignature, auth.Sign(secrets[client], stamp, []byte(c.body)))
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Fatalf("HTTP %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			keys := slices.Sorted(maps.Keys(body))
			want := answer
			if c.status >= 400 {
				want = refusal
			}
			if !slices.Equal(keys, want) {
				t.Errorf("keys %v, want %v: %s", keys, want, rec.Body)
			}
			resp := decodeJSON[httpapi.IngestResponse](t, rec)
			if len(resp.Results) != c.results {
				t.Errorf("%d results, want %d", len(resp.Results), c.results)
			}
			if c.status >= 400 && c.results == 1 && (resp.Error.Field != resp.Results[0].Field || resp.Error.Message != resp.Results[0].Reason) {
				t.Errorf("error %+v, result %+v: the error must say what the result says", resp.Error, resp.Results[0])
			}
			if c.status >= 400 && rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("a refusal with Cache-Control %q", rec.Header().Get("Cache-Control"))
			}
		})
	}
}

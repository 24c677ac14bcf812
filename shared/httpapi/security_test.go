package httpapi_test

// The security properties of the API, one test each (issue 6, item 4):
//
//   - a request that does not prove a known client within the window is
//     401, whatever is wrong with it, and every 401 looks the same;
//   - an event type outside the client's list is 403, the whole request;
//   - the admin routes refuse every client without admin: true (403);
//   - an oversized or deeply nested body is a 4xx, and refusing it costs
//     little memory;
//   - the public routes return no field the API document does not declare;
//   - a refused request changes nothing: the stored events, the registry
//     and the stored versions are the same after it.
//
// TestIngestRefused, TestAdminAccess and TestOpenAPIResponses check the
// first cases of these on one route each; the tests here take every route
// of the table and the stored state as a whole.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// state is everything a request could change: the stored events (id and
// content hash), the registry and the stored versions (without bodies,
// which a version never changes).
type state struct {
	Events   []string
	Units    []unit.Unit
	Versions []string
}

func stateOf(t testing.TB, st store.Store) state {
	t.Helper()
	ctx := context.Background()
	var s state
	if err := st.Events(ctx, func(b []event.Event) error {
		for i := range b {
			s.Events = append(s.Events, fmt.Sprintf("%s %016x", b[i].ID, b[i].ContentHash()))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(s.Events)
	s.Events = slices.Compact(s.Events)
	s.Units, _ = st.Units(ctx)
	results, err := st.Results(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		s.Versions = append(s.Versions, fmt.Sprintf("%s v%d %s %s final=%t", r.Period, r.Version, r.Policy, r.Fingerprint, r.Final))
	}
	return s
}

// unchanged fails the test when the store's state is not want.
func unchanged(t testing.TB, st store.Store, want state, what string) {
	t.Helper()
	if diff := cmp.Diff(want, stateOf(t, st)); diff != "" {
		t.Errorf("%s changed the stored state (-before +after):\n%s", what, diff)
	}
}

// securityAPI is a published district (August to October and the year
// 2026) with a late criticism stored after October was computed, so that
// every signed route, if it went through, would change the stored state:
// a new event, a new registry, a new version of October, October final.
// Its clock is *now, which the test may move.
func securityAPI(t testing.TB) (*api, *time.Time) {
	t.Helper()
	now := apiNow
	a := published(t, func(c *httpapi.Config) { c.Now = func() time.Time { return now } })
	lateCriticism(t, a, "sec-late-criticism")
	return a, &now
}

// signedRequest is a request to a signed route as a client would send it.
type signedRequest struct {
	method, path, client, body string
	stateless                  bool // the route answers without changing the stored state
	largeBody                  bool // the route takes bodies over MaxBody (the import)
}

// importBody is the body of an admin import of a one-row csv: a notice of
// criticism of the district's first unit, by a mapping of its own.
func importBody(t *testing.T, a *api) string {
	t.Helper()
	const mapping = "source: sec\ntime_formats: [\"2006/1/2 15:04:05\"]\ntables:\n  - name: 通报\n    header_row: 1\n" +
		"    columns: {unit: 单位, at: 时间}\n    events:\n      - type: criticized\n        at: at\n        fields: {unit_id: unit, reason: {value: not_handled}}\n"
	body, err := json.Marshal(httpapi.AdminImport{File: "sec.csv", Content: []byte("单位,时间\n" + a.reg.At(0).Name + ",2026/10/20 10:00:00\n"), Mapping: mapping})
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// signedRoutes gives, for each signed or admin route of the table, a
// request its client may make and that would change the stored state. A
// new signed route fails the tests until it is added here.
func signedRoutes(t *testing.T, a *api) []signedRequest {
	t.Helper()
	bodies := map[string]signedRequest{
		"POST /v1/events": {client: "platform-12345",
			body: `{"id":"sec-e1","type":"replied","at":"2026-10-21T10:00:00+08:00","ticket_id":"SEC-T1","unit_id":"` + a.reg.At(0).ID + `"}`},
		"POST /v1/callbacks": {client: "callback-system",
			body: `{"id":"sec-c1","type":"callback","at":"2026-10-21T10:00:00+08:00","ticket_id":"SEC-T1","unit_id":"` + a.reg.At(0).ID + `","connected":false}`},
		"PUT /v1/admin/units":      {client: "centre", body: `{"units":[{"id":"sec-only","name":"唯一单位","group":"department"}]}`},
		"POST /v1/admin/recompute": {client: "centre", body: `{"month":"2026-10"}`},
		"POST /v1/admin/finalize":  {client: "centre", body: `{"month":"2026-10"}`},
		"POST /v1/admin/imports":   {client: "centre", body: importBody(t, a), largeBody: true},
		// The upload route changes nothing stored: it answers where to put
		// a file.
		"POST /v1/admin/imports/uploads": {client: "centre", body: `{"file":"平台导出.xlsx"}`, stateless: true},
	}
	var out []signedRequest
	for _, rt := range httpapi.Routes() {
		key := rt.Method + " " + rt.Pattern
		req, ok := bodies[key]
		// An admin route that accounts may call too (the recompute) is
		// still an admin route for clients, and stays in these tests; the
		// accounts routes, which need a server with accounts, are
		// tested in accounts_test.go.
		if rt.Access != httpapi.Signed && rt.Access != httpapi.Admin && !(rt.Access == httpapi.AdminOrAccount && ok) {
			continue
		}
		if !ok {
			t.Errorf("%s is a signed route without a request in signedRoutes: add one", key)
			continue
		}
		req.method, req.path = rt.Method, rt.Pattern
		out = append(out, req)
	}
	return out
}

// send sends body with the given signature headers; an empty value leaves
// its header out.
func (a *api) send(method, path, body, client, timestamp, signature string) *httptest.ResponseRecorder {
	var header []string
	for _, h := range [][2]string{{auth.HeaderClient, client}, {auth.HeaderTimestamp, timestamp}, {auth.HeaderSignature, signature}} {
		if h[1] != "" {
			header = append(header, h[0], h[1])
		}
	}
	return a.do(method, path, body, header...)
}

// ingestRoutes are the routes that take the v1 signature too (SPEC §10).
var ingestRoutes = map[string]bool{"POST /v1/events": true, "POST /v1/callbacks": true}

// signer makes a signature of one version for a request; method and path
// are what the signature covers.
type signer struct {
	name string
	sign func(secret, ts, method, path, body string) string
}

var (
	v2Signer = signer{"v2", func(secret, ts, method, path, body string) string {
		return auth.SignV2(secret, auth.Message{Timestamp: ts, Method: method, Target: path, Body: []byte(body)})
	}}
	v1Signer = signer{"v1", func(secret, ts, _, _, body string) string { return auth.Sign(secret, ts, []byte(body)) }}
)

// TestSecurityUnauthenticated: the pinned request signatures (SPEC §10;
// docs/openapi.yaml, securitySchemes). A signed route wants
// X-Hotline-Client of a known client, X-Hotline-Timestamp within 300 s of
// the server's clock and X-Hotline-Signature: v2 on every route ("v2=" and
// lowercase hex of HMAC-SHA256(secret, "v2\n" timestamp "\n" METHOD "\n"
// path-and-query "\n" raw body)), v1 too on the ingest routes (lowercase
// hex over timestamp "." raw body). Every way of failing that is 401
// `unauthorized`, on every signed and admin route, with each version the
// route takes: 21 kinds of bad signature, then a v2 signature made for
// another route or another method (issue 10, D1), and on a route that is
// not an ingest route, a v1 signature however good. The 401s are alike
// (the reason goes to the log, not to the caller, so that they tell nothing
// of which clients exist), and nothing changes. The same request properly
// signed then goes through, so each refusal was for the reason the case
// names.
func TestSecurityUnauthenticated(t *testing.T) {
	ts := strconv.FormatInt(apiNow.Unix(), 10)
	for _, rt := range signedRoutes(t, newAPI(t)) {
		key := rt.method + " " + rt.path
		signers := []signer{v2Signer}
		if ingestRoutes[key] {
			signers = append(signers, v1Signer)
		}
		for _, sg := range signers {
			t.Run(key+" "+sg.name, func(t *testing.T) {
				a, now := securityAPI(t)
				before := stateOf(t, a.store)
				secret := secrets[rt.client]
				body := rt.body
				sign := func(secret, ts, body string) string { return sg.sign(secret, ts, rt.method, rt.path, body) }
				at := func(d time.Duration) string { return strconv.FormatInt(apiNow.Add(d).Unix(), 10) }
				upper := func(sig string) string {
					hex, isV2 := strings.CutPrefix(sig, auth.PrefixV2)
					if isV2 {
						return auth.PrefixV2 + strings.ToUpper(hex)
					}
					return strings.ToUpper(sig)
				}
				type badCase struct {
					name               string
					client, stamp, sig string
					body               string
					clock              time.Duration // the server's clock, from apiNow
					query              string        // added to the path sent
				}
				cases := []badCase{
					{name: "unsigned", body: body},
					{name: "no client header", stamp: ts, sig: sign(secret, ts, body), body: body},
					{name: "no timestamp header", client: rt.client, sig: sign(secret, ts, body), body: body},
					{name: "no signature header", client: rt.client, stamp: ts, body: body},
					{name: "expired: signed 301 s ago", client: rt.client, stamp: at(-301 * time.Second), sig: sign(secret, at(-301*time.Second), body), body: body},
					{name: "from the future: 301 s ahead", client: rt.client, stamp: at(301 * time.Second), sig: sign(secret, at(301*time.Second), body), body: body},
					{name: "replayed 301 s later", client: rt.client, stamp: ts, sig: sign(secret, ts, body), body: body, clock: 301 * time.Second},
					{name: "replayed a day later", client: rt.client, stamp: ts, sig: sign(secret, ts, body), body: body, clock: 24 * time.Hour},
					{name: "wrong key", client: rt.client, stamp: ts, sig: sign("not-the-secret-of-this-client", ts, body), body: body},
					{name: "another client's key", client: rt.client, stamp: ts, sig: sign(secrets["bulk-loader"], ts, body), body: body},
					{name: "unknown client", client: "stranger", stamp: ts, sig: sign("stranger-secret-0000000001", ts, body), body: body},
					{name: "client id in another case", client: strings.ToUpper(rt.client), stamp: ts, sig: sign(secret, ts, body), body: body},
					{name: "body changed after signing", client: rt.client, stamp: ts, sig: sign(secret, ts, body), body: body + " "},
					{name: "timestamp changed after signing", client: rt.client, stamp: at(time.Second), sig: sign(secret, ts, body), body: body},
					{name: "signature of the empty body", client: rt.client, stamp: ts, sig: sign(secret, ts, ""), body: body},
					{name: "signature in upper-case hex", client: rt.client, stamp: ts, sig: upper(sign(secret, ts, body)), body: body},
					{name: "signature truncated", client: rt.client, stamp: ts, sig: sign(secret, ts, body)[:32], body: body},
					{name: "signature in base64", client: rt.client, stamp: ts, sig: "dGhpcyBpcyBub3QgdGhlIHNpZ25hdHVyZQ==", body: body},
					{name: "timestamp in milliseconds", client: rt.client, stamp: ts + "000", sig: sign(secret, ts+"000", body), body: body},
					{name: "timestamp in RFC 3339", client: rt.client, stamp: apiNow.Format(time.RFC3339), sig: sign(secret, apiNow.Format(time.RFC3339), body), body: body},
					{name: "timestamp with a fraction", client: rt.client, stamp: ts + ".0", sig: sign(secret, ts+".0", body), body: body},
				}
				if len(cases) != 21 {
					t.Fatalf("%d kinds of bad signature, want the 21 of docs/reliability.md", len(cases))
				}
				if sg.name == "v2" {
					for _, other := range signedRoutes(t, a) {
						if other.path != rt.path {
							cases = append(cases, badCase{name: "v2 made for " + other.method + " " + other.path, client: rt.client, stamp: ts,
								sig: v2Signer.sign(secret, ts, other.method, other.path, body), body: body})
						}
					}
					for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, strings.ToLower(rt.method)} {
						if m != rt.method {
							cases = append(cases, badCase{name: "v2 made for " + m + " " + rt.path, client: rt.client, stamp: ts,
								sig: v2Signer.sign(secret, ts, m, rt.path, body), body: body})
						}
					}
					cases = append(cases,
						badCase{name: "v2 made without the query sent", client: rt.client, stamp: ts, sig: v2Signer.sign(secret, ts, rt.method, rt.path, body), body: body, query: "?month=2026-09"},
						badCase{name: "v2 hex without its prefix", client: rt.client, stamp: ts, sig: strings.TrimPrefix(sign(secret, ts, body), auth.PrefixV2), body: body},
					)
					if !ingestRoutes[key] {
						cases = append(cases, badCase{name: "v1, however good, on a route that takes only v2", client: rt.client, stamp: ts, sig: v1Signer.sign(secret, ts, rt.method, rt.path, body), body: body})
					}
				}
				var first string
				for _, c := range cases {
					*now = apiNow.Add(c.clock)
					rec := a.send(rt.method, rt.path+c.query, c.body, c.client, c.stamp, c.sig)
					*now = apiNow
					wantError(t, rec, http.StatusUnauthorized, httpapi.EUnauthorized, "")
					if first == "" {
						first = rec.Body.String()
					} else if rec.Body.String() != first {
						t.Errorf("%s: the 401 differs from the others: %s, not %s", c.name, rec.Body, first)
					}
					if t.Failed() {
						t.Fatalf("case %q", c.name)
					}
				}
				unchanged(t, a.store, before, "a request that is not authenticated")

				rec := a.send(rt.method, rt.path, body, rt.client, ts, sign(secret, ts, body))
				if rec.Code >= 300 {
					t.Fatalf("the request properly signed: HTTP %d %s", rec.Code, rec.Body)
				}
				if rt.stateless {
					return // it answered, where every case above was refused
				}
				if after := stateOf(t, a.store); cmp.Equal(before, after) {
					t.Errorf("the request properly signed changed nothing, so the cases above prove nothing")
				}
			})
		}
	}
}

// TestSecurityResentToAnotherRoute: SPEC §10, "a request signed for one
// route is refused (401) on any other". Issue 10, D1: a signed
// POST /v1/admin/recompute of October, resent within the 300 s to
// /v1/admin/finalize, finalised October. Each signed request, resent with
// its headers and body to every other signed route within the window, is
// 401 and changes nothing; sent where it was signed for, it goes through.
func TestSecurityResentToAnotherRoute(t *testing.T) {
	routes := signedRoutes(t, newAPI(t))
	for _, from := range routes {
		for _, to := range routes {
			if from.path == to.path {
				continue
			}
			t.Run(from.method+" "+from.path+" → "+to.method+" "+to.path, func(t *testing.T) {
				a, now := securityAPI(t)
				before := stateOf(t, a.store)
				ts := strconv.FormatInt(apiNow.Unix(), 10)
				sig := v2Signer.sign(secrets[from.client], ts, from.method, from.path, from.body)
				*now = apiNow.Add(10 * time.Second)
				wantError(t, a.send(to.method, to.path, from.body, from.client, ts, sig), http.StatusUnauthorized, httpapi.EUnauthorized, "")
				unchanged(t, a.store, before, "a request resent to another route")
				if rec := a.send(from.method, from.path, from.body, from.client, ts, sig); rec.Code >= 300 {
					t.Errorf("the request where it was signed for: HTTP %d %s", rec.Code, rec.Body)
				}
			})
		}
	}
	t.Run("recompute resent to finalize leaves October provisional", func(t *testing.T) {
		a, _ := securityAPI(t)
		ts := strconv.FormatInt(apiNow.Unix(), 10)
		body := `{"month":"2026-10"}`
		sig := v2Signer.sign(secrets["centre"], ts, http.MethodPost, "/v1/admin/recompute", body)
		if rec := a.send(http.MethodPost, "/v1/admin/recompute", body, "centre", ts, sig); rec.Code != http.StatusOK {
			t.Fatalf("recompute: HTTP %d %s", rec.Code, rec.Body)
		}
		wantError(t, a.send(http.MethodPost, "/v1/admin/finalize", body, "centre", ts, sig), http.StatusUnauthorized, httpapi.EUnauthorized, "")
		if r := a.stored(t, "2026-10", 0); r.Final {
			t.Errorf("October version %d is final after a recompute resent to finalize", r.Version)
		}
	})
}

// TestSecurityReplayWithinWindow: a request replayed within the 300 s
// window is accepted again (the signature cannot tell), and changes nothing
// more than the first time: every signed route is idempotent (SPEC §3:
// the same id with the same content is a no-op; PUT replaces the registry
// with the same one; finalising twice keeps one final version; computing
// an unchanged input again stores no new version).
func TestSecurityReplayWithinWindow(t *testing.T) {
	for _, rt := range signedRoutes(t, newAPI(t)) {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			a, now := securityAPI(t)
			ts := strconv.FormatInt(apiNow.Unix(), 10)
			sig := v2Signer.sign(secrets[rt.client], ts, rt.method, rt.path, rt.body)
			if rec := a.send(rt.method, rt.path, rt.body, rt.client, ts, sig); rec.Code >= 300 {
				t.Fatalf("first delivery: HTTP %d %s", rec.Code, rec.Body)
			}
			once := stateOf(t, a.store)
			for _, d := range []time.Duration{time.Second, 299 * time.Second, 300 * time.Second} {
				*now = apiNow.Add(d)
				if rec := a.send(rt.method, rt.path, rt.body, rt.client, ts, sig); rec.Code >= 300 {
					t.Errorf("replayed %s later: HTTP %d %s", d, rec.Code, rec.Body)
				}
			}
			unchanged(t, a.store, once, "a replay within the window")
		})
	}
}

// TestSecurityForbiddenType: the keys file's `types` (shared/auth) and
// docs/openapi.yaml (403 `forbidden`): a client may post only the event
// types of its list; one event outside it refuses the whole request,
// single or batch, and nothing of it is stored. A type the route does not
// take is a 400 for that event, whatever the client may post.
func TestSecurityForbiddenType(t *testing.T) {
	a, _ := securityAPI(t)
	before := stateOf(t, a.store)
	unitID := a.reg.At(0).ID
	ev := func(id, typ, extra string) string {
		return `{"id":"` + id + `","type":"` + typ + `","at":"2026-10-21T10:00:00+08:00","ticket_id":"SEC-T2","unit_id":"` + unitID + `"` + extra + `}`
	}
	replied := ev("sec-r1", "replied", "")
	callback := ev("sec-c1", "callback", `,"connected":false`)
	criticized := `{"id":"sec-k1","type":"criticized","at":"2026-10-21T10:00:00+08:00","unit_id":"` + unitID + `","reason":"not_handled"}`
	var many []string
	for i := range store.MaxBatch - 1 {
		many = append(many, ev(fmt.Sprintf("sec-b%d", i), "replied", ""))
	}
	for _, c := range []struct {
		name, path, client, body string
	}{
		{"callback system posts a reply", "/v1/events", "callback-system", replied},
		{"callback system posts a reply after a callback", "/v1/events", "callback-system", "[" + callback + "," + replied + "]"},
		{"centre posts a callback", "/v1/callbacks", "centre", callback},
		{"platform posts a criticism", "/v1/events", "platform-12345", criticized},
		{"platform posts 499 replies and a criticism", "/v1/events", "platform-12345", "[" + strings.Join(many, ",") + "," + criticized + "]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, a.signed(http.MethodPost, c.path, c.client, c.body), http.StatusForbidden, httpapi.EForbidden, "type")
			unchanged(t, a.store, before, "a request with a forbidden type")
		})
	}
	t.Run("a type the route does not take", func(t *testing.T) {
		rec := a.signed(http.MethodPost, "/v1/callbacks", "bulk-loader", replied)
		resp := decodeJSON[httpapi.IngestResponse](t, rec)
		if rec.Code != http.StatusBadRequest || resp.Error == nil || resp.Error.Code != httpapi.EInvalid || resp.Error.Field != "type" {
			t.Errorf("HTTP %d %s, want 400 invalid naming the type", rec.Code, rec.Body)
		}
		unchanged(t, a.store, before, "an event the route does not take")
	})
}

// nonAdminClients are the clients of testdata/keys.yaml without admin:
// true.
func nonAdminClients(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/keys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Clients []auth.Client }
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range f.Clients {
		if !c.Admin {
			out = append(out, c.ID)
		}
	}
	if len(out) < 2 {
		t.Fatalf("keys.yaml has %d clients without admin, want the callback system, the platform and the bulk loader", len(out))
	}
	return out
}

// TestSecurityAdminOnly: docs/openapi.yaml (admin routes, 403): every
// route of the table under /v1/admin/ is for admin clients, and refuses
// every other client of the keys file with 403 `forbidden`, even one that
// may post every event type (bulk-loader), with nothing changed.
func TestSecurityAdminOnly(t *testing.T) {
	a, _ := securityAPI(t)
	before := stateOf(t, a.store)
	n := 0
	for _, rt := range signedRoutes(t, a) {
		if !strings.HasPrefix(rt.path, "/v1/admin/") {
			continue
		}
		n++
		for _, client := range nonAdminClients(t) {
			rec := a.signed(rt.method, rt.path, client, rt.body)
			wantError(t, rec, http.StatusForbidden, httpapi.EForbidden, "")
			if t.Failed() {
				t.Fatalf("%s %s by %s", rt.method, rt.path, client)
			}
		}
	}
	if n < 3 {
		t.Errorf("%d admin routes, want at least units, recompute and finalize", n)
	}
	unchanged(t, a.store, before, "an admin route called by another client")
}

// allocsOf returns the bytes allocated while the server answers req.
func allocsOf(a *api, req *http.Request) (*httptest.ResponseRecorder, uint64) {
	rec := httptest.NewRecorder()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	a.srv.ServeHTTP(rec, req)
	runtime.ReadMemStats(&m1)
	return rec, m1.TotalAlloc - m0.TotalAlloc
}

// streamed hides the length of a reader, as a chunked request body does.
type streamed struct{ io.Reader }

// TestSecurityBodyLimits: docs/openapi.yaml (413 `too_large`: "the body
// is over 1 MB") and SPEC's limit of 500 events a request. On every signed
// and admin route, a body over MaxBody, with or without a Content-Length,
// signed or not, is 413; a body nesting 100,000 arrays or objects deep, or
// holding half a million values, is 400. Each is refused having allocated
// less than 4 × MaxBody (runtime.MemStats.TotalAlloc across the request),
// and changes nothing.
func TestSecurityBodyLimits(t *testing.T) {
	a, _ := securityAPI(t)
	before := stateOf(t, a.store)
	const limit = 4 * httpapi.MaxBody
	big := bytes.Repeat([]byte(" "), 16<<20)
	copy(big, "[")
	big[len(big)-1] = ']'
	ts := strconv.FormatInt(apiNow.Unix(), 10)
	bodies := []struct {
		name   string
		body   []byte
		status int
		code   string
	}{
		{"one byte over 1 MB", append(bytes.Repeat([]byte(" "), httpapi.MaxBody), '0'), http.StatusRequestEntityTooLarge, httpapi.ETooLarge},
		{"16 MB", big, http.StatusRequestEntityTooLarge, httpapi.ETooLarge},
		{"100,000 nested arrays", []byte(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)), http.StatusBadRequest, httpapi.EInvalid},
		{"100,000 nested objects", []byte(strings.Repeat(`{"a":`, 100_000) + "0" + strings.Repeat("}", 100_000)), http.StatusBadRequest, httpapi.EInvalid},
		{"1 MB of opening brackets", bytes.Repeat([]byte("["), httpapi.MaxBody), http.StatusBadRequest, httpapi.EInvalid},
		{"half a million zeros", []byte("[" + strings.Repeat("0,", httpapi.MaxBody/2-2) + "0]"), http.StatusBadRequest, httpapi.EInvalid},
		{"an event with 100,000 keys", []byte(`{"id":"x",` + strings.Repeat(`"k":0,`, 100_000) + `"type":"replied"}`), http.StatusBadRequest, httpapi.EInvalid},
	}
	var most uint64
	var mostName string
	for _, rt := range signedRoutes(t, a) {
		for _, b := range bodies {
			sig := v2Signer.sign(secrets[rt.client], ts, rt.method, rt.path, string(b.body))
			for _, v := range []struct {
				name   string
				signed bool
				stream bool
			}{{"signed", true, false}, {"signed, streamed", true, true}, {"unsigned", false, false}} {
				name := fmt.Sprintf("%s %s: %s, %s", rt.method, rt.path, b.name, v.name)
				var r io.Reader = bytes.NewReader(b.body)
				if v.stream {
					r = streamed{r}
				}
				req := httptest.NewRequest(rt.method, rt.path, r)
				if v.signed {
					req.Header.Set(auth.HeaderClient, rt.client)
					req.Header.Set(auth.HeaderTimestamp, ts)
					req.Header.Set(auth.HeaderSignature, sig)
				}
				rec, alloc := allocsOf(a, req)
				status, code := b.status, b.code
				if rt.largeBody && len(b.body) <= 2*httpapi.MaxBody && status == http.StatusRequestEntityTooLarge {
					status, code = http.StatusBadRequest, httpapi.EInvalid // within the import's limit: read, and not an import
				}
				if !v.signed && status != http.StatusRequestEntityTooLarge {
					status, code = http.StatusUnauthorized, httpapi.EUnauthorized // the signature is checked before the body is parsed
				}
				wantError(t, rec, status, code, "")
				limit := uint64(limit)
				if rt.largeBody {
					// The import reads bodies up to its own limit, and
					// allocates in proportion to what it reads.
					importLimit := httpapi.DefaultMaxImport/3*4 + 4 + httpapi.MaxBody
					limit = 4 * uint64(min(len(b.body), importLimit)+httpapi.MaxBody)
				}
				if alloc > limit {
					t.Errorf("%s: %.1f MB allocated, want under %.1f MB", name, float64(alloc)/(1<<20), float64(limit)/(1<<20))
				}
				if t.Failed() {
					t.Fatalf("%s: HTTP %d, %d bytes allocated: %.200s", name, rec.Code, alloc, rec.Body)
				}
				if alloc > most {
					most, mostName = alloc, name
				}
			}
		}
	}
	t.Logf("the most allocated: %.2f MB, by %s", float64(most)/(1<<20), mostName)
	unchanged(t, a.store, before, "an oversized or deeply nested body")
}

// TestSecurityRefusedBatchStoresNothing: SPEC §3 ("nothing of a rejected
// event is stored") and the ingest route's contract (a request refused as
// a whole acknowledges nothing): a batch of new, valid events refused for
// any reason (too many, one forbidden type, a body that is not JSON after
// them, over 1 MB, a bad signature) leaves the stored events as they were,
// compared event by event on a store that holds a district.
func TestSecurityRefusedBatchStoresNothing(t *testing.T) {
	a, _ := securityAPI(t)
	before := stateOf(t, a.store)
	unitID := a.reg.At(0).ID
	var fresh []string
	for i := range store.MaxBatch + 1 {
		fresh = append(fresh, fmt.Sprintf(`{"id":"sec-n%d","type":"replied","at":"2026-10-21T10:00:00+08:00","ticket_id":"SEC-N%d","unit_id":%q}`, i, i, unitID))
	}
	batch := func(events []string, tail string) string { return "[" + strings.Join(events, ",") + tail + "]" }
	forbidden := `,{"id":"sec-k","type":"criticized","at":"2026-10-21T10:00:00+08:00","unit_id":"` + unitID + `","reason":"not_handled"}`
	for _, c := range []struct {
		name, body string
		status     int
	}{
		{"501 events", batch(fresh, ""), http.StatusBadRequest},
		{"a forbidden type last", batch(fresh[:10], forbidden), http.StatusForbidden},
		{"not JSON after the events", batch(fresh[:10], ",{"), http.StatusBadRequest},
		{"over 1 MB", batch(fresh[:10], strings.Repeat(" ", httpapi.MaxBody)), http.StatusRequestEntityTooLarge},
		{"an empty batch", "[]", http.StatusBadRequest},
		{"neither an object nor an array", `"` + strings.Repeat("x", 100) + `"`, http.StatusBadRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := a.signed(http.MethodPost, "/v1/events", "platform-12345", c.body)
			if rec.Code != c.status {
				t.Errorf("HTTP %d, want %d: %.300s", rec.Code, c.status, rec.Body)
			}
			unchanged(t, a.store, before, "a refused batch")
		})
	}
	t.Run("a bad signature", func(t *testing.T) {
		ts := strconv.FormatInt(apiNow.Unix(), 10)
		body := batch(fresh[:10], "")
		rec := a.send(http.MethodPost, "/v1/events", body, "platform-12345", ts, auth.Sign(secrets["platform-12345"], ts, []byte(body[1:])))
		wantError(t, rec, http.StatusUnauthorized, httpapi.EUnauthorized, "")
		unchanged(t, a.store, before, "a batch with a bad signature")
	})
	t.Run("invalid events of an accepted batch", func(t *testing.T) {
		// A batch is answered event by event: the invalid ones are
		// reported and not stored, the valid ones are.
		bad := `{"id":"sec-bad","type":"replied","at":"2026-10-21T10:00:00","ticket_id":"T","unit_id":"u"}`
		rec := a.signed(http.MethodPost, "/v1/events", "platform-12345", batch([]string{bad, fresh[0]}, ""))
		resp := decodeJSON[httpapi.IngestResponse](t, rec)
		if rec.Code != http.StatusOK || resp.Invalid != 1 || resp.Stored != 1 || resp.Results[0].Field != "at" {
			t.Fatalf("HTTP %d %+v", rec.Code, resp)
		}
		after := stateOf(t, a.store)
		var added []string
		for _, e := range after.Events {
			if !slices.Contains(before.Events, e) {
				added = append(added, strings.Fields(e)[0])
			}
		}
		if want := []string{"sec-n0"}; !slices.Equal(added, want) {
			t.Errorf("stored %v, want %v", added, want)
		}
	})
}

// responseProblems checks a response of a documented route against the
// API document: a documented status, and a JSON body of only the declared
// properties (apiDoc.check: $ref, properties, items, additionalProperties).
func (d *apiDoc) responseProblems(ops map[string]map[string]any, key string, rec *httptest.ResponseRecorder) []string {
	op, ok := ops[key]
	if !ok {
		return []string{key + ": not documented"}
	}
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(rec.Code)].(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: status %d not documented", key, rec.Code)}
	}
	content, _ := d.resolve(resp)["content"].(map[string]any)
	if rec.Body.Len() == 0 {
		if content != nil {
			return []string{"no body, but the document has one"}
		}
		return nil
	}
	media, _ := content["application/json"].(map[string]any)
	if media == nil {
		return []string{"a body, but the document has no JSON content"}
	}
	dec := jsonDecoder(rec.Body.Bytes())
	var body any
	if err := dec.Decode(&body); err != nil {
		return []string{"the body is not JSON: " + err.Error()}
	}
	return append(d.check(media["schema"].(map[string]any), body, "$"), d.validate(media["schema"].(map[string]any), body, "$")...)
}

// TestSecurityPublicResponsesDeclared: docs/openapi.yaml is the whole of
// what the public API says. Every public GET route, called on a store with
// computed results of several months, a year, two versions of a month and
// one final, for every unit (one of them not assessed, one charged an
// overdue moved from another unit, and events of a unit not in the
// registry giving warnings), for each group and version, answers 200 with
// no field the document does not declare. The walk must meet the rare
// fields too, or it proves little about them.
func TestSecurityPublicResponsesDeclared(t *testing.T) {
	doc := loadDoc(t)
	ops := doc.operations()
	a := newAPI(t)
	ctx := context.Background()
	loc := shanghai(t)
	from, to := a.reg.At(0).ID, a.reg.At(1).ID
	units := append(a.reg.Units(), unit.Unit{ID: "sec-idle", Name: "无工单单位", Group: unit.Department})
	if err := a.store.PutUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) time.Time { return time.Date(2026, 10, day, hour, 0, 0, 0, loc) }
	extra := []event.Event{
		{ID: "sec-a1", Type: event.Assigned, At: at(8, 9), TicketID: "SEC-OVERDUE", UnitID: from, DueAt: at(10, 18), Channel: "hotline_12345"},
		{ID: "sec-o1", Type: event.OverdueReassigned, At: at(20, 9), TicketID: "SEC-OVERDUE", UnitID: from, ToUnitID: to},
		{ID: "sec-g1", Type: event.Replied, At: at(12, 9), TicketID: "SEC-GHOST", UnitID: "sec-not-in-registry"},
	}
	if _, err := a.store.PutEvents(ctx, extra); err != nil {
		t.Fatal(err)
	}
	a.computeMonths(t, "2026-08", "2026-09", "2026-10")
	if _, err := a.svc.Year(ctx, 2026, apiNow); err != nil {
		t.Fatal(err)
	}
	if rec := a.signed(http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-09"}`); rec.Code != http.StatusOK {
		t.Fatalf("finalize: HTTP %d %s", rec.Code, rec.Body)
	}
	lateCriticism(t, a, "sec-late")
	a.computeMonths(t, "2026-10")

	var paths []string
	for _, m := range []string{"2026-08", "2026-09", "2026-10"} {
		for _, q := range []string{"", "?group=town_street", "?group=department", "?version=1"} {
			paths = append(paths, "/v1/months/"+m+"/ranking"+q)
		}
		for _, u := range units {
			paths = append(paths, "/v1/months/"+m+"/units/"+u.ID, "/v1/months/"+m+"/units/"+u.ID+"?version=1")
		}
	}
	for _, q := range []string{"", "?group=town_street", "?group=department"} {
		paths = append(paths, "/v1/years/2026/ranking"+q)
	}
	for _, u := range units {
		paths = append(paths, "/v1/units/"+u.ID+"/history")
	}
	paths = append(paths, "/v1/months", "/v1/units")

	routes := http.NewServeMux()
	public := map[string]bool{}
	for _, r := range httpapi.Routes() {
		if r.Access == httpapi.Public {
			routes.Handle(r.Method+" "+r.Pattern, http.NotFoundHandler())
			public[r.Method+" "+r.Pattern] = false
		}
	}
	seen := map[string]bool{}
	for _, p := range paths {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		rec := httptest.NewRecorder()
		a.srv.ServeHTTP(rec, req)
		_, key := routes.Handler(req)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: HTTP %d %.200s", p, rec.Code, rec.Body)
			continue
		}
		public[key] = true
		for _, problem := range doc.responseProblems(ops, key, rec) {
			t.Errorf("GET %s: %s", p, problem)
		}
		var body any
		if err := jsonDecoder(rec.Body.Bytes()).Decode(&body); err == nil {
			walkPaths(body, "$", seen)
		}
	}
	for key, called := range public {
		if !called {
			t.Errorf("%s: no call of this public route", key)
		}
	}
	for _, want := range []string{
		"$.units[].deductions[].from_unit_id", "$.units[].deductions[].note", "$.units[].deductions[].ticket_id",
		"$.units[].deductions[].at", "$.units[].months_assessed", "$.units[].escalation", "$.units[].flags[]",
		"$.tickets_returned_over_limit[].unit_ids[]", "$.warnings[]", "$.unit.deductions[].from_unit_id",
		"$.months[].escalation", "$.periods[].versions[].fingerprint", "$.units[].unit_id",
	} {
		if !seen[want] {
			t.Errorf("no response had %s: the walk does not check it", want)
		}
	}
}

// jsonDecoder reads JSON numbers as json.Number, as apiDoc.check wants.
func jsonDecoder(data []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec
}

// walkPaths records the JSON path of every value of v that is not null,
// with array indexes dropped.
func walkPaths(v any, path string, seen map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			walkPaths(x, path+"."+k, seen)
		}
	case []any:
		for _, x := range v {
			walkPaths(x, path+"[]", seen)
		}
	case nil:
		return
	}
	seen[path] = true
}

// TestSecurityNotStrictJSON: issue 10, D7, on every route that reads a
// body. A body with a bare NaN or Infinity, or a lone surrogate escape in a
// string, is refused 400 naming the member it is in, on the ingest and
// the admin routes alike (encoding/json would have stored "\ud800" as
// U+FFFD; the ingest parser took NaN as a number), and nothing changes.
func TestSecurityNotStrictJSON(t *testing.T) {
	a, _ := securityAPI(t)
	before := stateOf(t, a.store)
	unitID := a.reg.At(0).ID
	returned := func(reason string) string {
		return `{"id":"sec-s1","type":"returned","at":"2026-10-21T10:00:00+08:00","ticket_id":"SEC-S1","unit_id":"` + unitID + `","reason":"` + reason + `"}`
	}
	org := `{"id":"sec-s2","type":"org_assessed","at":"2026-10-21T10:00:00+08:00","unit_id":"` + unitID + `","leadership":NaN,"staffing":4}`
	for _, c := range []struct {
		method, path, client, body, field string
	}{
		{http.MethodPost, "/v1/events", "platform-12345", returned(`\ud800x`), "reason"},
		{http.MethodPost, "/v1/events", "platform-12345", "[" + returned(`ok`) + "," + returned(`\udc00`) + "]", "reason"},
		{http.MethodPost, "/v1/events", "bulk-loader", org, "leadership"},
		{http.MethodPost, "/v1/callbacks", "callback-system", `{"id":"sec-s3","type":"callback","at":"2026-10-21T10:00:00+08:00","ticket_id":"T","unit_id":"` + unitID + `","connected":Infinity}`, "connected"},
		{http.MethodPut, "/v1/admin/units", "centre", `{"units":[{"id":"a","name":"\ud800","group":"department"}]}`, "name"},
		{http.MethodPost, "/v1/admin/recompute", "centre", `{"month":NaN}`, "month"},
		{http.MethodPost, "/v1/admin/finalize", "centre", `{"year":-Infinity}`, "year"},
		{http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-10\udfff"}`, "month"},
	} {
		rec := a.signed(c.method, c.path, c.client, c.body)
		wantError(t, rec, http.StatusBadRequest, httpapi.EInvalid, c.field)
		if t.Failed() {
			t.Fatalf("%s %s %s", c.method, c.path, c.body)
		}
	}
	unchanged(t, a.store, before, "a body that is not strict JSON")
}

// TestSecurityCorrectionsNeedTheirType: SPEC §3 (v1.1) and the keys file
// (README, docs/deploy.md): retracted and deduction_waived are posted only
// by a client whose `types` lists them or an admin client. The platform
// and the bulk loader (every other type listed) get 403 naming `type`,
// single or in a batch, and nothing is stored; the centre (admin, neither
// listed) and a client listing them are not refused.
func TestSecurityCorrectionsNeedTheirType(t *testing.T) {
	a, _ := securityAPI(t)
	keys, err := os.ReadFile("testdata/keys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	clients, err := auth.DecodeClients(append(keys, []byte(`  - id: corrector
    secret: corrector-secret-000000001
    types: [retracted, deduction_waived]
`)...))
	if err != nil {
		t.Fatal(err)
	}
	secrets["corrector"] = "corrector-secret-000000001"
	t.Cleanup(func() { delete(secrets, "corrector") })
	srv := newAPIOver(t, a.store, a.reg, func(c *httpapi.Config) { c.Clients = func() (*auth.Clients, error) { return clients, nil } })
	before := stateOf(t, a.store)
	unitID := a.reg.At(0).ID
	retracted := func(id string) string {
		return `{"id":"` + id + `","type":"retracted","at":"2026-10-21T10:00:00+08:00","event_id":"sec-late-criticism","reason":"录入错误"}`
	}
	waived := func(id string) string {
		return `{"id":"` + id + `","type":"deduction_waived","at":"2026-10-21T10:00:00+08:00","unit_id":"` + unitID + `","rule":"criticized","event_id":"sec-late-criticism","reason":"申诉成立"}`
	}
	replied := `{"id":"sec-cr-r","type":"replied","at":"2026-10-21T10:00:00+08:00","ticket_id":"SEC-CR","unit_id":"` + unitID + `"}`
	for _, client := range []string{"platform-12345", "bulk-loader"} {
		for _, body := range []string{retracted("sec-cr1"), waived("sec-cr2"), "[" + replied + "," + retracted("sec-cr3") + "]"} {
			wantError(t, srv.signed(http.MethodPost, "/v1/events", client, body), http.StatusForbidden, httpapi.EForbidden, "type")
		}
	}
	unchanged(t, a.store, before, "a correction by a client that may not post it")
	for _, c := range []struct{ client, body string }{
		{"centre", retracted("sec-cr4")}, {"centre", waived("sec-cr5")},
		{"corrector", retracted("sec-cr6")}, {"corrector", waived("sec-cr7")},
	} {
		if rec := srv.signed(http.MethodPost, "/v1/events", c.client, c.body); rec.Code != http.StatusCreated {
			t.Errorf("%s posts %s: HTTP %d %s", c.client, c.body, rec.Code, rec.Body)
		}
	}
}

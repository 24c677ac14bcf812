package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/unit"
)

// fuzzClients are the clients of testdata/keys.yaml, by the byte the
// fuzzer picks.
var fuzzClients = []string{"platform-12345", "callback-system", "centre", "bulk-loader"}

// sampleBodies are the sample events of the repository, one per file.
func sampleBodies(tb testing.TB) [][]byte {
	tb.Helper()
	paths, err := filepath.Glob("../../events/hotline/*.json")
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no sample events: %v", err)
	}
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, bytes.TrimSpace(data))
	}
	return out
}

// fuzzEnv is what every fuzz target of the API reads: the API document,
// the clients and a route finder.
type fuzzEnv struct {
	doc     *apiDoc
	ops     map[string]map[string]any
	clients *auth.Clients
	routes  *http.ServeMux
	values  map[string]string // the path values of the last route found
}

func newFuzzEnv(tb testing.TB) *fuzzEnv {
	tb.Helper()
	doc := loadDoc(tb)
	clients, err := auth.LoadClients("testdata/keys.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	env := &fuzzEnv{doc: doc, ops: doc.operations(), clients: clients, routes: http.NewServeMux()}
	for _, r := range httpapi.Routes() {
		if r.Access == httpapi.Page {
			continue
		}
		env.routes.HandleFunc(r.Method+" "+r.Pattern, func(_ http.ResponseWriter, req *http.Request) {
			env.values = map[string]string{}
			for _, name := range []string{"month", "year", "unit"} {
				if v := req.PathValue(name); v != "" {
					env.values[name] = v
				}
			}
		})
	}
	return env
}

// route returns the route of the table a request reaches ("" for none),
// and its path values.
func (env *fuzzEnv) route(req *http.Request) (string, map[string]string) {
	_, key := env.routes.Handler(req)
	if key == "" {
		return "", nil
	}
	env.values = nil
	env.routes.ServeHTTP(httptest.NewRecorder(), req.Clone(req.Context()))
	return key, env.values
}

// conforms fails the test when the response to a documented route has a
// status or a JSON body the API document does not declare.
func (env *fuzzEnv) conforms(t *testing.T, key string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("%s: HTTP %d for a client's request: %s", key, rec.Code, rec.Body)
	}
	if key == "" {
		return
	}
	if problems := env.doc.responseProblems(env.ops, key, rec); len(problems) > 0 {
		t.Fatalf("%s → %d: %s\n%s", key, rec.Code, strings.Join(problems, "\n"), rec.Body)
	}
}

// expectedIngest is what the ingest route must answer a signed body,
// worked out apart from the handler: the body parsed with fastjson, each
// event decoded with event.FromValue, the store's rules of SPEC §5
// (same id and content: duplicate; other content: conflict; a repeat in
// the batch takes the outcome of its first occurrence) applied to a map.
type expectedIngest struct {
	whole  int                   // a status for the whole request (400, 403), or 0
	single bool                  // one event, not an array
	status []httpapi.EventStatus // per event
	field  []string              // per invalid event
	stored map[string]uint64
}

func expectIngest(body []byte, route []event.Type, client *auth.Client, stored map[string]uint64) expectedIngest {
	var exp expectedIngest
	var p fastjson.Parser
	v, err := p.ParseBytes(body)
	if err != nil || !httpapi.CheckShape(body) {
		exp.whole = http.StatusBadRequest
		return exp
	}
	var values []*fastjson.Value
	switch v.Type() {
	case fastjson.TypeObject:
		values, exp.single = []*fastjson.Value{v}, true
	case fastjson.TypeArray:
		values, _ = v.Array()
		if len(values) == 0 || len(values) > store.MaxBatch {
			exp.whole = http.StatusBadRequest
			return exp
		}
	default:
		exp.whole = http.StatusBadRequest
		return exp
	}
	exp.stored = map[string]uint64{}
	for id, h := range stored {
		exp.stored[id] = h
	}
	type first struct {
		hash   uint64
		status httpapi.EventStatus
	}
	firsts := map[string]first{}
	for _, v := range values {
		e, err := event.FromValue(v)
		if err == nil && !slices.Contains(route, e.Type) {
			err = &event.FieldError{Field: "type"}
		}
		if err != nil {
			var fe *event.FieldError
			errors.As(err, &fe)
			exp.status = append(exp.status, httpapi.EventInvalid)
			exp.field = append(exp.field, fe.Field)
			continue
		}
		if !client.May(e.Type) {
			exp.whole = http.StatusForbidden
			return exp
		}
		h := e.ContentHash()
		var s httpapi.EventStatus
		if f, ok := firsts[e.ID]; ok {
			s = httpapi.EventDuplicate
			if f.hash != h || f.status == httpapi.EventConflict {
				s = httpapi.EventConflict
			}
		} else {
			prev, ok := exp.stored[e.ID]
			switch {
			case !ok:
				s = httpapi.EventStored
				exp.stored[e.ID] = h
			case prev == h:
				s = httpapi.EventDuplicate
			default:
				s = httpapi.EventConflict
			}
			firsts[e.ID] = first{h, s}
		}
		exp.status = append(exp.status, s)
		exp.field = append(exp.field, "")
	}
	return exp
}

// storedHashes is the content hash of every stored event, by id.
func storedHashes(t *testing.T, st store.Store) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	if err := st.Events(context.Background(), func(b []event.Event) error {
		for i := range b {
			out[b[i].ID] = b[i].ContentHash()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzIngest: POST /v1/events and /v1/callbacks, any body, from any client,
// signed (v1 or v2, SPEC §10), unsigned, badly signed or signed for the
// other route, on a store that holds one event. The
// answer is never 5xx and always as docs/openapi.yaml declares it, and:
//   - a request that is not properly signed is 401 and stores nothing;
//   - a body that is not JSON, not an event or an array of 1 to 500, or
//     nests or spreads too far is 400 for the whole request; an event type
//     outside the client's list is 403; neither stores anything;
//   - otherwise one event answers 201 stored, 200 duplicate, 409 conflict
//     or 400 invalid naming the decoder's field, and an array answers 200
//     with each event's status, worked out apart from the handler (see
//     expectIngest), and counts that add up;
//   - the store then holds exactly what it held and the events answered
//     stored, with their content.
func FuzzIngest(f *testing.F) {
	env := newFuzzEnv(f)
	for _, b := range sampleBodies(f) {
		f.Add(b, false, uint8(0), uint8(0))
		f.Add(b, true, uint8(3), uint8(0))
	}
	all := bytes.Join(sampleBodies(f), []byte(","))
	for _, c := range []struct {
		body string
		cb   bool
		who  uint8
		mode uint8
	}{
		{replied, false, 0, 0}, {changed, false, 0, 0}, {callback, true, 1, 0}, {badDue, false, 0, 0},
		{"[" + replied + "," + changed + "," + replied + "]", false, 0, 0},
		{"[" + changed + "," + replied + "]", false, 3, 0},
		{"[" + string(all) + "]", false, 3, 0},
		{"[" + string(all) + "]", false, 0, 0},
		{"[" + callback + "," + replied + "]", false, 1, 0},
		{replied, false, 0, 1}, {replied, false, 0, 2}, {replied, false, 0, 3}, {callback, true, 1, 3}, {replied, false, 0, 4},
		{"{", false, 0, 0}, {"[]", false, 0, 0}, {`"x"`, false, 0, 0}, {"null", true, 1, 0},
		{strings.Repeat("[", 40) + strings.Repeat("]", 40), false, 0, 0},
		{`[{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":["T"],"unit_id":"u"}]`, false, 0, 0},
		{`{"":""}`, false, 0, 0},
	} {
		f.Add([]byte(c.body), c.cb, c.who, c.mode)
	}
	seed, err := event.Decode([]byte(replied))
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
	ts := strconv.FormatInt(now.Unix(), 10)
	f.Fuzz(func(t *testing.T, body []byte, callbacks bool, who, mode uint8) {
		st := memstore.New(time.FixedZone("CST", 8*3600))
		if _, err := st.PutEvents(context.Background(), []event.Event{seed}); err != nil {
			t.Fatal(err)
		}
		srv := httpapi.New(httpapi.Config{Store: st, Clients: func() (*auth.Clients, error) { return env.clients, nil }, Now: func() time.Time { return now }})
		path, route := "/v1/events", event.Types()
		if callbacks {
			path, route = "/v1/callbacks", []event.Type{event.Callback}
		}
		clientID := fuzzClients[int(who)%len(fuzzClients)]
		client, _ := env.clients.Lookup(clientID)
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		// mode: 0 v1-signed, 1 unsigned, 2 v1-signed over another body,
		// 3 v2-signed, 4 v2-signed for the other ingest route.
		mode %= 5
		other := map[string]string{"/v1/events": "/v1/callbacks", "/v1/callbacks": "/v1/events"}[path]
		if mode != 1 {
			req.Header.Set(auth.HeaderClient, clientID)
			req.Header.Set(auth.HeaderTimestamp, ts)
		}
		switch mode {
		case 0:
			req.Header.Set(auth.HeaderSignature, auth.Sign(secrets[clientID], ts, body))
		case 2:
			req.Header.Set(auth.HeaderSignature, auth.Sign(secrets[clientID], ts, append(bytes.Clone(body), ' ')))
		case 3, 4:
			target := map[bool]string{true: other, false: path}[mode == 4]
			req.Header.Set(auth.HeaderSignature, auth.SignV2(secrets[clientID], auth.Message{Timestamp: ts, Method: http.MethodPost, Target: target, Body: body}))
		}
		before := storedHashes(t, st)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		env.conforms(t, http.MethodPost+" "+path, rec)
		var resp httpapi.IngestResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("HTTP %d, not JSON: %v", rec.Code, err)
		}
		after := storedHashes(t, st)

		wantWhole := func(code int, errCode string) {
			t.Helper()
			var e struct{ Error *httpapi.Error }
			_ = json.Unmarshal(rec.Body.Bytes(), &e)
			if rec.Code != code || e.Error == nil || e.Error.Code != errCode || len(resp.Results) != 0 {
				t.Fatalf("HTTP %d %s, want %d %s for the whole request", rec.Code, rec.Body, code, errCode)
			}
			if len(after) != len(before) {
				t.Fatalf("a request refused with %d stored %d events", code, len(after)-len(before))
			}
		}
		if mode != 0 && mode != 3 {
			wantWhole(http.StatusUnauthorized, httpapi.EUnauthorized)
			return
		}
		exp := expectIngest(body, route, client, before)
		switch exp.whole {
		case http.StatusBadRequest:
			wantWhole(http.StatusBadRequest, httpapi.EInvalid)
			return
		case http.StatusForbidden:
			wantWhole(http.StatusForbidden, httpapi.EForbidden)
			return
		}
		var got []httpapi.EventStatus
		counts := map[httpapi.EventStatus]int{}
		for i, r := range resp.Results {
			got = append(got, r.Status)
			counts[r.Status]++
			if r.Index != i {
				t.Fatalf("result %d has index %d", i, r.Index)
			}
			if r.Status == httpapi.EventInvalid && r.Field != asJSON(exp.field[i]) {
				t.Fatalf("result %d: invalid naming %q, want %q (%s)", i, r.Field, exp.field[i], r.Reason)
			}
		}
		if !slices.Equal(got, exp.status) {
			t.Fatalf("statuses %v, want %v: %s", got, exp.status, rec.Body)
		}
		if resp.Stored != counts[httpapi.EventStored] || resp.Duplicate != counts[httpapi.EventDuplicate] ||
			resp.Conflict != counts[httpapi.EventConflict] || resp.Invalid != counts[httpapi.EventInvalid] {
			t.Fatalf("counts %d/%d/%d/%d do not add up to the results %v", resp.Stored, resp.Duplicate, resp.Conflict, resp.Invalid, got)
		}
		wantCode := http.StatusOK
		if exp.single {
			wantCode = map[httpapi.EventStatus]int{httpapi.EventStored: http.StatusCreated, httpapi.EventDuplicate: http.StatusOK,
				httpapi.EventConflict: http.StatusConflict, httpapi.EventInvalid: http.StatusBadRequest}[exp.status[0]]
			if wantCode >= 400 && (resp.Error == nil || resp.Error.Field != resp.Results[0].Field) {
				t.Fatalf("HTTP %d without an error naming the field: %s", rec.Code, rec.Body)
			}
		}
		if rec.Code != wantCode {
			t.Fatalf("HTTP %d, want %d: %s", rec.Code, wantCode, rec.Body)
		}
		if len(after) != len(exp.stored) {
			t.Fatalf("the store holds %d events, want %d", len(after), len(exp.stored))
		}
		for id, h := range exp.stored {
			if after[id] != h {
				t.Fatalf("event %q stored with other content", id)
			}
		}
	})
}

var (
	monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
	yearRE  = regexp.MustCompile(`^[0-9]{4}$`)
)

// FuzzReadRoutes: the public routes with any path values and query, on a
// district with published results. The answer is never 5xx; it is a
// redirect only from a path that is not clean; every other answer is JSON as
// docs/openapi.yaml declares it for the route (or the JSON 404/405 of a
// path no route takes); and a 200 comes only for path values and a query
// the document allows: a published month written YYYY-MM, the year 2026, a
// unit of the registry, ?group= one of the groups, ?version= a stored
// version. A 400 names one of these.
func FuzzReadRoutes(f *testing.F) {
	env := newFuzzEnv(f)
	a := published(f)
	months := []string{"2026-08", "2026-09", "2026-10"}
	first := a.reg.At(0).ID
	for _, c := range []struct {
		kind          uint8
		a1, a2, query string
	}{
		{0, "2026-10", "", ""}, {0, "2026-10", "", "group=town_street"}, {0, "2026-09", "", "group=department&version=1"},
		{0, "2026-10", "", "version=01"}, {0, "2026-10", "", "version=%zz"}, {0, "2026-13", "", ""}, {0, "2026-1", "", ""},
		{0, "+2026-10", "", ""}, {0, "2026-10/../2026-09", "", ""}, {0, "", "", ""},
		{1, "2026-10", first, ""}, {1, "2026-10", first, "version=1"}, {1, "2026-10", "b c", ""}, {1, "2026-10", "nobody", ""},
		{1, "2026-10", strings.Repeat("u", 65), ""},
		{2, "2026", "", ""}, {2, "2026", "", "group=x"}, {2, "0999", "", ""}, {2, "02026", "", ""}, {2, "-001", "", ""},
		{3, first, "", ""}, {3, "nobody", "", ""}, {3, "文化路", "", ""},
		{4, "", "", ""}, {4, "", "", "group=town_street"}, {5, "", "", ""},
	} {
		f.Add(c.kind, c.a1, c.a2, c.query)
	}
	f.Fuzz(func(t *testing.T, kind uint8, a1, a2, query string) {
		var path string
		switch kind % 6 {
		case 0:
			path = "/v1/months/" + a1 + "/ranking"
		case 1:
			path = "/v1/months/" + a1 + "/units/" + a2
		case 2:
			path = "/v1/years/" + a1 + "/ranking"
		case 3:
			path = "/v1/units/" + a1 + "/history"
		case 4:
			path = "/v1/months"
		case 5:
			path = "/v1/units"
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path, req.URL.RawPath, req.URL.RawQuery = path, "", query
		req.RequestURI = req.URL.RequestURI()
		key, values := env.route(req)
		rec := httptest.NewRecorder()
		a.srv.ServeHTTP(rec, req)
		if rec.Code >= 300 && rec.Code < 400 {
			clean := pathpkg.Clean(path)
			if strings.HasSuffix(path, "/") && clean != "/" {
				clean += "/" // as net/http's ServeMux cleans
			}
			// ServeMux builds the Location from the escaped path and escapes
			// it again (" " becomes %2520), so only where it points is
			// checked: a path of this host (".." may climb out of /v1/:
			// /v1/months/../../ranking goes to /ranking), never another
			// host ("//host").
			loc := rec.Header().Get("Location")
			if clean == path || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
				t.Fatalf("GET %q: HTTP %d to %q, want a redirect of a path that is not clean", path, rec.Code, rec.Header().Get("Location"))
			}
			return
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("GET %q: HTTP %d, Content-Type %q", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		env.conforms(t, key, rec)
		if key == "" {
			if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
				t.Fatalf("GET %q, no route: HTTP %d", path, rec.Code)
			}
			return
		}
		q, _ := url.ParseQuery(query)
		if rec.Code == http.StatusBadRequest {
			e := errorOf(t, rec)
			if !slices.Contains([]string{"month", "year", "unit", "group", "version", ""}, e.Field) {
				t.Fatalf("GET %q: 400 naming %q", path, e.Field)
			}
			return
		}
		if rec.Code != http.StatusOK {
			return
		}
		if m, ok := values["month"]; ok && (!monthRE.MatchString(m) || !slices.Contains(months, m)) {
			t.Fatalf("GET %q: 200 for month %q", path, m)
		}
		if y, ok := values["year"]; ok && (!yearRE.MatchString(y) || y != "2026") {
			t.Fatalf("GET %q: 200 for year %q", path, y)
		}
		if u, ok := values["unit"]; ok && !unit.ValidID(u) {
			t.Fatalf("GET %q: 200 for unit %q", path, u)
		}
		if strings.Contains(key, "/ranking") {
			if g, ok := q["group"]; ok && !unit.Group(g[0]).Valid() {
				t.Fatalf("GET %q?%s: 200 for group %q", path, query, g[0])
			}
		}
		if v, ok := q["version"]; ok && strings.Contains(key, "{month}") {
			if n, err := strconv.Atoi(v[0]); err != nil || n < 1 || rec.Header().Get("X-Hotline-Version") != strconv.Itoa(n) {
				t.Fatalf("GET %q?%s: 200 with version %s for ?version=%q", path, query, rec.Header().Get("X-Hotline-Version"), v[0])
			}
		}
	})
}

// FuzzAdmin: the admin routes, any body, signed by the admin client, on a
// store with the sample events, a registry and a computed October. The
// answer is never 5xx and always as docs/openapi.yaml declares it, and:
//   - a 2xx comes only for a body that encoding/json decodes strictly into
//     the documented request, with no key given twice: for the registry,
//     units of valid ids, names and groups, and aliases that are names
//     (issue 15), which the store then holds as sent (no aliases nil, an
//     empty list included); for recompute and finalize, exactly the key "month" (YYYY-MM) or
//     "year" (YYYY), in the years 2000–2099 and not after the clock's month
//     (issue 10, D8), which the answer names; and it changes only what the
//     route is for;
//   - any other answer changes nothing.
func FuzzAdmin(f *testing.F) {
	env := newFuzzEnv(f)
	loc := shanghai(f)
	var samples []event.Event
	for _, b := range sampleBodies(f) {
		e, err := event.Decode(b)
		if err != nil {
			f.Fatal(err)
		}
		samples = append(samples, e)
	}
	var units []unit.Unit
	for i, id := range []string{"wenhualu", "guangminglu", "xishan", "jiaotiju", "zhujianju"} {
		g := unit.TownStreet
		if i >= 3 {
			g = unit.Department
		}
		units = append(units, unit.Unit{ID: id, Name: "单位" + id, Group: g})
	}
	for _, c := range []struct {
		body  string
		route uint8
	}{
		{`{"units":[{"id":"wenhualu","name":"文化路街道","group":"town_street"},{"id":"edu","name":"区教体局","group":"department"}]}`, 0},
		{`{"units":[]}`, 0}, {`{"units":[{"id":"a","name":"A","group":"department"},{"id":"a","name":"B","group":"department"}]}`, 0},
		{`{"units":[{"id":"b c","name":"B","group":"street"}]}`, 0}, {`{"units":[{"id":"a","name":"","group":"department"}]}`, 0},
		{`{"units":[{"unit_id":"a","name":"A","group":"department"}]}`, 0}, {`{"units":{"id":"a"}}`, 0},
		{`{"units":[{"id":"a","name":"A","group":"department"}]} {}`, 0}, {`[0]`, 0}, {`null`, 0},
		{`{"units":[{"id":"ga","name":"区公安分局","group":"department","aliases":["公安分局","市中区公安分局"]},{"id":"b","name":"B","group":"department","aliases":[]}]}`, 0},
		{`{"units":[{"id":"a","name":"甲","group":"department"},{"id":"b","name":"乙","group":"department","aliases":["甲"]}]}`, 0},
		{`{"units":[{"id":"a","name":"甲","group":"department","aliases":["甲"]}]}`, 0}, {`{"units":[{"id":"a","name":"甲","group":"department","aliases":[" 乙",""]}]}`, 0},
		{`{"units":[{"id":"a","name":"甲","group":"department","aliases":"乙"}]}`, 0}, {`{"units":[{"id":"a","name":"甲","group":"department","aliases":null}]}`, 0},
		{`{"month":"2026-10"}`, 1}, {`{"year":"2026"}`, 1}, {`{"year":2026}`, 1}, {`{"month":"2026-09"}`, 1},
		{`{}`, 1}, {`{"month":"2026-10","year":"2026"}`, 1}, {`{"month":"2026/10"}`, 1}, {`{"year":"26"}`, 1},
		{`{"year":2026.0}`, 1}, {`{"year":"0999"}`, 1}, {`{"month":"0000-01"}`, 1}, {`{"period":"2026-10"}`, 1},
		{`{"month":"2026-10"}`, 2}, {`{"month":"2026-09"}`, 2}, {`{"year":"2026"}`, 2}, {`{"month":null}`, 2},
		{`{"month":"2026-12"}`, 1}, {`{"year":"2027"}`, 1}, {`{"month":"2026-10","month":"2026-09"}`, 2}, {`{"MONTH":"2026-10"}`, 1},
	} {
		f.Add([]byte(c.body), c.route)
	}
	adminRoutes := []struct{ method, path string }{
		{http.MethodPut, "/v1/admin/units"}, {http.MethodPost, "/v1/admin/recompute"}, {http.MethodPost, "/v1/admin/finalize"},
	}
	ts := strconv.FormatInt(apiNow.Unix(), 10)
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		ctx := context.Background()
		st := memstore.New(loc)
		if err := st.PutUnits(ctx, units); err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutEvents(ctx, samples); err != nil {
			t.Fatal(err)
		}
		svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(loc)}
		if _, err := svc.Month(ctx, calendar.Month{Year: 2026, Month: 10}, apiNow); err != nil {
			t.Fatal(err)
		}
		srv := httpapi.New(httpapi.Config{Store: st, Clients: func() (*auth.Clients, error) { return env.clients, nil },
			Compute: svc, Now: func() time.Time { return apiNow }})
		rt := adminRoutes[int(which)%len(adminRoutes)]
		req := httptest.NewRequest(rt.method, rt.path, bytes.NewReader(body))
		req.Header.Set(auth.HeaderClient, "centre")
		req.Header.Set(auth.HeaderTimestamp, ts)
		req.Header.Set(auth.HeaderSignature, auth.SignV2(secrets["centre"], auth.Message{Timestamp: ts, Method: rt.method, Target: rt.path, Body: body}))
		before := stateOf(t, st)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		env.conforms(t, rt.method+" "+rt.path, rec)
		after := stateOf(t, st)
		if rec.Code >= 300 {
			if !slices.Equal(before.Events, after.Events) || !slices.Equal(before.Versions, after.Versions) || !cmp.Equal(before.Units, after.Units) {
				t.Fatalf("HTTP %d changed the stored state: %s", rec.Code, rec.Body)
			}
			return
		}
		if !slices.Equal(before.Events, after.Events) {
			t.Fatalf("an admin route changed the events")
		}
		if rt.path == "/v1/admin/units" {
			var req httpapi.UnitsRequest
			if err := strictJSON(body, &req); err != nil {
				t.Fatalf("200 for a body that is not the request: %v", err)
			}
			var want []unit.Unit
			names := map[string]string{} // name or alias → unit id
			for _, u := range req.Units {
				if !unit.ValidID(u.ID) || u.Name == "" || !u.Group.Valid() {
					t.Fatalf("200 for unit %+v", u)
				}
				if id, taken := names[u.Name]; !taken {
					names[u.Name] = u.ID
				} else if slices.ContainsFunc(req.Units, func(o httpapi.UnitEntry) bool { return o.ID == id && slices.Contains(o.Aliases, u.Name) }) {
					t.Fatalf("200 for unit %+v, whose name is an alias of unit %s", u, id)
				}
				for _, alias := range u.Aliases {
					if id, taken := names[alias]; taken || alias == "" || strings.TrimSpace(alias) != alias {
						t.Fatalf("200 for unit %+v, alias %q (already a name of %q)", u, alias, id)
					}
					names[alias] = u.ID
				}
				var aliases []string
				if len(u.Aliases) > 0 {
					aliases = u.Aliases
				}
				want = append(want, unit.Unit{ID: u.ID, Name: u.Name, Group: u.Group, Aliases: aliases})
			}
			if !cmp.Equal(after.Units, want) || !slices.Equal(before.Versions, after.Versions) {
				t.Fatalf("the registry is %v, the body says %v", after.Units, want)
			}
			return
		}
		var p httpapi.PeriodRequest
		if err := strictJSON(body, &p); err != nil {
			t.Fatalf("200 for a body that is not the request: %v", err)
		}
		if keys := topKeys(body); len(keys) != 1 || (keys[0] != "month" && keys[0] != "year") {
			t.Fatalf("200 for a period body with the keys %q", keys)
		}
		var period string
		switch {
		case p.Month != "" && p.Year == "" && monthRE.MatchString(p.Month) && p.Month >= "2000-01" && p.Month <= "2026-11":
			period = p.Month
		case p.Year != "" && p.Month == "" && wholeYear(p.Year) >= 2000 && wholeYear(p.Year) <= 2026:
			period = strconv.Itoa(wholeYear(p.Year))
		default:
			t.Fatalf("200 for the period %+v (the clock: %s)", p, apiNow)
		}
		got := decodeJSON[httpapi.StoredVersion](t, rec)
		if got.Period != period {
			t.Fatalf("asked for %s, answered %s", period, got.Period)
		}
		if !cmp.Equal(before.Units, after.Units) {
			t.Fatalf("%s changed the registry", rt.path)
		}
		if rt.path == "/v1/admin/finalize" && (len(before.Versions) != len(after.Versions) || !got.Final) {
			t.Fatalf("finalize added a version or did not finalise: %+v", got)
		}
	})
}

// wholeYear is the year a JSON string of four digits or a JSON number
// of a whole value names, or -1.
func wholeYear(n json.Number) int {
	s := n.String()
	if yearRE.MatchString(s) {
		y, _ := strconv.Atoi(s)
		return y
	}
	f, err := n.Float64()
	if err != nil || f != float64(int(f)) {
		return -1
	}
	return int(f)
}

// topKeys lists the keys of a JSON object as written, repeats included.
func topKeys(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}

// asJSON is s as it reads after a trip through JSON, which writes each
// byte of invalid UTF-8 as U+FFFD.
func asJSON(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

// strictJSON decodes one JSON value into v as the admin routes document
// it: unknown fields are errors, and nothing may follow.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one value")
	}
	return nil
}

package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/unit"
)

// TestAdminAccess: every admin route wants a request signed by an admin
// client: unsigned or badly signed 401, another client 403.
func TestAdminAccess(t *testing.T) {
	ts := strconv.FormatInt(apiNow.Unix(), 10)
	for _, rt := range []struct{ method, path, body string }{
		{http.MethodPut, "/v1/admin/units", `{"units":[{"id":"a","name":"A","group":"department"}]}`},
		{http.MethodPost, "/v1/admin/recompute", `{"month":"2026-10"}`},
		{http.MethodPost, "/v1/admin/finalize", `{"month":"2026-10"}`},
	} {
		t.Run(rt.path, func(t *testing.T) {
			a := published(t)
			wantError(t, a.do(rt.method, rt.path, rt.body), http.StatusUnauthorized, httpapi.EUnauthorized, "")
			wantError(t, a.do(rt.method, rt.path, rt.body,
				auth.HeaderClient, "centre", auth.HeaderTimestamp, ts,
				auth.HeaderSignature, signV2("centre", ts, rt.method, rt.path, rt.body+" ")),
				http.StatusUnauthorized, httpapi.EUnauthorized, "")
			old := strconv.FormatInt(apiNow.Unix()-400, 10)
			wantError(t, a.do(rt.method, rt.path, rt.body,
				auth.HeaderClient, "centre", auth.HeaderTimestamp, old,
				auth.HeaderSignature, signV2("centre", old, rt.method, rt.path, rt.body)),
				http.StatusUnauthorized, httpapi.EUnauthorized, "")
			wantError(t, a.signed(rt.method, rt.path, "platform-12345", rt.body), http.StatusForbidden, httpapi.EForbidden, "")
			if got := decodeJSON[httpapi.StoredVersion](t, a.get("/v1/months/2026-10/units/"+a.reg.At(0).ID)); got.Final {
				t.Errorf("a refused request finalised the month")
			}
			rec := a.signed(rt.method, rt.path, "centre", rt.body)
			if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("admin client: HTTP %d, Cache-Control %q: %s", rec.Code, rec.Header().Get("Cache-Control"), rec.Body)
			}
		})
	}
}

func TestPutUnits(t *testing.T) {
	a := newAPI(t)
	body := `{"units":[{"id":"wenhualu","name":"文化路街道","group":"town_street"},{"id":"edu","name":"区教体局","group":"department"}]}`
	rec := a.signed(http.MethodPut, "/v1/admin/units", "centre", body)
	if rec.Code != http.StatusOK || rec.Body.String() != "{\"units\":2}\n" {
		t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
	}
	want := []unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}, {ID: "edu", Name: "区教体局", Group: unit.Department}}
	if diff := cmp.Diff(httpapi.Units{Units: want}, decodeJSON[httpapi.Units](t, a.get("/v1/units"))); diff != "" {
		t.Errorf("GET /v1/units after the PUT (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		name, body, field, says string
	}{
		{"no unit", `{"units":[]}`, "units", "at least one"},
		{"duplicate id", `{"units":[{"id":"a","name":"A","group":"department"},{"id":"a","name":"B","group":"department"}]}`, "units", `units[1]: duplicate id "a"`},
		{"bad group and bad id", `{"units":[{"id":"a","name":"A","group":"street"},{"id":"b c","name":"B","group":"department"}]}`, "units", `units[0]: unit a: group "street" must be town_street or department; units[1]: id "b c"`},
		{"no name", `{"units":[{"id":"a","group":"department"}]}`, "units", "name is required"},
		{"unknown field", `{"units":[{"id":"a","name":"A","group":"department","phone":"1"}]}`, "phone", "unknown field"},
		{"the unit file's key", `{"units":[{"unit_id":"a","name":"A","group":"department"}]}`, "unit_id", "unknown field"},
		{"wrong type", `{"units":{"id":"a"}}`, "units", "array"},
		{"not JSON", `{"units":`, "", "not a valid JSON"},
		{"two values", `{"units":[{"id":"a","name":"A","group":"department"}]} {}`, "", "more than one"},
		{"an alias that is another unit's name", `{"units":[{"id":"a","name":"甲","group":"department"},{"id":"b","name":"乙","group":"department","aliases":["甲"]}]}`, "units", `units[1]: alias "甲" of unit b is already a name of unit a`},
		{"an empty alias", `{"units":[{"id":"a","name":"甲","group":"department","aliases":[""]}]}`, "units", "units[0]: unit a: aliases[0] is empty"},
		{"an alias of null", `{"units":[{"id":"a","name":"甲","group":"department","aliases":[null]}]}`, "units", "units[0]: unit a: aliases[0] is empty"},
		{"aliases not a list", `{"units":[{"id":"a","name":"甲","group":"department","aliases":"乙"}]}`, "units.aliases", "array"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := a.signed(http.MethodPut, "/v1/admin/units", "centre", c.body)
			wantError(t, rec, http.StatusBadRequest, httpapi.EInvalid, c.field)
			if e := errorOf(t, rec); !strings.Contains(e.Message, c.says) {
				t.Errorf("message %q does not say %q", e.Message, c.says)
			}
		})
	}
	if units, _ := a.store.Units(context.Background()); len(units) != 2 {
		t.Errorf("refused PUTs changed the registry: %d units", len(units))
	}
}

// TestPutUnitsAliases: the registry's aliases (issue 15) are stored as sent
// and GET /v1/units gives them, with no key for a unit without any (an
// empty list included).
func TestPutUnitsAliases(t *testing.T) {
	a := newAPI(t)
	body := `{"units":[{"id":"gonganju","name":"区公安分局","group":"department","aliases":["公安分局","市中区公安分局"]},` +
		`{"id":"wenhualu","name":"文化路街道","group":"town_street","aliases":[]},{"id":"edu","name":"区教体局","group":"department","aliases":null}]}`
	if rec := a.signed(http.MethodPut, "/v1/admin/units", "centre", body); rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
	}
	want := []unit.Unit{{ID: "gonganju", Name: "区公安分局", Group: unit.Department, Aliases: []string{"公安分局", "市中区公安分局"}},
		{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}, {ID: "edu", Name: "区教体局", Group: unit.Department}}
	if got, err := a.store.Units(context.Background()); err != nil || !cmp.Equal(want, got) {
		t.Errorf("stored %+v, %v; want %+v", got, err, want)
	}
	rec := a.get("/v1/units")
	if diff := cmp.Diff(httpapi.Units{Units: want}, decodeJSON[httpapi.Units](t, rec)); diff != "" {
		t.Errorf("GET /v1/units (-want +got):\n%s", diff)
	}
	if n := strings.Count(rec.Body.String(), `"aliases"`); n != 1 {
		t.Errorf("GET /v1/units has %d aliases keys, want 1 (none for a unit without aliases): %s", n, rec.Body)
	}
}

func TestRecomputeRefused(t *testing.T) {
	a := newAPI(t)
	for _, c := range []struct{ body, field string }{
		{`{}`, "month"},
		{`{"month":"2026-10","year":"2026"}`, "year"},
		{`{"month":"2026/10"}`, "month"},
		{`{"year":"twenty"}`, ""},
		{`{"year":"26"}`, "year"},
		{`{"period":"2026-10"}`, "period"},
	} {
		wantError(t, a.signed(http.MethodPost, "/v1/admin/recompute", "centre", c.body), http.StatusBadRequest, httpapi.EInvalid, c.field)
		wantError(t, a.signed(http.MethodPost, "/v1/admin/finalize", "centre", c.body), http.StatusBadRequest, httpapi.EInvalid, c.field)
	}
	noUnits := newAPIOver(t, memstore.New(shanghai(t)), a.reg)
	wantError(t, noUnits.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`), http.StatusConflict, httpapi.EConflict, "")
	noCompute := newAPIOver(t, a.store, a.reg, withoutCompute)
	wantError(t, noCompute.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`), http.StatusServiceUnavailable, httpapi.EUnavailable, "")
}

func TestRecomputeYear(t *testing.T) {
	a := newAPI(t)
	a.computeMonths(t, "2026-08", "2026-09", "2026-10")
	for _, body := range []string{`{"year":"2026"}`, `{"year":2026}`} {
		rec := a.signed(http.MethodPost, "/v1/admin/recompute", "centre", body)
		if got := decodeJSON[httpapi.StoredVersion](t, rec); rec.Code != http.StatusOK || got.Period != "2026" || got.Version != 1 {
			t.Errorf("%s: HTTP %d %+v", body, rec.Code, got)
		}
	}
	if rec := a.get("/v1/years/2026/ranking"); rec.Code != http.StatusOK || rec.Header().Get("X-Hotline-Version") != "1" {
		t.Errorf("the year after its recompute: HTTP %d", rec.Code)
	}
}

// TestFinalizeRefused: finalising a period of which no version is stored
// conflicts with the store's state (409, docs/openapi.yaml), as recomputing
// without a unit registry does (issue 11, item 6: one answer for "nothing
// stored to act on"); finalising twice is no error.
func TestFinalizeRefused(t *testing.T) {
	a := newAPI(t)
	wantError(t, a.signed(http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-10"}`), http.StatusConflict, httpapi.EConflict, "")
	a.computeMonths(t, "2026-10")
	for range 2 { // finalising twice is no error
		rec := a.signed(http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-10"}`)
		if got := decodeJSON[httpapi.StoredVersion](t, rec); rec.Code != http.StatusOK || !got.Final {
			t.Errorf("HTTP %d %+v", rec.Code, got)
		}
	}
}

// TestPeriodBodyStrict: issue 10, D8, and docs/openapi.yaml
// (PeriodRequest). The body of recompute and finalize is read as strictly
// as an event (SPEC §3): a key of another name or case, a key given twice
// (it was last-wins), a value of another type or null is a 400 naming the
// key; the period is in the years 2000–2099 (SPEC v1.1 §3: no instant
// outside them can be stored) and not after the current month or year of
// the server's clock in the policy zone (Asia/Shanghai): `0000-01` to
// `9999-12` were all accepted, and a future month was computed and listed
// in /v1/months; `{"year":"0000"}` answered encoding/json's message with
// no field. Every refusal names its field, and none changes anything.
func TestPeriodBodyStrict(t *testing.T) {
	a, now := securityAPI(t) // its clock: 2026-11-05 09:00 Beijing time
	before := stateOf(t, a.store)
	for _, c := range []struct{ body, field, says string }{
		{`{"month":"0000-01"}`, "month", "2000 to 2099"},
		{`{"month":"1999-12"}`, "month", "2000 to 2099"},
		{`{"month":"9999-12"}`, "month", "2000 to 2099"},
		{`{"month":"2100-01"}`, "month", "2000 to 2099"},
		{`{"month":"2026-12"}`, "month", "after the current month 2026-11"},
		{`{"month":"2027-01"}`, "month", "after the current month"},
		{`{"month":"2026-1"}`, "month", "YYYY-MM"},
		{`{"year":"0000"}`, "year", "2000 to 2099"},
		{`{"year":"1999"}`, "year", "2000 to 2099"},
		{`{"year":2100}`, "year", "2000 to 2099"},
		{`{"year":"2027"}`, "year", "after the current year 2026"},
		{`{"year":2026.5}`, "year", "YYYY"},
		{`{"year":"2026.0"}`, "year", "YYYY"},
		{`{"year":"+202"}`, "year", "YYYY"},
		{`{"month":"2026-10","month":"2026-09"}`, "month", "twice"},
		{`{"year":"2026","year":"2025"}`, "year", "twice"},
		{`{"Month":"2026-10"}`, "Month", "unknown field"},
		{`{"month":"2026-10","note":"x"}`, "note", "unknown field"},
		{`{"month":202610}`, "month", "string"},
		{`{"month":null}`, "month", "string"},
		{`{"year":null}`, "year", "string or number"},
		{`{"year":true}`, "year", "string or number"},
		{`{"month":"2026-10","year":"2026"}`, "year", "not both"},
		{`{}`, "month", "give the period"},
	} {
		for _, path := range []string{"/v1/admin/recompute", "/v1/admin/finalize"} {
			rec := a.signed(http.MethodPost, path, "centre", c.body)
			wantError(t, rec, http.StatusBadRequest, httpapi.EInvalid, c.field)
			if rec.Code == http.StatusBadRequest {
				if e := errorOf(t, rec); e.Field == "" || !strings.Contains(e.Message, c.says) {
					t.Errorf("%s %s: %+v, want field %q and a message saying %q", path, c.body, e, c.field, c.says)
				}
			}
		}
	}
	unchanged(t, a.store, before, "a refused period")
	for _, p := range decodeJSON[httpapi.Months](t, a.get("/v1/months")).Periods {
		if p.Period > "2026-11" && p.Period != "2026" {
			t.Errorf("/v1/months lists %s, after the current month", p.Period)
		}
	}

	// The current month is the policy zone's: at 00:30 on 1 November in
	// Beijing (still October in UTC), November may be computed; at 23:30
	// on 31 October it may not.
	*now = time.Date(2026, 11, 1, 0, 30, 0, 0, shanghai(t))
	if rec := a.signedAt(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-11"}`, *now); rec.Code != http.StatusOK {
		t.Errorf("November at 00:30 on 1 November, Beijing time: HTTP %d %s", rec.Code, rec.Body)
	}
	*now = time.Date(2026, 10, 31, 23, 30, 0, 0, shanghai(t))
	wantError(t, a.signedAt(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-11"}`, *now), http.StatusBadRequest, httpapi.EInvalid, "month")
	for _, body := range []string{`{"month":"2026-10"}`, `{"year":"2026"}`, `{"year":2026}`, `{"year":2026.0}`, `{"year":2.026e3}`} {
		if rec := a.signedAt(http.MethodPost, "/v1/admin/recompute", "centre", body, *now); rec.Code != http.StatusOK {
			t.Errorf("%s, the current month or year: HTTP %d %s", body, rec.Code, rec.Body)
		}
	}
}

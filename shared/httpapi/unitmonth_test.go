package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/score"
)

// TestUnitMonth: a unit's month is its object of the stored body, with its
// deductions, and the version it comes from.
func TestUnitMonth(t *testing.T) {
	a := published(t)
	stored := a.stored(t, "2026-10", 0)
	var body struct{ Units []json.RawMessage }
	if err := json.Unmarshal(stored.Body, &body); err != nil {
		t.Fatal(err)
	}
	deductions := 0
	for _, raw := range body.Units {
		var u score.UnitResult
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatal(err)
		}
		rec := a.get("/v1/months/2026-10/units/" + u.UnitID)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: HTTP %d: %s", u.UnitID, rec.Code, rec.Body)
		}
		got := decodeJSON[httpapi.UnitMonth](t, rec)
		if got.Period != "2026-10" || got.Policy != stored.Policy || got.Version != 1 || got.Final {
			t.Errorf("%s: header %+v", u.UnitID, got)
		}
		var want bytes.Buffer
		if err := json.Compact(&want, raw); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.String(), string(got.Unit)); diff != "" {
			t.Errorf("%s: unit (-stored +got):\n%s", u.UnitID, diff)
		}
		deductions += len(u.Deductions)
		if tag := rec.Header().Get("ETag"); tag != `"2026-10-v1-`+stored.Fingerprint[:16]+"-unit-"+u.UnitID+`"` {
			t.Errorf("%s: ETag %s", u.UnitID, tag)
		}
	}
	if deductions == 0 {
		t.Errorf("no unit of the district has a deduction: not a test of them")
	}
}

func TestUnitMonthRefused(t *testing.T) {
	a := published(t)
	id := a.reg.At(0).ID
	for _, c := range []struct {
		path   string
		status int
		code   string
		field  string
	}{
		{"/v1/months/2026-10/units/nobody", 404, httpapi.ENotFound, "unit"},
		{"/v1/months/2026-10/units/" + "bad%20id", 400, httpapi.EInvalid, "unit"},
		{"/v1/months/2025-10/units/" + id, 404, httpapi.ENotFound, ""},
		{"/v1/months/2026-10/units/" + id + "?version=5", 404, httpapi.ENotFound, ""},
		{"/v1/months/10-2026/units/" + id, 400, httpapi.EInvalid, "month"},
		{"/v1/months/2026-10/units/" + id + "?limit=0", 400, httpapi.EInvalid, "limit"},
		{"/v1/months/2026-10/units/" + id + "?limit=1001", 400, httpapi.EInvalid, "limit"},
		{"/v1/months/2026-10/units/" + id + "?limit=ten", 400, httpapi.EInvalid, "limit"},
		{"/v1/months/2026-10/units/" + id + "?cursor=20", 400, httpapi.EInvalid, "cursor"},
		{"/v1/months/2026-10/units/" + id + "?cursor=v1.0", 400, httpapi.EInvalid, "cursor"},
		{"/v1/months/2026-10/units/" + id + "?cursor=v01.5", 400, httpapi.EInvalid, "cursor"},
		{"/v1/months/2026-10/units/" + id + "?cursor=v1.999999", 400, httpapi.EInvalid, "cursor"},
		{"/v1/months/2026-10/units/" + id + "?cursor=v2.5&version=1", 400, httpapi.EInvalid, "cursor"},
		{"/v1/months/2026-10/units/" + id + "?cursor=v2.5", 404, httpapi.ENotFound, ""},
	} {
		t.Run(c.path, func(t *testing.T) {
			wantError(t, a.get(c.path), c.status, c.code, c.field)
		})
	}
}

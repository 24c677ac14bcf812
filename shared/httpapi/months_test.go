package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpapi"
)

func TestMonths(t *testing.T) {
	a := newAPI(t)
	rec := a.get("/v1/months")
	if rec.Code != http.StatusOK || rec.Body.String() != "{\"periods\":[]}\n" {
		t.Errorf("nothing published: HTTP %d %s", rec.Code, rec.Body)
	}
	a.computeMonths(t, "2026-09", "2026-10")
	a.signed(http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-09"}`)
	a.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"year":2026}`)

	rec = a.get("/v1/months")
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("HTTP %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	got := decodeJSON[httpapi.Months](t, rec)
	var want httpapi.Months
	for _, period := range []string{"2026-10", "2026-09", "2026"} {
		r := a.stored(t, period, 0)
		kind := "month"
		if period == "2026" {
			kind = "year"
		}
		want.Periods = append(want.Periods, httpapi.Period{
			Period: period, Kind: kind, Latest: 1, Final: r.Final,
			Versions: []httpapi.Version{{Version: 1, ComputedAt: r.ComputedAt, Policy: r.Policy, Fingerprint: r.Fingerprint, Final: r.Final}},
		})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("months (-want +got):\n%s", diff)
	}
	if !got.Periods[1].Final || got.Periods[0].Final {
		t.Errorf("final flags: %+v", got.Periods)
	}
	if !got.Periods[0].Versions[0].ComputedAt.Equal(apiNow) || got.Periods[0].Versions[0].ComputedAt.Location() != time.UTC {
		t.Errorf("computed_at %v, want %v in UTC", got.Periods[0].Versions[0].ComputedAt, apiNow)
	}
}

// TestMonthsVersions: newest version first, latest and final of the newest.
func TestMonthsVersions(t *testing.T) {
	a := published(t)
	a.signed(http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-10"}`)
	lateCriticism(t, a, "late-v2")
	if rec := a.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`); rec.Code != http.StatusOK {
		t.Fatalf("recompute: HTTP %d %s", rec.Code, rec.Body)
	}
	got := decodeJSON[httpapi.Months](t, a.get("/v1/months"))
	oct := got.Periods[0]
	if oct.Period != "2026-10" || oct.Latest != 2 || oct.Final || len(oct.Versions) != 2 ||
		oct.Versions[0].Version != 2 || oct.Versions[0].Final || oct.Versions[1].Version != 1 || !oct.Versions[1].Final {
		t.Errorf("2026-10 after a final v1 and a recompute: %+v", oct)
	}
	// The final version 1 stays readable, and may be cached as final.
	rec := a.get("/v1/months/2026-10/ranking?version=1")
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("final v1: HTTP %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	if rec := a.get("/v1/months/2026-10/ranking"); rec.Header().Get("Cache-Control") != "public, max-age=60" {
		t.Errorf("provisional v2: Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
}

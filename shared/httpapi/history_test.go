package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// TestHistory: a unit's months, oldest first, from the latest version of
// every stored month, equal to its rows of the stored bodies; the year is
// not a month.
func TestHistory(t *testing.T) {
	a := published(t)
	lateCriticism(t, a, "late-history")
	a.computeMonths(t, "2026-10") // version 2 of October, stored elsewhere
	a.srv = newAPIOver(t, a.store, a.reg).srv

	escalated := 0
	for i := range a.reg.Len() {
		u := a.reg.At(i)
		rec := a.get("/v1/units/" + u.ID + "/history")
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("%s: HTTP %d %s", u.ID, rec.Code, rec.Body)
		}
		got := decodeJSON[httpapi.History](t, rec)
		want := httpapi.History{UnitID: u.ID, Name: u.Name, Group: u.Group}
		for _, period := range []string{"2026-08", "2026-09", "2026-10"} {
			stored := a.stored(t, period, 0)
			var r score.Result
			if err := json.Unmarshal(stored.Body, &r); err != nil {
				t.Fatal(err)
			}
			for _, x := range r.Units {
				if x.UnitID == u.ID {
					want.Months = append(want.Months, httpapi.HistoryMonth{
						Period: period, Version: stored.Version, Assessed: x.Assessed, Rank: x.Rank,
						Total: x.Total, Grade: x.Grade, Bottom: x.Bottom, Escalation: x.Escalation,
					})
					if x.Escalation != nil {
						escalated++
					}
				}
			}
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b score.Points) bool { return a.Equal(b.Decimal) })); diff != "" {
			t.Errorf("%s (-want +got):\n%s", u.ID, diff)
		}
		if got.Months[2].Version != 2 {
			t.Errorf("%s: October from version %d, want the latest, 2", u.ID, got.Months[2].Version)
		}
	}
	if escalated == 0 {
		t.Errorf("no escalation in the district: not a test of them")
	}
}

func TestHistoryRefused(t *testing.T) {
	a := published(t)
	wantError(t, a.get("/v1/units/nobody/history"), http.StatusNotFound, httpapi.ENotFound, "unit")
	wantError(t, a.get("/v1/units/b%C3%A4d/history"), http.StatusBadRequest, httpapi.EInvalid, "unit")
}

// TestHistoryWithoutMonths: a unit of the registry with no published month
// has an empty history; without a registry it is not found.
func TestHistoryWithoutMonths(t *testing.T) {
	a := newAPI(t)
	u := a.reg.At(3)
	got := decodeJSON[httpapi.History](t, a.get("/v1/units/"+u.ID+"/history"))
	if got.UnitID != u.ID || got.Name != u.Name || got.Group != u.Group || got.Months == nil || len(got.Months) != 0 {
		t.Errorf("history before any month: %+v", got)
	}
	empty := newAPIOver(t, memstore.New(shanghai(t)), a.reg)
	wantError(t, empty.get("/v1/units/"+u.ID+"/history"), http.StatusNotFound, httpapi.ENotFound, "unit")
}

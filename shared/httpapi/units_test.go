package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store/memstore"
)

func TestUnits(t *testing.T) {
	a := newAPI(t)
	rec := a.get("/v1/units")
	if rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
	}
	if diff := cmp.Diff(httpapi.Units{Units: a.reg.Units()}, decodeJSON[httpapi.Units](t, rec)); diff != "" {
		t.Errorf("units (-registry +got):\n%s", diff)
	}
	empty := newAPIOver(t, memstore.New(shanghai(t)), a.reg)
	wantError(t, empty.get("/v1/units"), http.StatusNotFound, httpapi.ENotFound, "")
}

package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// TestWriteError: the one mapping of the API's errors (errors.go, codes).
// Each fault code answers its status with the API code of the same name and
// the fault's message; an error without a code, and an internal fault,
// answer 500 "internal error" whatever their text; an *Error answers itself;
// unavailable carries Retry-After; no error answer is cached.
func TestWriteError(t *testing.T) {
	for _, c := range []struct {
		name   string
		err    error
		status int
		want   Error
	}{
		{"invalid", fault.New(fault.Invalid, "--month is wrong"), http.StatusBadRequest, Error{Code: EInvalid, Message: "--month is wrong"}},
		{"not found, wrapped by the store", fmt.Errorf("units: %w", store.ErrNotFound), http.StatusNotFound, Error{Code: ENotFound, Message: "not found"}},
		{"conflict over not found", fault.Wrap(fault.Conflict, store.ErrNotFound, "recompute it first"), http.StatusConflict, Error{Code: EConflict, Message: "recompute it first"}},
		{"unauthorized", fault.New(fault.Unauthorized, "bad signature"), http.StatusUnauthorized, Error{Code: EUnauthorized, Message: "bad signature"}},
		{"forbidden", fault.New(fault.Forbidden, "not an admin"), http.StatusForbidden, Error{Code: EForbidden, Message: "not an admin"}},
		{"unavailable", fault.Wrap(fault.Unavailable, errors.New("dial tcp: refused"), "try again"), http.StatusServiceUnavailable, Error{Code: EUnavailable, Message: "try again"}},
		{"internal", fault.New(fault.Internal, "nil map"), http.StatusInternalServerError, Error{Code: EInternal, Message: "internal error"}},
		{"no code", errors.New("table hotline: secret detail"), http.StatusInternalServerError, Error{Code: EInternal, Message: "internal error"}},
		{"an API error", &Error{Code: ETooLarge, Message: "over 1 MB"}, http.StatusRequestEntityTooLarge, Error{Code: ETooLarge, Message: "over 1 MB"}},
		{"an API error with a field, wrapped", fmt.Errorf("read: %w", &Error{Code: EInvalid, Field: "month", Message: "m"}), http.StatusBadRequest, Error{Code: EInvalid, Field: "month", Message: "m"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeError(rec, c.err)
			if rec.Code != c.status {
				t.Errorf("HTTP %d, want %d", rec.Code, c.status)
			}
			var body struct{ Error Error }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, body.Error); diff != "" {
				t.Errorf("error body (-want +got):\n%s", diff)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
			if got, want := rec.Header().Get("Retry-After") != "", c.status == http.StatusServiceUnavailable; got != want {
				t.Errorf("Retry-After set: %t, want %t", got, want)
			}
		})
	}
}

// TestEveryFaultHasACode: each code of the vocabulary has its row in the
// table, so no fault falls through to 500 by omission.
func TestEveryFaultHasACode(t *testing.T) {
	for _, f := range fault.Codes() {
		n := 0
		for _, c := range codes {
			if c.fault == f {
				n++
			}
		}
		if n != 1 {
			t.Errorf("fault %q has %d rows in the table, want 1", f, n)
		}
	}
}

package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/account"
)

// TestRequireRole: SPEC §11, what an account may do depends on its role:
// requireRole lets through the roles named, and refuses the others 403
// `forbidden` without calling the route.
func TestRequireRole(t *testing.T) {
	for _, c := range []struct {
		roles  []account.Role
		role   account.Role
		passes bool
	}{
		{[]account.Role{account.Centre}, account.Centre, true},
		{[]account.Role{account.Centre}, account.Unit, false},
		{[]account.Role{account.Centre}, account.Admin, false},
		{[]account.Role{account.Admin, account.Centre}, account.Admin, true},
		{[]account.Role{account.Unit}, account.Unit, true},
		{nil, account.Admin, false},
	} {
		called := false
		h := requireRole(c.roles...)(func(w http.ResponseWriter, r *http.Request, p person) {
			called = true
			w.WriteHeader(http.StatusNoContent)
		})
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest(http.MethodPost, "/v1/x", nil), person{account: account.Account{ID: "a", Role: c.role}})
		if called != c.passes || (c.passes && rec.Code != http.StatusNoContent) || (!c.passes && rec.Code != http.StatusForbidden) {
			t.Errorf("%v, a %s account: called %t, HTTP %d %s", c.roles, c.role, called, rec.Code, rec.Body)
		}
	}
}

// TestFailureLimitBound: the limiter of sign-ins holds at most
// maxLimitKeys keys, dropping first the keys whose failures are outside
// the window, then the one failed longest ago; a key held keeps counting.
func TestFailureLimitBound(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	l := newFailureLimit(2, time.Minute)
	l.fail("held", t0)
	l.fail("held", t0)
	for i := range maxLimitKeys - 1 {
		l.fail("old-"+strconv.Itoa(i), t0.Add(-time.Minute)) // already outside the window at t0
	}
	if len(l.failures) != maxLimitKeys {
		t.Fatalf("%d keys", len(l.failures))
	}
	l.fail("new", t0)
	if len(l.failures) != 2 || l.wait("held", t0) != time.Minute {
		t.Errorf("after a sweep: %d keys, held waits %v", len(l.failures), l.wait("held", t0))
	}
	// Every key within the window: the keys failed longest ago ("held"
	// and "new", at t0) make room for the last two fresh ones, at t0+1s.
	for i := range maxLimitKeys {
		l.fail("fresh-"+strconv.Itoa(i), t0.Add(time.Second))
	}
	if len(l.failures) != maxLimitKeys {
		t.Errorf("%d keys, want %d", len(l.failures), maxLimitKeys)
	}
	_, held := l.failures["held"]
	_, last := l.failures["fresh-"+strconv.Itoa(maxLimitKeys-1)]
	if held || !last {
		t.Errorf("held kept %t, the last fresh key kept %t", held, last)
	}
}

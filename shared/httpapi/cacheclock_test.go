package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/httpapi"
)

// TestCacheAgesByTheClock: the list of versions ages by the server's clock
// (Config.Now, read once per request at the edge and passed to the cache):
// it is trusted while younger than LatestTTL and read again once the clock
// has moved the TTL on (cache.go, versions); a clock set back keeps it.
func TestCacheAgesByTheClock(t *testing.T) {
	a := published(t)
	st := &counting{Store: a.store}
	now := apiNow
	srv := httpapi.New(httpapi.Config{Store: st, LatestTTL: time.Minute, Now: func() time.Time { return now }})
	for _, c := range []struct {
		name    string
		advance time.Duration
		lists   int64
	}{
		{"first request", 0, 1},
		{"at once again", 0, 1},
		{"59 s later", 59 * time.Second, 1},
		{"the TTL later", time.Second, 2},
		{"at once after the second read", 0, 2},
		{"a clock set back", -time.Hour, 2},
		{"the TTL after the second read", time.Hour + time.Minute, 3},
	} {
		now = now.Add(c.advance)
		if rec := httptestGet(srv, "/v1/months/2026-10/ranking"); rec.Code != http.StatusOK {
			t.Fatalf("%s: HTTP %d", c.name, rec.Code)
		}
		if got := st.lists.Load(); got != c.lists {
			t.Errorf("%s: the list read %d times, want %d", c.name, got, c.lists)
		}
	}
}

// TestCacheIgnoresTheWallClock: with the server's clock stopped, the list
// stays fresh however long the wall clock runs, even past a 1 ms TTL: the
// cache reads no clock of its own.
func TestCacheIgnoresTheWallClock(t *testing.T) {
	a := published(t)
	st := &counting{Store: a.store}
	srv := httpapi.New(httpapi.Config{Store: st, LatestTTL: time.Millisecond, Now: func() time.Time { return apiNow }})
	for i := range 3 {
		if rec := httptestGet(srv, "/v1/months"); rec.Code != http.StatusOK {
			t.Fatalf("GET %d: HTTP %d", i, rec.Code)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := st.lists.Load(); got != 1 {
		t.Errorf("the list read %d times under a stopped clock, want 1", got)
	}
}

package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// counting is a store that counts its reads of results and can fail them.
type counting struct {
	*memstore.Store
	lists, bodies atomic.Int64
	fail          atomic.Bool
}

func (c *counting) Results(ctx context.Context) ([]store.Result, error) {
	c.lists.Add(1)
	if c.fail.Load() {
		return nil, errors.New("injected failure")
	}
	return c.Store.Results(ctx)
}

func (c *counting) Result(ctx context.Context, period string, v int) (store.Result, error) {
	c.bodies.Add(1)
	if c.fail.Load() {
		return store.Result{}, errors.New("injected failure")
	}
	return c.Store.Result(ctx, period, v)
}

// TestCacheReadsTheStoreOnce: many GETs of a ranking read its body once and
// the list of versions once per TTL.
func TestCacheReadsTheStoreOnce(t *testing.T) {
	a := published(t)
	st := &counting{Store: a.store}
	srv := httpapi.New(httpapi.Config{Store: st, LatestTTL: time.Hour})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				rec := httptestGet(srv, "/v1/months/2026-10/ranking?group=town_street")
				if rec.Code != http.StatusOK {
					t.Errorf("HTTP %d", rec.Code)
				}
			}
		})
	}
	wg.Wait()
	if st.lists.Load() != 1 || st.bodies.Load() != 1 {
		t.Errorf("400 GETs read the list %d times and the body %d times, want 1 and 1", st.lists.Load(), st.bodies.Load())
	}
}

// TestStoreFailure: a store that fails answers 503 with Retry-After.
func TestStoreFailure(t *testing.T) {
	a := published(t)
	st := &counting{Store: a.store}
	st.fail.Store(true)
	srv := httpapi.New(httpapi.Config{Store: st})
	for _, path := range []string{"/v1/months", "/v1/months/2026-10/ranking", "/v1/years/2026/ranking", "/v1/months/2026-10/units/" + a.reg.At(0).ID, "/v1/units/" + a.reg.At(0).ID + "/history"} {
		rec := httptestGet(srv, path)
		wantError(t, rec, http.StatusServiceUnavailable, httpapi.EUnavailable, "")
		if rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s: 503 without Retry-After", path)
		}
	}
}

// TestReadsDuringRecomputes: GETs while versions are made and finalised
// always answer a whole version, its body equal to the stored one (run
// with -race).
func TestReadsDuringRecomputes(t *testing.T) {
	a := published(t, withTTL(time.Millisecond))
	var wg sync.WaitGroup
	done := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				rec := a.get("/v1/months/2026-10/ranking")
				v, _ := strconv.Atoi(rec.Header().Get("X-Hotline-Version"))
				if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), a.stored(t, "2026-10", v).Body) {
					t.Errorf("HTTP %d, version %d: not the stored body", rec.Code, v)
					return
				}
				a.get("/v1/units/" + a.reg.At(0).ID + "/history")
				a.get("/v1/months")
			}
		})
	}
	for i := range 3 {
		lateCriticism(t, a, "late-"+strconv.Itoa(i))
		if rec := a.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`); rec.Code != http.StatusOK {
			t.Errorf("recompute: HTTP %d", rec.Code)
		}
		a.signed(http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-10"}`)
	}
	close(done)
	wg.Wait()
	if v := a.get("/v1/months/2026-10/ranking").Header().Get("X-Hotline-Version"); v != "4" {
		t.Errorf("after three recomputes: version %s, want 4", v)
	}
}

// TestStaleOnStoreFailure: when the store fails after the TTL, the list of
// versions held is served still.
func TestStaleOnStoreFailure(t *testing.T) {
	a := published(t)
	st := &counting{Store: a.store}
	srv := httpapi.New(httpapi.Config{Store: st, LatestTTL: time.Millisecond})
	if rec := httptestGet(srv, "/v1/months/2026-10/ranking"); rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d", rec.Code)
	}
	st.fail.Store(true)
	time.Sleep(2 * time.Millisecond)
	if rec := httptestGet(srv, "/v1/months/2026-10/ranking"); rec.Code != http.StatusOK {
		t.Errorf("a cached ranking while the store fails: HTTP %d", rec.Code)
	}
	if st.lists.Load() < 2 {
		t.Errorf("the list was not read again after the TTL")
	}
}

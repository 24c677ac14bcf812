package httpapi

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/shizhong/hotline/shared/store"
)

// maxPublished is how many stored versions the cache holds at most; older
// versions that are no period's latest are dropped first.
const maxPublished = 128

// cache keeps what the public routes serve in memory, so that a ranking GET
// costs a map lookup and a write: the list of stored versions (store.Results,
// asked again after the TTL or at once after a change made through this
// server), and the bodies of the versions asked for, by (period, version).
// A stored version never changes but for its final flag, which is read from
// the list, so a body once loaded stays valid.
type cache struct {
	store store.Store
	ttl   time.Duration
	dir   string // Config.BodyDir

	mu        sync.RWMutex
	index     *index // nil before the first read and after a change
	gen       uint64 // counts the changes, so that a read begun before one is not kept
	published map[resultKey]*published

	indexes flight[*index]
	bodies  flight[*published]
}

type resultKey struct {
	period  string
	version int
}

func newCache(st store.Store, ttl time.Duration, dir string) *cache {
	return &cache{store: st, ttl: ttl, dir: dir, published: map[resultKey]*published{}}
}

// index is the list of stored versions at one moment.
type index struct {
	read     time.Time
	results  []store.Result            // newest period first, newest version first; no bodies
	byPeriod map[string][]store.Result // newest version first
}

func newIndex(results []store.Result, read time.Time) *index {
	ix := &index{read: read, results: results, byPeriod: map[string][]store.Result{}}
	for _, r := range results {
		ix.byPeriod[r.Period] = append(ix.byPeriod[r.Period], r)
	}
	return ix
}

// version returns version v of period, or its latest when v is 0.
func (ix *index) version(period string, v int) (store.Result, bool) {
	vs := ix.byPeriod[period]
	if len(vs) == 0 {
		return store.Result{}, false
	}
	if v == 0 {
		return vs[0], true
	}
	for _, r := range vs {
		if r.Version == v {
			return r, true
		}
	}
	return store.Result{}, false
}

// versions returns the list of stored versions as of now (the request's
// time, read at the edge), read from the store when the one held is older
// than the TTL or was invalidated. When the store fails, a list held past
// its TTL is used still.
func (c *cache) versions(ctx context.Context, now time.Time) (*index, error) {
	c.mu.RLock()
	ix, gen := c.index, c.gen
	c.mu.RUnlock()
	if ix != nil && now.Sub(ix.read) < c.ttl {
		return ix, nil
	}
	fresh, err := c.indexes.do(ctx, strconv.FormatUint(gen, 10), func() (*index, error) {
		c.mu.RLock()
		ix := c.index
		c.mu.RUnlock()
		if ix != nil && now.Sub(ix.read) < c.ttl {
			return ix, nil // read by a load that ended after our look
		}
		list, err := c.store.Results(context.WithoutCancel(ctx))
		if err != nil {
			return nil, fmt.Errorf("list the stored results: %w", err)
		}
		ix = newIndex(list, now)
		c.mu.Lock()
		if c.gen == gen {
			c.index = ix
		}
		c.mu.Unlock()
		return ix, nil
	})
	if err != nil && ix != nil {
		return ix, nil // the store failed: the list held, though old, is still true but for new versions
	}
	return fresh, err
}

// body returns the stored version h (a row of the index), loading its body
// from the store on first use.
func (c *cache) body(ctx context.Context, h store.Result) (*published, error) {
	key := resultKey{h.Period, h.Version}
	c.mu.RLock()
	p := c.published[key]
	c.mu.RUnlock()
	if p != nil {
		return p, nil
	}
	return c.bodies.do(ctx, h.Period+"/"+strconv.Itoa(h.Version), func() (*published, error) {
		c.mu.RLock()
		p := c.published[key]
		c.mu.RUnlock()
		if p != nil {
			return p, nil // loaded by a load that ended after our look
		}
		res, err := c.store.Result(context.WithoutCancel(ctx), h.Period, h.Version)
		if err != nil {
			return nil, fmt.Errorf("read %s v%d: %w", h.Period, h.Version, err)
		}
		p = newPublished(res, c.dir)
		c.mu.Lock()
		gone := c.evict()
		c.published[key] = p
		c.mu.Unlock()
		if gone != nil {
			gone.files.remove()
		}
		return p, nil
	})
}

// evict makes room for one more version: a version that is no period's
// latest goes first. It returns the version dropped, if any, whose body
// files the caller removes once it has let go of c.mu, which it holds.
func (c *cache) evict() *published {
	if len(c.published) < maxPublished {
		return nil
	}
	var victim resultKey
	for k := range c.published {
		victim = k
		if latest, ok := c.latest(k.period); !ok || latest != k.version {
			break
		}
	}
	p := c.published[victim]
	delete(c.published, victim)
	return p
}

// latest is the latest version of period in the index held, if any.
func (c *cache) latest(period string) (int, bool) {
	if c.index == nil {
		return 0, false
	}
	r, ok := c.index.version(period, 0)
	return r.Version, ok
}

// invalidate forgets the list of versions after a change made through this
// server (a recompute, a finalisation), so that the next request reads it
// again. The bodies stay: a version's body never changes.
func (c *cache) invalidate() {
	c.mu.Lock()
	c.index = nil
	c.gen++
	c.mu.Unlock()
}

// find returns version v of period (its latest when v is 0) with its row of
// the index as of now, which holds its final flag; store.ErrNotFound when
// the store has no such version.
func (c *cache) find(ctx context.Context, period string, v int, now time.Time) (*published, store.Result, error) {
	ix, err := c.versions(ctx, now)
	if err != nil {
		return nil, store.Result{}, err
	}
	h, ok := ix.version(period, v)
	if !ok {
		return nil, store.Result{}, fmt.Errorf("result %s v%d: %w", period, v, store.ErrNotFound)
	}
	p, err := c.body(ctx, h)
	if err != nil {
		return nil, store.Result{}, err
	}
	return p, h, nil
}

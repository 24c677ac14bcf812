package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// ImportsStore is what the imports suite tests: an adapter's records of
// imports (issue 15).
type ImportsStore interface {
	store.Imports
	Close() error
}

// OpenImports returns a new, empty store for one test. The suite closes it.
type OpenImports func(t *testing.T) ImportsStore

// Imports runs the suite of the records of imports against the adapter
// open makes: every field kept exactly (Chinese file names, the counts by
// event type, the time to the nanosecond read back in UTC; no events is a
// nil map, as every store gives it), an id taken once (store.ErrExists of
// code fault.Conflict, the first record unchanged, also under concurrent
// puts), the most recent first by time, ties by id descending, whatever
// the order of the puts and whether or not the ids sort as the times do,
// at most limit of them, and none an empty list.
func Imports(t *testing.T, open OpenImports) {
	t.Run("RoundTrip", func(t *testing.T) { testImportRoundTrip(t, open) })
	t.Run("Taken", func(t *testing.T) { testImportTaken(t, open) })
	t.Run("Recent", func(t *testing.T) { testRecentImports(t, open) })
	t.Run("Empty", func(t *testing.T) { testNoImports(t, open) })
	t.Run("ConcurrentPuts", func(t *testing.T) { testConcurrentImports(t, open) })
}

// importAt is a record of an import at the instant at (in Shanghai: a store
// gives it back in UTC), with the id the contract describes: the UTC time
// to the second and 8 hex digits.
func importAt(at time.Time, hex string) store.Import {
	return store.Import{
		ID:      "imp-" + at.UTC().Format("20060102T150405Z") + "-" + hex,
		At:      at,
		By:      "li.wei@centre",
		File:    "平台导出 2026年10月.xlsx",
		Mapping: "gen-platform",
		Events:  map[string]int{"assigned": 1200, "replied": 1130, "returned": 41, "callback": 2205},
		Stored:  4500, Duplicate: 70, Conflict: 6, Problems: 3,
	}
}

func putImports(t *testing.T, s ImportsStore, list ...store.Import) {
	t.Helper()
	for _, rec := range list {
		if err := s.PutImport(context.Background(), rec); err != nil {
			t.Fatalf("PutImport %s: %v", rec.ID, err)
		}
	}
}

// utcImports is list as a store gives it back: every time in UTC.
func utcImports(list ...store.Import) []store.Import {
	out := make([]store.Import, len(list))
	for i, rec := range list {
		rec.At = rec.At.UTC()
		out[i] = rec
	}
	return out
}

// recent calls RecentImports and reports how its answer differs from want,
// and any time of it not in UTC.
func recent(t *testing.T, s ImportsStore, limit int, want []store.Import) {
	t.Helper()
	got, err := s.RecentImports(context.Background(), limit)
	if err != nil {
		t.Fatalf("RecentImports(%d): %v", limit, err)
	}
	if got == nil {
		t.Errorf("RecentImports(%d) = nil, want a list", limit)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RecentImports(%d) (-want +got):\n%s", limit, diff)
	}
	for _, rec := range got {
		utc(t, rec.ID, map[string]time.Time{"at": rec.At})
	}
}

// testImportRoundTrip: every field comes back as put; a record without
// events or counts comes back with none (Events nil, whether it was put
// nil or empty); the record stored is not the caller's map.
func testImportRoundTrip(t *testing.T, open OpenImports) {
	s := opened(t, open)
	full := importAt(t0(t), "0a1b2c3d")
	bare := store.Import{ID: "imp-20261102T013100Z-ffffffff", At: t0(t).Add(time.Minute + time.Nanosecond),
		By: "admin-client", File: "中心记录.xlsx", Mapping: "centre-workbook", Events: map[string]int{}}
	putImports(t, s, full, bare)
	full.Events["assigned"] = 1 // the caller's map, changed after the put
	full.Events = map[string]int{"assigned": 1200, "replied": 1130, "returned": 41, "callback": 2205}
	bare.Events = nil
	recent(t, s, 10, utcImports(bare, full))

	got, err := s.RecentImports(context.Background(), 10)
	if err != nil || len(got) != 2 {
		t.Fatalf("RecentImports: %d records, %v", len(got), err)
	}
	got[1].Events["assigned"] = 0 // the map given back, changed
	recent(t, s, 10, utcImports(bare, full))
}

// testImportTaken: an id is put once; a second record of it is
// store.ErrExists of code fault.Conflict, and the first stays as it was.
func testImportTaken(t *testing.T, open OpenImports) {
	s := opened(t, open)
	first := importAt(t0(t), "0a1b2c3d")
	putImports(t, s, first)
	second := importAt(t0(t).Add(time.Hour), "0a1b2c3d")
	second.ID = first.ID
	second.By, second.File, second.Events, second.Stored = "someone-else", "另一个文件.csv", map[string]int{"callback": 1}, 1
	err := s.PutImport(context.Background(), second)
	if !errors.Is(err, store.ErrExists) || fault.CodeOf(err) != fault.Conflict {
		t.Errorf("PutImport of a taken id: %v (code %q), want store.ErrExists of code %q", err, fault.CodeOf(err), fault.Conflict)
	}
	recent(t, s, 10, utcImports(first))
}

// testRecentImports: newest first by the time of the record, ties by id
// descending, at most limit; records of the same second whose ids sort
// otherwise than their times are still given by time.
func testRecentImports(t *testing.T, open OpenImports) {
	s := opened(t, open)
	at := t0(t)
	a := importAt(at, "00000001")
	b := importAt(at.Add(24*time.Hour), "00000002")                // the newest
	c := importAt(at, "00000003")                                  // the same instant as a: after a by id
	d := importAt(at.Add(-time.Hour), "00000004")                  // the oldest
	e := importAt(at.Add(500*time.Millisecond), "00000000")        // the second of a and c, later, the smallest id
	f := importAt(at.Add(2*time.Hour+time.Nanosecond), "0000000f") // a nanosecond after g
	g := importAt(at.Add(2*time.Hour), "0000000e")
	putImports(t, s, c, d, f, a, b, g, e)
	all := utcImports(b, f, g, e, c, a, d)
	recent(t, s, 100, all)
	recent(t, s, len(all), all)
	recent(t, s, 3, all[:3])
	recent(t, s, 1, all[:1])
	recent(t, s, 0, []store.Import{})
}

// testNoImports: a store without records gives an empty list.
func testNoImports(t *testing.T, open OpenImports) {
	s := opened(t, open)
	recent(t, s, 50, []store.Import{})
}

// testConcurrentImports: of several puts of one id at once exactly one is
// stored; puts of other ids at the same time all are.
func testConcurrentImports(t *testing.T, open OpenImports) {
	s := opened(t, open)
	const n = 8
	errs := make([]error, n)
	others := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rec := importAt(t0(t), "0a1b2c3d")
			rec.Stored = i
			errs[i] = s.PutImport(context.Background(), rec)
		})
		wg.Go(func() {
			others[i] = s.PutImport(context.Background(), importAt(t0(t).Add(time.Duration(i+1)*time.Second), fmt.Sprintf("%08x", i)))
		})
	}
	wg.Wait()
	stored := 0
	for i, err := range errs {
		switch {
		case err == nil:
			stored++
		case !errors.Is(err, store.ErrExists):
			t.Errorf("put %d of one id: %v, want store.ErrExists", i, err)
		}
	}
	if stored != 1 {
		t.Errorf("%d puts of one id stored, want 1", stored)
	}
	for i, err := range others {
		if err != nil {
			t.Errorf("put of id %d: %v", i, err)
		}
	}
	list, err := s.RecentImports(context.Background(), 2*n)
	if err != nil || len(list) != n+1 {
		t.Errorf("RecentImports after concurrent puts: %d records, %v; want %d", len(list), err, n+1)
	}
}

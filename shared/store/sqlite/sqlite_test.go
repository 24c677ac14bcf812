package sqlite_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	msqlite "modernc.org/sqlite"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/store/storetest"
	"github.com/shizhong/hotline/shared/unit"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir()) })
}

func TestPeople(t *testing.T) {
	storetest.People(t, func(t *testing.T) storetest.PeopleStore { return open(t, t.TempDir()) })
}

func TestAppeals(t *testing.T) {
	storetest.Appeals(t, func(t *testing.T) storetest.AppealsStore { return open(t, t.TempDir()) })
}

func TestImports(t *testing.T) {
	storetest.Imports(t, func(t *testing.T) storetest.ImportsStore { return open(t, t.TempDir()) })
}

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// open opens the store in dir; the caller closes it.
func open(t testing.TB, dir string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(dir, shanghai(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// district generates the units and events of a small district over two
// months ending in 2026-10.
func district(t testing.TB, tickets int) ([]unit.Unit, []event.Event) {
	t.Helper()
	reg, events := testenv.District(t, gen.Config{Seed: 3, Tickets: tickets, Month: calendar.Month{Year: 2026, Month: 10}, Months: 2, Location: shanghai(t)})
	return reg.Units(), events
}

// putAll puts events in batches of store.MaxBatch, all of which must be
// stored.
func putAll(t testing.TB, s store.Store, events []event.Event) {
	t.Helper()
	for i := 0; i < len(events); i += store.MaxBatch {
		batch := events[i:min(i+store.MaxBatch, len(events))]
		out, err := s.PutEvents(context.Background(), batch)
		if err != nil {
			t.Fatalf("PutEvents: %v", err)
		}
		for j, o := range out {
			if o.Status != store.Stored {
				t.Fatalf("event %s: %s, want stored", batch[j].ID, o.Status)
			}
		}
	}
}

// hashes reads every stored event as its id and content hash.
func hashes(t testing.TB, s store.Store) map[string]uint64 {
	t.Helper()
	got := map[string]uint64{}
	err := s.Events(context.Background(), func(batch []event.Event) error {
		for i := range batch {
			got[batch[i].ID] = batch[i].ContentHash()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	return got
}

func want(events []event.Event) map[string]uint64 {
	m := make(map[string]uint64, len(events))
	for i := range events {
		m[events[i].ID] = events[i].ContentHash()
	}
	return m
}

// TestReopen: what one Store wrote, a Store opened later on the same
// directory reads.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	units, events := district(t, 300)
	s := open(t, dir)
	putAll(t, s, events)
	if err := s.PutUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	res := store.Result{Header: store.Header{Period: "2026-10", Policy: "p", Fingerprint: "f", ComputedAt: time.Date(2026, 11, 1, 0, 5, 0, 0, time.UTC)}, Body: []byte(`{}`)}
	if _, err := s.PutResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finalize(ctx, "2026-10"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = open(t, dir)
	defer s.Close()
	if diff := cmp.Diff(want(events), hashes(t, s)); diff != "" {
		t.Errorf("events after reopening (-want +got):\n%s", diff)
	}
	got, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(units, got); diff != "" {
		t.Errorf("units after reopening (-want +got):\n%s", diff)
	}
	r, err := s.Result(ctx, "2026-10", 0)
	if err != nil {
		t.Fatal(err)
	}
	res.Version, res.Final = 1, true
	if diff := cmp.Diff(res, r); diff != "" {
		t.Errorf("result after reopening (-want +got):\n%s", diff)
	}
	out, err := s.PutEvents(ctx, events[:10])
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range out {
		if o.Status != store.Duplicate {
			t.Errorf("event %s again after reopening: %s, want duplicate", events[i].ID, o.Status)
		}
	}
}

// TestSchemaVersion: a new store has the current schema version; a store
// from a newer program, or kept in another zone, is refused.
func TestSchemaVersion(t *testing.T) {
	dir := t.TempDir()
	open(t, dir).Close()
	db := raw(t, dir)
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != sqlite.SchemaVersion || v < 1 {
		t.Errorf("schema version %d, want %d", v, sqlite.SchemaVersion)
	}
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}

	if _, err := sqlite.Open(dir, time.UTC); err == nil {
		t.Errorf("Open in another zone succeeded")
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", sqlite.SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(dir, shanghai(t)); err == nil {
		s.Close()
		t.Errorf("Open of a newer schema succeeded")
	}
}

// TestPath: the store is the file FileName in its directory, whatever
// characters the directory's name holds.
func TestPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a store?#%20 of 12345")
	s := open(t, dir)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
		t.Errorf("no database file: %v", err)
	}
}

// raw opens the database file of the store in dir directly.
func raw(t testing.TB, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// cancelAt is called by the SQL function test_cancel, which a test's
// trigger calls.
var cancelAt struct {
	sync.Mutex
	cancel context.CancelFunc
}

func init() {
	msqlite.MustRegisterScalarFunction("test_cancel", 0, func(*msqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		cancelAt.Lock()
		defer cancelAt.Unlock()
		if cancelAt.cancel != nil {
			cancelAt.cancel()
		}
		return nil, nil
	})
}

// TestFailedBatch: a batch that fails half-way, by an error of the database
// or a context canceled between two events, stores nothing, and the same
// batch delivered again is stored whole.
func TestFailedBatch(t *testing.T) {
	_, events := district(t, 200)
	batch := events[:store.MaxBatch]
	middle := batch[len(batch)/2].ID
	for _, c := range []struct {
		name    string
		trigger string
		cancel  bool
	}{
		{"error in events", `BEFORE INSERT ON events WHEN NEW.id = '` + middle + `' BEGIN SELECT RAISE(ABORT, 'injected'); END`, false},
		{"error in ticket months", `BEFORE INSERT ON ticket_months BEGIN SELECT RAISE(ABORT, 'injected'); END`, false},
		{"canceled", `AFTER INSERT ON events WHEN NEW.id = '` + middle + `' BEGIN SELECT test_cancel(); END`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := open(t, dir)
			defer s.Close()
			db := raw(t, dir)
			if _, err := db.Exec(`CREATE TRIGGER inject ` + c.trigger); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if c.cancel {
				cancelAt.Lock()
				cancelAt.cancel = cancel
				cancelAt.Unlock()
				defer func() { cancelAt.Lock(); cancelAt.cancel = nil; cancelAt.Unlock() }()
			}
			out, err := s.PutEvents(ctx, batch)
			if err == nil || out != nil {
				t.Fatalf("PutEvents: %d outcomes, error %v; want none and an error", len(out), err)
			}
			if c.cancel && !errors.Is(err, context.Canceled) {
				t.Errorf("PutEvents: %v, want context.Canceled", err)
			}
			if n := len(hashes(t, s)); n != 0 {
				t.Errorf("%d events stored by a failed batch", n)
			}
			var months int
			if err := db.QueryRow(`SELECT count(*) FROM ticket_months`).Scan(&months); err != nil || months != 0 {
				t.Errorf("%d ticket months stored by a failed batch (%v)", months, err)
			}
			if _, err := db.Exec(`DROP TRIGGER inject`); err != nil {
				t.Fatal(err)
			}
			putAll(t, s, batch)
			if diff := cmp.Diff(want(batch), hashes(t, s)); diff != "" {
				t.Errorf("events after delivering again (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMonthEventsBatches: MonthEvents and Events give batches of at most
// 1000 events, and a month reads less than the whole store.
func TestMonthEventsBatches(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	_, events := district(t, 1000)
	putAll(t, s, events)
	ctx := context.Background()
	var sizes []int
	count := func(batch []event.Event) error {
		if len(batch) == 0 || len(batch) > 1000 {
			t.Errorf("batch of %d events", len(batch))
		}
		sizes = append(sizes, len(batch))
		return nil
	}
	if err := s.Events(ctx, count); err != nil {
		t.Fatal(err)
	}
	if n := sum(sizes); n != len(events) {
		t.Errorf("Events gave %d events, want %d", n, len(events))
	}
	sizes = nil
	if err := s.MonthEvents(ctx, calendar.Month{Year: 2026, Month: 10}, count); err != nil {
		t.Fatal(err)
	}
	if n := sum(sizes); n == 0 || n >= len(events) {
		t.Errorf("MonthEvents gave %d events of %d", n, len(events))
	}
	stop := errors.New("stop")
	if err := s.Events(ctx, func([]event.Event) error { return stop }); err != stop {
		t.Errorf("Events returned %v, want fn's error", err)
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

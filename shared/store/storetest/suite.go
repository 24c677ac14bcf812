package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// Open returns a new, empty store for one test, in the scope of the default
// zone (calendar.DefaultZone).
// The suite closes it.
type Open func(t *testing.T) store.Store

// Run runs the whole suite against the adapter that open makes.
func Run(t *testing.T, open Open) {
	t.Run("PutEventsStatuses", func(t *testing.T) { testStatuses(t, open) })
	t.Run("RepeatsWithinBatch", func(t *testing.T) { testRepeats(t, open) })
	t.Run("FullBatchRoundTrip", func(t *testing.T) { testRoundTrip(t, open) })
	t.Run("ConcurrentOverlappingBatches", func(t *testing.T) { testConcurrent(t, open) })
	t.Run("MonthScope", func(t *testing.T) { testMonthScope(t, open) })
	t.Run("MonthScopeCorrections", func(t *testing.T) { testMonthScopeCorrections(t, open) })
	t.Run("V11RoundTrip", func(t *testing.T) { testV11RoundTrip(t, open) })
	t.Run("MonthAssignments", func(t *testing.T) { testMonthAssignments(t, open) })
	t.Run("Units", func(t *testing.T) { testUnits(t, open) })
	t.Run("ResultVersions", func(t *testing.T) { testResults(t, open) })
	t.Run("ResultSummaries", func(t *testing.T) { testResultSummaries(t, open) })
}

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// isNotFound reports whether err is the store's not found (the Store
// contract): store.ErrNotFound by errors.Is, of code fault.NotFound.
func isNotFound(err error) bool {
	return errors.Is(err, store.ErrNotFound) && fault.CodeOf(err) == fault.NotFound
}

func fresh(t *testing.T, open Open) store.Store { return opened(t, open) }

// opened is a store open gives, closed when the test ends.
func opened[S interface{ Close() error }](t *testing.T, open func(*testing.T) S) S {
	t.Helper()
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

func put(t *testing.T, s store.Store, events []event.Event) []store.Status {
	t.Helper()
	out, err := s.PutEvents(context.Background(), events)
	if err != nil {
		t.Fatalf("PutEvents: %v", err)
	}
	if len(out) != len(events) {
		t.Fatalf("PutEvents: %d outcomes for %d events", len(out), len(events))
	}
	st := make([]store.Status, len(out))
	for i, o := range out {
		st[i] = o.Status
	}
	return st
}

func replied(id, ticket string, at time.Time) event.Event {
	return event.Event{ID: id, Type: event.Replied, At: at, TicketID: ticket, UnitID: "wenhualu"}
}

func testStatuses(t *testing.T, open Open) {
	s := fresh(t, open)
	at := time.Date(2026, 10, 9, 10, 15, 0, 0, shanghai(t))
	a, b := replied("a", "T1", at), replied("b", "T1", at)
	changed := a
	changed.TicketID = "T2"
	sameInstant := a
	sameInstant.At = at.UTC() // the same moment with another offset is the same content
	for _, step := range []struct {
		name   string
		events []event.Event
		want   []store.Status
	}{
		{"new", []event.Event{a, b}, []store.Status{store.Stored, store.Stored}},
		{"again", []event.Event{a}, []store.Status{store.Duplicate}},
		{"same instant, other offset", []event.Event{sameInstant}, []store.Status{store.Duplicate}},
		{"same id, other content", []event.Event{changed}, []store.Status{store.Conflict}},
		{"mixed", []event.Event{changed, replied("c", "T3", at), b}, []store.Status{store.Conflict, store.Stored, store.Duplicate}},
	} {
		if diff := cmp.Diff(step.want, put(t, s, step.events)); diff != "" {
			t.Errorf("%s: statuses (-want +got):\n%s", step.name, diff)
		}
	}
	got := all(t, s)
	if len(got) != 3 {
		t.Fatalf("stored %d events, want 3", len(got))
	}
	if got["a"] != a.ContentHash() {
		t.Errorf("event a was changed by the conflicting write")
	}
}

func testRepeats(t *testing.T, open Open) {
	s := fresh(t, open)
	at := time.Date(2026, 10, 9, 10, 15, 0, 0, shanghai(t))
	a := replied("a", "T1", at)
	changed := a
	changed.TicketID = "T2"
	got := put(t, s, []event.Event{a, a, changed, replied("b", "T1", at)})
	want := []store.Status{store.Stored, store.Duplicate, store.Conflict, store.Stored}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if h := all(t, s)["a"]; h != a.ContentHash() {
		t.Errorf("the first occurrence of a was not the one stored")
	}
}

// district generates a small district over three months.
func district(t testing.TB, tickets int) ([]unit.Unit, []event.Event) {
	t.Helper()
	var units, events bytes.Buffer
	cfg := gen.Config{Seed: 11, Tickets: tickets, Month: calendar.Month{Year: 2026, Month: 10}, Months: 3, Location: shanghai(t)}
	if _, err := gen.Write(cfg, &units, &events, nil); err != nil {
		t.Fatal(err)
	}
	reg, err := unit.Decode(&units)
	if err != nil {
		t.Fatal(err)
	}
	var list []event.Event
	if err := event.ReadLines(&events, "district", 1, func(b event.Batch) error {
		list = append(list, b.Events...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return reg.Units(), list
}

func putAll(t *testing.T, s store.Store, events []event.Event) {
	t.Helper()
	for i := 0; i < len(events); i += store.MaxBatch {
		batch := events[i:min(i+store.MaxBatch, len(events))]
		for j, st := range put(t, s, batch) {
			if st != store.Stored {
				t.Fatalf("event %s: %s, want stored", batch[j].ID, st)
			}
		}
	}
}

// putShuffled stores the events in an order drawn from seed and returns
// the registry of the units.
func putShuffled(t *testing.T, s store.Store, units []unit.Unit, events []event.Event, seed uint64) *unit.Registry {
	t.Helper()
	shuffled := append([]event.Event(nil), events...)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	putAll(t, s, shuffled)
	reg, err := unit.NewRegistry(units)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func all(t *testing.T, s store.Store) map[string]uint64 {
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

func testRoundTrip(t *testing.T, open Open) {
	s := fresh(t, open)
	_, events := district(t, 200)
	events = events[:min(len(events), 3*store.MaxBatch)]
	putAll(t, s, events)
	got := all(t, s)
	want := map[string]uint64{}
	for i := range events {
		want[events[i].ID] = events[i].ContentHash()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored events differ from the events put (-want +got):\n%s", diff)
	}
}

// testConcurrent: overlapping batches from several writers store each id
// exactly once.
func testConcurrent(t *testing.T, open Open) {
	s := fresh(t, open)
	_, events := district(t, 100)
	events = events[:min(len(events), 300)]
	const writers = 4
	var mu sync.Mutex
	stored := map[string]int{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := append([]event.Event(nil), events...)
			r := rand.New(rand.NewPCG(uint64(w), 1))
			r.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
			for i := 0; i < len(batch); i += 100 {
				part := batch[i:min(i+100, len(batch))]
				out, err := s.PutEvents(context.Background(), part)
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				mu.Lock()
				for j, o := range out {
					switch o.Status {
					case store.Stored:
						stored[part[j].ID]++
					case store.Duplicate:
					default:
						t.Errorf("writer %d: event %s: %s", w, part[j].ID, o.Status)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for i := range events {
		if n := stored[events[i].ID]; n != 1 {
			t.Errorf("event %s reported stored %d times, want once", events[i].ID, n)
		}
	}
	if n := len(all(t, s)); n != len(events) {
		t.Errorf("%d events stored, want %d", n, len(events))
	}
}

// testMonthScope: for each month, the engine's counts over MonthEvents equal
// its counts over every event (the Scope promise), whatever the order the
// events were put in.
func testMonthScope(t *testing.T, open Open) {
	s := fresh(t, open)
	units, events := district(t, 400)
	reg := putShuffled(t, s, units, events, 5)
	loc := shanghai(t)
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	full := counts(t, engine(t, reg, events, now), loc)
	for _, m := range []calendar.Month{{Year: 2026, Month: 8}, {Year: 2026, Month: 9}, {Year: 2026, Month: 10}, {Year: 2026, Month: 11}} {
		var scoped []event.Event
		err := s.MonthEvents(context.Background(), m, func(batch []event.Event) error {
			scoped = append(scoped, batch...)
			return nil
		})
		if err != nil {
			t.Fatalf("MonthEvents %s: %v", m, err)
		}
		got := counts(t, engine(t, reg, scoped, now), loc)[m]
		if diff := cmp.Diff(full[m], got); diff != "" {
			t.Errorf("month %s: counts over MonthEvents differ from counts over all events (-all +scoped):\n%s", m, diff)
		}
		if m.Month == 10 && len(scoped) >= len(events) {
			t.Errorf("month %s read %d events of %d: the scope is not a month", m, len(scoped), len(events))
		}
	}
}

// testMonthAssignments: MonthAssignments gives the summary of every
// assignment whose `at` falls in the month, each once, and nothing else
// (SPEC §6, 四(一): the staffing rule counts them by unit; the fingerprint
// takes each by id and content hash).
func testMonthAssignments(t *testing.T, open Open) {
	s := fresh(t, open)
	_, events := district(t, 200)
	putAll(t, s, events)
	scope := store.Scope{Location: shanghai(t)}
	type seen struct {
		brief event.Brief
		n     int
	}
	for _, m := range []calendar.Month{{Year: 2026, Month: 7}, {Year: 2026, Month: 9}, {Year: 2026, Month: 10}, {Year: 2026, Month: 11}} {
		want := map[string]seen{}
		for i := range events {
			if events[i].Type == event.Assigned && scope.MonthKey(&events[i]) == m.String() {
				w := want[events[i].ID]
				want[events[i].ID] = seen{brief: events[i].Brief(), n: w.n + 1}
			}
		}
		got := map[string]seen{}
		err := s.MonthAssignments(context.Background(), m, func(batch []event.Brief) error {
			for _, b := range batch {
				g := got[b.ID]
				got[b.ID] = seen{brief: b, n: g.n + 1}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("MonthAssignments %s: %v", m, err)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(seen{})); diff != "" {
			t.Errorf("MonthAssignments %s (-want +got):\n%s", m, diff)
		}
		if m.Month == 10 && len(got) == 0 {
			t.Errorf("MonthAssignments %s gave nothing: the district assigns tickets every month", m)
		}
	}
}

func engine(t *testing.T, reg *unit.Registry, events []event.Event, now time.Time) *score.Engine {
	t.Helper()
	l := score.NewLedger(reg)
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "scope", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	return score.New(l, policy.Builtin(), calendar.New(shanghai(t)), now)
}

// monthCounts is what a month's tally says of every unit.
type monthCounts struct {
	Counts     map[string]score.Counts
	Deductions map[string][]score.Deduction
	Returned   []score.ReturnedTicket
	Warnings   []string
}

func counts(t *testing.T, e *score.Engine, loc *time.Location) map[calendar.Month]monthCounts {
	t.Helper()
	return countMonths(t, e, loc, []calendar.Month{{Year: 2026, Month: 8}, {Year: 2026, Month: 9}, {Year: 2026, Month: 10}, {Year: 2026, Month: 11}})
}

// countMonths is the tally of each of months.
func countMonths(t *testing.T, e *score.Engine, loc *time.Location, months []calendar.Month) map[calendar.Month]monthCounts {
	t.Helper()
	out := map[calendar.Month]monthCounts{}
	for _, m := range months {
		r := e.Month(m)
		mc := monthCounts{Counts: map[string]score.Counts{}, Deductions: map[string][]score.Deduction{}, Returned: r.ReturnedOverLimit, Warnings: r.Warnings}
		for _, u := range r.Units {
			mc.Counts[u.UnitID] = u.Counts
			var deds []score.Deduction
			for _, d := range u.Deductions {
				if d.TicketID != "" || d.Rule == score.RuleMeetingAbsent || d.Rule == score.RuleCriticized {
					d.At = d.At.In(loc)
					deds = append(deds, d)
				}
			}
			mc.Deductions[u.UnitID] = deds
		}
		out[m] = mc
	}
	return out
}

func testUnits(t *testing.T, open Open) {
	s := fresh(t, open)
	ctx := context.Background()
	if _, err := s.Units(ctx); !isNotFound(err) {
		t.Errorf("Units of an empty store: %v, want ErrNotFound", err)
	}
	units, _ := district(t, 50)
	for _, list := range [][]unit.Unit{units, units[:3]} {
		if err := s.PutUnits(ctx, list); err != nil {
			t.Fatalf("PutUnits: %v", err)
		}
		got, err := s.Units(ctx)
		if err != nil {
			t.Fatalf("Units: %v", err)
		}
		if diff := cmp.Diff(list, got); diff != "" {
			t.Errorf("units (-want +got):\n%s", diff)
		}
	}
	testUnitAliases(t, s)
}

// testUnitAliases: a registry's aliases (issue 15) come back as put, in
// order; a unit without any has nil Aliases, whether it was put with nil
// or an empty list (as `aliases: []` decodes), in every store; a registry
// put again without them has none left.
func testUnitAliases(t *testing.T, s store.Store) {
	ctx := context.Background()
	put := []unit.Unit{
		{ID: "gonganju", Name: "区公安分局", Group: unit.Department, Aliases: []string{"公安分局", "市中区公安分局", `引号"与\反斜杠`}},
		{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet},
		{ID: "guangminglu", Name: "光明路街道", Group: unit.TownStreet, Aliases: []string{}},
		{ID: "jiaotiju", Name: "区教体局", Group: unit.Department, Aliases: []string{"教体局"}},
	}
	want := slices.Clone(put)
	want[2].Aliases = nil
	if err := s.PutUnits(ctx, put); err != nil {
		t.Fatalf("PutUnits with aliases: %v", err)
	}
	got, err := s.Units(ctx)
	if err != nil {
		t.Fatalf("Units: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("units with aliases (-want +got):\n%s", diff)
	}
	if len(got) == 4 && len(got[0].Aliases) > 0 {
		got[0].Aliases[0] = "changed" // the caller's copy, not the store's
		if again, err := s.Units(ctx); err != nil || again[0].Aliases[0] != "公安分局" {
			t.Errorf("Units after changing an alias read: %v, %v", again, err)
		}
	}
	for i := range want {
		want[i].Aliases = nil
	}
	if err := s.PutUnits(ctx, want); err != nil {
		t.Fatalf("PutUnits without aliases: %v", err)
	}
	if got, err := s.Units(ctx); err != nil || !cmp.Equal(want, got) {
		t.Errorf("units put again without aliases: %+v, %v; want %+v", got, err, want)
	}
}

func testResults(t *testing.T, open Open) {
	s := fresh(t, open)
	ctx := context.Background()
	if _, err := s.Result(ctx, "2026-10", 0); !isNotFound(err) {
		t.Errorf("Result of an empty store: %v, want ErrNotFound", err)
	}
	at := time.Date(2026, 11, 1, 0, 5, 0, 0, time.UTC)
	body := func(n int) []byte { b, _ := json.Marshal(map[string]int{"n": n}); return b }
	mk := func(period, fp string, n int) store.Result {
		return store.Result{Header: store.Header{Period: period, Policy: policy.BuiltinID, Fingerprint: fp, ComputedAt: at.Add(time.Duration(n) * time.Minute)}, Body: body(n)}
	}
	steps := []struct {
		r    store.Result
		want int
	}{
		{mk("2026-10", "f1", 1), 1},
		{mk("2026-10", "f1", 2), 1}, // the same input again: the same version
		{mk("2026-10", "f2", 3), 2},
		{mk("2026-09", "f0", 4), 1},
		{mk("2026", "y1", 5), 1},
	}
	for i, st := range steps {
		got, err := s.PutResult(ctx, st.r)
		if err != nil {
			t.Fatalf("step %d: PutResult: %v", i, err)
		}
		if got.Version != st.want {
			t.Errorf("step %d: version %d, want %d", i, got.Version, st.want)
		}
	}
	for _, c := range []struct {
		period string
		v      int
		want   []byte
	}{
		{"2026-10", 0, body(3)}, {"2026-10", 1, body(1)}, {"2026-10", 2, body(3)}, {"2026-09", 0, body(4)},
	} {
		got, err := s.Result(ctx, c.period, c.v)
		if err != nil {
			t.Fatalf("Result(%s, %d): %v", c.period, c.v, err)
		}
		if !bytes.Equal(got.Body, c.want) {
			t.Errorf("Result(%s, %d) body %s, want %s", c.period, c.v, got.Body, c.want)
		}
		if got.Policy != policy.BuiltinID || got.Fingerprint == "" || got.ComputedAt.IsZero() {
			t.Errorf("Result(%s, %d) lost its policy, fingerprint or time: %+v", c.period, c.v, got)
		}
	}
	if _, err := s.Result(ctx, "2026-10", 3); !isNotFound(err) {
		t.Errorf("Result of a missing version: %v, want ErrNotFound", err)
	}
	list, err := s.Results(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range list {
		got = append(got, fmt.Sprintf("%s v%d", r.Period, r.Version))
		if r.Body != nil {
			t.Errorf("Results lists bodies")
		}
	}
	want := []string{"2026-10 v2", "2026-10 v1", "2026-09 v1", "2026 v1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Results (-want +got):\n%s", diff)
	}
	fin, err := s.Finalize(ctx, "2026-10")
	if err != nil || !fin.Final || fin.Version != 2 {
		t.Fatalf("Finalize: %+v, %v", fin, err)
	}
	if r, _ := s.Result(ctx, "2026-10", 0); !r.Final {
		t.Errorf("the finalised version does not read as final")
	}
	if _, err := s.Finalize(ctx, "2025-01"); !isNotFound(err) {
		t.Errorf("Finalize of a missing period: %v, want ErrNotFound", err)
	}
}

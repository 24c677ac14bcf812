package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// Store is the in-memory store.
type Store struct {
	scope store.Scope

	mu      sync.Mutex
	events  map[string]event.Event
	hashes  map[string]uint64
	months  map[string]map[string]bool // ticket → months it is active in
	units   []unit.Unit
	hasUnit bool
	results map[string][]store.Result // period → versions, oldest first

	accounts map[string]account.Account // id → account (people.go)
	sessions map[string]storedSession   // token hash → session

	appeals map[string]appeal.Appeal // id → appeal (appeals.go)
	imports map[string]store.Import  // id → record (imports.go)
}

var _ store.Store = (*Store)(nil)

// New returns an empty store with months in loc.
func New(loc *time.Location) *Store {
	return &Store{
		scope:   store.Scope{Location: loc},
		events:  map[string]event.Event{},
		hashes:  map[string]uint64{},
		months:  map[string]map[string]bool{},
		results: map[string][]store.Result{},

		accounts: map[string]account.Account{},
		sessions: map[string]storedSession{},

		appeals: map[string]appeal.Appeal{},
		imports: map[string]store.Import{},
	}
}

// PutEvents implements store.Store.
func (s *Store) PutEvents(ctx context.Context, events []event.Event) ([]store.Outcome, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	first, conflict := store.Dedupe(events)
	out := make([]store.Outcome, len(events))
	for i := range events {
		if first[i] != i {
			out[i] = store.Repeat(out[first[i]], conflict[i])
			continue
		}
		e := events[i]
		h := e.ContentHash()
		if prev, ok := s.hashes[e.ID]; ok {
			if prev == h {
				out[i] = store.Outcome{Status: store.Duplicate}
			} else {
				out[i] = store.ConflictOutcome()
			}
			continue
		}
		s.events[e.ID], s.hashes[e.ID] = e, h
		if e.TicketID != "" && !e.Type.IsCorrection() {
			ms := s.months[e.TicketID]
			if ms == nil {
				ms = map[string]bool{}
				s.months[e.TicketID] = ms
			}
			for _, m := range s.scope.Months(&e) {
				ms[m.String()] = true
			}
		}
		out[i] = store.Outcome{Status: store.Stored}
	}
	return out, nil
}

// MonthEvents implements store.Store.
func (s *Store) MonthEvents(ctx context.Context, m calendar.Month, fn func([]event.Event) error) error {
	s.mu.Lock()
	key, end := m.String(), m.End(s.scope.Location)
	named, histories := s.named()
	var batch []event.Event
	for _, e := range s.events {
		switch {
		case e.Type.IsCorrection(): // every month reads every correction
		case e.TicketID != "":
			if !s.months[e.TicketID][key] && !histories[e.TicketID] {
				continue
			}
		case named[e.ID]:
		case e.Type == event.OrgAssessed:
			if !e.At.Before(end) {
				continue
			}
		case s.scope.MonthKey(&e) != key:
			continue
		}
		batch = append(batch, e)
	}
	s.mu.Unlock()
	return emit(ctx, batch, fn)
}

// named returns the ids the stored corrections name, and the tickets of the
// stored events among them but corrections, whose histories every month
// reads (store.Scope). Called with s.mu held.
func (s *Store) named() (ids, tickets map[string]bool) {
	ids, tickets = map[string]bool{}, map[string]bool{}
	for _, e := range s.events {
		if e.Type.IsCorrection() {
			ids[e.EventID] = true
		}
	}
	for id := range ids {
		if e, ok := s.events[id]; ok && e.TicketID != "" && !e.Type.IsCorrection() {
			tickets[e.TicketID] = true
		}
	}
	return ids, tickets
}

// MonthAssignments implements store.Store.
func (s *Store) MonthAssignments(ctx context.Context, m calendar.Month, fn func([]event.Brief) error) error {
	s.mu.Lock()
	key := m.String()
	var batch []event.Event
	for _, e := range s.events {
		if e.Type == event.Assigned && s.scope.MonthKey(&e) == key {
			batch = append(batch, e)
		}
	}
	s.mu.Unlock()
	return emit(ctx, batch, func(events []event.Event) error {
		briefs := make([]event.Brief, len(events))
		for i := range events {
			briefs[i] = events[i].Brief()
		}
		return fn(briefs)
	})
}

// Events implements store.Store.
func (s *Store) Events(ctx context.Context, fn func([]event.Event) error) error {
	s.mu.Lock()
	batch := make([]event.Event, 0, len(s.events))
	for _, e := range s.events {
		batch = append(batch, e)
	}
	s.mu.Unlock()
	return emit(ctx, batch, fn)
}

func emit(ctx context.Context, events []event.Event, fn func([]event.Event) error) error {
	slices.SortFunc(events, func(a, b event.Event) int { return cmp.Compare(a.ID, b.ID) })
	for i := 0; i < len(events); i += 1000 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(events[i:min(i+1000, len(events))]); err != nil {
			return err
		}
	}
	return nil
}

// PutUnits implements store.Store.
func (s *Store) PutUnits(_ context.Context, units []unit.Unit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.units, s.hasUnit = cloneUnits(units), true
	return nil
}

// Units implements store.Store.
func (s *Store) Units(context.Context) ([]unit.Unit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.hasUnit {
		return nil, fmt.Errorf("units: %w", store.ErrNotFound)
	}
	return cloneUnits(s.units), nil
}

// cloneUnits copies units and their aliases, as a store that serialises
// them would give them back: a unit without aliases has nil, not an empty
// list.
func cloneUnits(units []unit.Unit) []unit.Unit {
	out := slices.Clone(units)
	for i := range out {
		if len(out[i].Aliases) == 0 {
			out[i].Aliases = nil
		} else {
			out[i].Aliases = slices.Clone(out[i].Aliases)
		}
	}
	return out
}

// PutResult implements store.Store.
func (s *Store) PutResult(_ context.Context, r store.Result) (store.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.results[r.Period]
	if n := len(vs); n > 0 && vs[n-1].Fingerprint == r.Fingerprint && vs[n-1].Policy == r.Policy {
		latest := vs[n-1]
		latest.Summary = nil
		return latest, nil
	}
	r.Version, r.Final = len(vs)+1, false
	r.Body, r.Summary = slices.Clone(r.Body), slices.Clone(r.Summary)
	s.results[r.Period] = append(vs, r)
	r.Summary = nil
	return r, nil
}

// Result implements store.Store.
func (s *Store) Result(_ context.Context, period string, v int) (store.Result, error) {
	r, err := s.version(period, v)
	r.Summary = nil
	return r, err
}

// ResultSummary implements store.Store.
func (s *Store) ResultSummary(_ context.Context, period string, v int) (store.Result, error) {
	r, err := s.version(period, v)
	r.Body = nil
	return r, err
}

// version is version v of a period, the latest when v is 0.
func (s *Store) version(period string, v int) (store.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.results[period]
	if v == 0 {
		v = len(vs)
	}
	if v < 1 || v > len(vs) {
		return store.Result{}, fmt.Errorf("result %s v%d: %w", period, v, store.ErrNotFound)
	}
	return vs[v-1], nil
}

// Results implements store.Store.
func (s *Store) Results(context.Context) ([]store.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Result
	for _, vs := range s.results {
		for _, r := range vs {
			r.Body, r.Summary = nil, nil
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.Result) int {
		return cmp.Or(cmp.Compare(b.Period, a.Period), cmp.Compare(b.Version, a.Version))
	})
	return out, nil
}

// Finalize implements store.Store.
func (s *Store) Finalize(_ context.Context, period string) (store.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.results[period]
	if len(vs) == 0 {
		return store.Result{}, fmt.Errorf("finalize %s: %w", period, store.ErrNotFound)
	}
	vs[len(vs)-1].Final = true
	r := vs[len(vs)-1]
	r.Summary = nil
	return r, nil
}

// Close implements store.Store.
func (s *Store) Close() error { return nil }

package dynamo_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

// TestCallsPerBatch counts the DynamoDB calls of a batch of 500 fresh
// events and of the same batch delivered again (docs/storage.md quotes
// them), with the events in the generator's order (a ticket's events
// together) and shuffled; and the calls of reading a month.
func TestCallsPerBatch(t *testing.T) {
	raw := newClient(testenv.Endpoint(t))
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		shuffle bool
		// Upper bounds: a fresh batch of 500 needs at least 5
		// transactions of at most 100 actions, and a repeated batch as
		// many, each cancelled with every stored event in its reasons.
		fresh, again int
	}{
		{"ticket order", false, 12, 12},
		{"shuffled", true, 12, 12},
	} {
		t.Run(c.name, func(t *testing.T) {
			counter := newCounter(raw)
			s := dynamo.New(counter, newTable(t, raw), shanghai(t))
			_, events := district(t, 11, 150)
			if c.shuffle {
				rand.New(rand.NewPCG(3, 3)).Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
			}
			for i := 0; i+store.MaxBatch <= len(events); i += store.MaxBatch {
				batch := events[i : i+store.MaxBatch]
				for _, d := range []struct {
					what string
					want store.Status
					max  int
				}{{"fresh", store.Stored, c.fresh}, {"again", store.Duplicate, c.again}} {
					out, err := s.PutEvents(ctx, batch)
					if err != nil {
						t.Fatal(err)
					}
					for j, o := range out {
						if o.Status != d.want {
							t.Fatalf("event %s: %s, want %s", batch[j].ID, o.Status, d.want)
						}
					}
					n := counter.take()
					t.Logf("batch %d, %s: %v", i/store.MaxBatch, d.what, n)
					if n.total() > d.max {
						t.Errorf("batch %d, %s: %d calls, want at most %d", i/store.MaxBatch, d.what, n.total(), d.max)
					}
				}
			}
			if rest := len(events) % store.MaxBatch; rest > 0 {
				if _, err := s.PutEvents(ctx, events[len(events)-rest:]); err != nil {
					t.Fatal(err)
				}
				counter.take()
			}
			seen := 0
			if err := s.MonthEvents(ctx, october, func(b []event.Event) error { seen += len(b); return nil }); err != nil {
				t.Fatal(err)
			}
			t.Logf("MonthEvents(%s): %d events of %d, %v", october, seen, len(events), counter.take())
		})
	}
}

// TestMonthCallsWithCorrections counts the calls of reading a month whose
// corrections name events of other months (docs/storage.md quotes them):
// the district of TestCallsPerBatch with a waiver, dated in December, of
// one assignment in seven. The events named cost one BatchGetItem a
// hundred, and their tickets come in the batches of the ticket items; each
// event comes once.
func TestMonthCallsWithCorrections(t *testing.T) {
	raw := newClient(testenv.Endpoint(t))
	ctx := context.Background()
	counter := newCounter(raw)
	loc := shanghai(t)
	s := dynamo.New(counter, newTable(t, raw), loc)
	_, events := district(t, 11, 150)
	dec := time.Date(2026, 12, 3, 9, 0, 0, 0, loc)
	waivers := 0
	for i := range events {
		if e := &events[i]; i%7 == 0 && e.Type == event.Assigned {
			events = append(events, event.Event{ID: fmt.Sprintf("fix-%d", waivers), Type: event.DeductionWaived, At: dec,
				UnitID: e.UnitID, Rule: "overdue", EventID: e.ID, Reason: "申诉成立"})
			waivers++
		}
	}
	for i := 0; i < len(events); i += store.MaxBatch {
		if _, err := s.PutEvents(ctx, events[i:min(i+store.MaxBatch, len(events))]); err != nil {
			t.Fatal(err)
		}
	}
	counter.take()
	for _, c := range []struct {
		m     calendar.Month
		batch int // BatchGetItem calls: the events named, then the ticket items
	}{
		{october, 1 + 3},
		{calendar.Month{Year: 2026, Month: 12}, 1 + 1},
	} {
		seen := map[string]bool{}
		given := 0
		err := s.MonthEvents(ctx, c.m, func(b []event.Event) error {
			for i := range b {
				seen[b[i].ID] = true
			}
			given += len(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		n := counter.take()
		t.Logf("MonthEvents(%s), %d waivers: %d events of %d, %v", c.m, waivers, len(seen), len(events), n)
		if given != len(seen) {
			t.Errorf("MonthEvents(%s): %d events given for %d distinct", c.m, given, len(seen))
		}
		if n["Query"] != 34 || n["BatchGetItem"] != c.batch || n.total() != 34+c.batch {
			t.Errorf("MonthEvents(%s): %v, want 34 queries and %d batch gets", c.m, n, c.batch)
		}
	}
}

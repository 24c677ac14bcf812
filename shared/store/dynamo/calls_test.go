package dynamo_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

// TestCallsPerBatch counts the DynamoDB calls of a batch of 500 fresh
// events and of the same batch delivered again (docs/storage.md quotes
// them), with the events in the generator's order (a ticket's events
// together) and shuffled; and the calls of reading a month.
func TestCallsPerBatch(t *testing.T) {
	raw := newClient(endpoint(t))
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

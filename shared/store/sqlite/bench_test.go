package sqlite_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
)

// BenchmarkPutEvents puts batches of store.MaxBatch fresh events of a
// generated district, each batch one durable (synced) commit, into a store
// that grows as it runs; it reports events stored per second.
func BenchmarkPutEvents(b *testing.B) {
	_, events := district(b, 20000)
	events = events[:len(events)/store.MaxBatch*store.MaxBatch]
	s := open(b, b.TempDir())
	defer s.Close()
	ctx := context.Background()
	batch := make([]event.Event, store.MaxBatch)
	n := 0
	for b.Loop() {
		// Once every event was put, the same events again under new ids.
		i, round := n*store.MaxBatch%len(events), n*store.MaxBatch/len(events)
		copy(batch, events[i:i+store.MaxBatch])
		if round > 0 {
			for j := range batch {
				batch[j].ID += "~" + strconv.Itoa(round)
			}
		}
		out, err := s.PutEvents(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		if out[0].Status != store.Stored {
			b.Fatalf("event %s: %s, want stored", batch[0].ID, out[0].Status)
		}
		n++
	}
	b.ReportMetric(float64(n*store.MaxBatch)/b.Elapsed().Seconds(), "events/s")
}

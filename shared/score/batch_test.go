package score_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	districtgen "github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
)

// lined is an event with the line it was read from.
type lined struct {
	e    event.Event
	line int
}

// addConcurrently adds the events to l in batches of random sizes, from
// four goroutines at once, as hotline score does with the decoding
// goroutines, and returns the first error.
func addConcurrently(l *score.Ledger, events []lined, r *rand.Rand) error {
	var batches []event.Batch
	for len(events) > 0 {
		n := min(len(events), 1+r.IntN(300))
		var b event.Batch
		for _, x := range events[:n] {
			b.Events = append(b.Events, x.e)
			b.Lines = append(b.Lines, x.line)
			b.Keys = append(b.Keys, x.e.Key())
			b.Hashes = append(b.Hashes, x.e.ContentHash())
		}
		batches = append(batches, b)
		events = events[n:]
	}
	work := make(chan event.Batch)
	errs := make(chan error, len(batches))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				errs <- l.AddBatch(b, "events.jsonl")
			}
		}()
	}
	for _, b := range batches {
		work <- b
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestAddBatchAsAdd: a generated district with corrections, an unknown
// unit and identical duplicates, added in random batches from four
// goroutines in shuffled order, gives the ledger (length, span,
// fingerprint) and the month's result, byte for byte, that adding the
// events one by one in order gives.
func TestAddBatchAsAdd(t *testing.T) {
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	oct := calendar.Month{Year: 2026, Month: 10}
	reg, events := testenv.District(t, districtgen.Config{Seed: 5, Tickets: 3000, Month: oct, Months: 1, Location: loc})
	at := time.Date(2026, 10, 20, 9, 0, 0, 0, loc)
	var firstAssigned, firstReturned *event.Event
	for i := range events {
		switch e := &events[i]; {
		case e.Type == event.Assigned && firstAssigned == nil:
			firstAssigned = e
		case e.Type == event.Returned && firstReturned == nil:
			firstReturned = e
		}
	}
	events = append(events,
		event.Event{ID: "retract-1", Type: event.Retracted, At: at, EventID: firstReturned.ID, Reason: "录入错误"},
		event.Event{ID: "waive-1", Type: event.DeductionWaived, At: at, UnitID: firstAssigned.UnitID, Rule: string(score.RuleOverdue), EventID: firstAssigned.ID, Reason: "申诉成立"},
		event.Event{ID: "stray-1", Type: event.Replied, At: at, TicketID: "T-stray", UnitID: "no_such_unit"},
	)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, loc)
	result := func(l *score.Ledger) []byte {
		var b bytes.Buffer
		res := score.New(l, policy.Builtin(), calendar.New(loc), now).Month(oct)
		if err := score.WriteJSON(&b, res); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}

	serial := score.NewLedger(reg)
	for i := range events {
		if _, err := serial.Add(&events[i], score.Origin{File: "events.jsonl", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	want := result(serial)
	wantFirst, wantLast, _ := serial.Span()

	for seed := range uint64(5) {
		r := rand.New(rand.NewPCG(seed, 9))
		var in []lined
		for i, e := range events {
			in = append(in, lined{e, i + 1})
			if r.IntN(10) == 0 { // an identical duplicate, on a later line
				in = append(in, lined{e, len(events) + i + 1})
			}
		}
		r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		l := score.NewLedger(reg)
		if seed%2 == 0 {
			l.Grow(len(in))
		}
		if err := addConcurrently(l, in, r); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if l.Len() != serial.Len() || l.Fingerprint() != serial.Fingerprint() {
			t.Errorf("seed %d: %d events, fingerprint %s; one by one: %d, %s", seed, l.Len(), l.Fingerprint(), serial.Len(), serial.Fingerprint())
		}
		if first, last, _ := l.Span(); !first.Equal(wantFirst) || !last.Equal(wantLast) {
			t.Errorf("seed %d: span %v–%v, one by one %v–%v", seed, first, last, wantFirst, wantLast)
		}
		if got := result(l); !bytes.Equal(got, want) {
			t.Errorf("seed %d: the result differs from the one of adding one by one", seed)
		}
	}
}

// TestAddBatchConflict: an id given twice with different content is a
// conflict naming the earlier line first, whichever goroutine stores
// which copy first.
func TestAddBatchConflict(t *testing.T) {
	reg := registry(t, defaultUnits())
	u := defaultUnits()[0].ID
	var in []lined
	for i := range 2000 {
		in = append(in, lined{replied(fmtID("r", i), fmtID("T", i), u, "2026-10-09T10:00:00+08:00"), i + 1})
	}
	in[4].e.ID = "dup"
	in[1800].e.ID = "dup" // another ticket: another shard, most likely
	for seed := range uint64(10) {
		r := rand.New(rand.NewPCG(seed, 1))
		shuffled := append([]lined(nil), in...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		err := addConcurrently(score.NewLedger(reg), shuffled, r)
		var conflict *score.ConflictError
		if !errors.As(err, &conflict) {
			t.Fatalf("seed %d: %v, want a conflict", seed, err)
		}
		if conflict.ID != "dup" || conflict.First.Line != 5 || conflict.Second.Line != 1801 || conflict.First.File != "events.jsonl" {
			t.Errorf("seed %d: %v, want events.jsonl:1801 conflicting with events.jsonl:5", seed, err)
		}
	}
}

func fmtID(prefix string, i int) string {
	return prefix + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26))
}

package dynamo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
	"github.com/shizhong/hotline/shared/unit"
)

// faultRate is the share of calls the proxy disturbs.
const faultRate = 0.25

// seed is the seed of the fault test: HOTLINE_FAULT_SEED, or 2026.
func seed(t testing.TB) uint64 {
	t.Helper()
	s := os.Getenv("HOTLINE_FAULT_SEED")
	if s == "" {
		return 2026
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("HOTLINE_FAULT_SEED: %v", err)
	}
	return n
}

// TestFaults delivers a district through a proxy that throttles, fails,
// loses answers, leaves batch items unprocessed and cancels transactions,
// in batches of 500 in random order, some twice, each delivered again
// whenever PutEvents fails. Afterwards the stored events are exactly the
// acknowledged ones, each was reported stored at most once, a batch
// delivered again after it was acknowledged is all duplicates, and the
// month computed from the store equals the month computed from the events.
func TestFaults(t *testing.T) {
	ep := testenv.Endpoint(t)
	sd := seed(t)
	t.Logf("seed %d (set HOTLINE_FAULT_SEED to change it), %.0f%% of calls disturbed", sd, faultRate*100)
	raw := newClient(ep)
	table := newTable(t, raw)
	f := newFaults(t, ep, sd, faultRate)
	proxy := httptest.NewServer(f)
	t.Cleanup(proxy.Close)
	loc := shanghai(t)
	// The writer makes two attempts a call, not MaxAttempts, so that whole
	// calls fail too and batches are delivered again; the reader keeps the
	// store's policy.
	s := dynamo.New(newClient(proxy.URL, func(o *retry.StandardOptions) { o.MaxAttempts = 2 }), table, loc)
	reader := dynamo.New(newClient(proxy.URL), table, loc)
	clean := dynamo.New(raw, table, loc)

	units, events := district(t, sd, 150)
	rng := rand.New(rand.NewPCG(sd, 1))
	rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
	var batches [][]event.Event
	for i := 0; i < len(events); i += store.MaxBatch {
		batches = append(batches, events[i:min(i+store.MaxBatch, len(events))])
	}
	order := rng.Perm(len(batches))
	for _, b := range rng.Perm(len(batches))[:len(batches)/2+1] {
		at := rng.IntN(len(order) + 1)
		order = slices.Insert(order, at, b)
	}
	t.Logf("%d events in %d batches, delivered in the order %v", len(events), len(batches), order)

	ctx := context.Background()
	acked := map[string]uint64{}
	storedTimes := map[string]int{}
	done := map[int]bool{}
	for d, b := range order {
		batch := batches[b]
		out := deliver(t, ctx, s, batch)
		for j, o := range out {
			id := batch[j].ID
			switch o.Status {
			case store.Stored:
				storedTimes[id]++
			case store.Duplicate:
			default:
				t.Errorf("delivery %d: event %s: %+v", d, id, o)
			}
			if done[b] && o.Status != store.Duplicate {
				t.Errorf("delivery %d: batch %d again: event %s is %s, want duplicate", d, b, id, o.Status)
			}
			acked[id] = batch[j].ContentHash()
		}
		done[b] = true
		t.Logf("delivery %d: batch %d: %s", d, b, statuses(out))
	}

	if diff := cmp.Diff(acked, stored(t, clean)); diff != "" {
		t.Errorf("stored events differ from the acknowledged ones (-acknowledged +stored):\n%s", diff)
	}
	for id, n := range storedTimes {
		if n > 1 {
			t.Errorf("event %s reported stored %d times", id, n)
		}
	}

	// Reads through the faults: every event, and the month.
	var through []event.Event
	again(t, "Events", func() error {
		through = through[:0]
		return reader.Events(ctx, func(b []event.Event) error { through = append(through, b...); return nil })
	})
	for m := october.Prev().Prev(); m != october.Next().Next(); m = m.Next() {
		var scoped, cleanScoped []event.Event
		again(t, "MonthEvents", func() error {
			scoped = scoped[:0]
			return reader.MonthEvents(ctx, m, func(b []event.Event) error { scoped = append(scoped, b...); return nil })
		})
		if err := clean.MonthEvents(ctx, m, func(b []event.Event) error { cleanScoped = append(cleanScoped, b...); return nil }); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ids(cleanScoped), ids(scoped)); diff != "" {
			t.Errorf("MonthEvents(%s) through faults differs from a clean read (-clean +faults):\n%s", m, diff)
		}
	}
	want := monthJSON(t, units, events)
	if got := monthJSON(t, units, through); got != want {
		t.Errorf("the month computed from the stored events differs from the month computed from the events")
	}

	// Units and results through the faults; the body of ~1 MB of random
	// bytes does not compress, so it takes several chunks.
	again(t, "PutUnits", func() error { return s.PutUnits(ctx, units) })
	var got []unit.Unit
	again(t, "Units", func() error {
		var err error
		got, err = reader.Units(ctx)
		return err
	})
	if diff := cmp.Diff(units, got); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
	body := make([]byte, 1<<20)
	for i := range body {
		body[i] = byte(rng.Uint32())
	}
	r := store.Result{Header: store.Header{Period: "2026-10", Policy: policy.BuiltinID, Fingerprint: "f1", ComputedAt: time.Date(2026, 11, 1, 0, 5, 0, 0, loc)}, Body: body}
	for range 2 {
		var put store.Result
		again(t, "PutResult", func() error {
			var err error
			put, err = s.PutResult(ctx, r)
			return err
		})
		if put.Version != 1 {
			t.Errorf("PutResult: version %d, want 1 (the same input again is the same version)", put.Version)
		}
	}
	var back store.Result
	again(t, "Result", func() error {
		var err error
		back, err = reader.Result(ctx, "2026-10", 0)
		return err
	})
	if !bytes.Equal(back.Body, body) {
		t.Errorf("the result body read back through faults differs from the one put")
	}
	t.Logf("faults met: %s", f.Summary())
	t.Logf("HTTP calls through the proxy: %v", f.Ops())
}

// deliver puts a batch, delivering it again whenever PutEvents fails, at
// most 20 times.
func deliver(t *testing.T, ctx context.Context, s store.Store, batch []event.Event) []store.Outcome {
	t.Helper()
	var err error
	for attempt := 1; attempt <= 20; attempt++ {
		var out []store.Outcome
		if out, err = s.PutEvents(ctx, batch); err == nil {
			return out
		}
		t.Logf("PutEvents attempt %d: %v", attempt, err)
	}
	t.Fatalf("PutEvents failed 20 times: %v", err)
	return nil
}

// again runs a call until it succeeds, at most 10 times.
func again(t *testing.T, what string, call func() error) {
	t.Helper()
	var err error
	for attempt := 1; attempt <= 10; attempt++ {
		if err = call(); err == nil {
			return
		}
		t.Logf("%s attempt %d: %v", what, attempt, err)
	}
	t.Fatalf("%s failed 10 times: %v", what, err)
}

// ids are the sorted ids of events.
func ids(events []event.Event) []string {
	out := make([]string, len(events))
	for i := range events {
		out[i] = events[i].ID
	}
	slices.Sort(out)
	return out
}

// monthJSON is the engine's result of October 2026 over events, as JSON.
// The events are added in id order, so that only the set matters.
func monthJSON(t *testing.T, units []unit.Unit, events []event.Event) string {
	t.Helper()
	reg, err := unit.NewRegistry(units)
	if err != nil {
		t.Fatal(err)
	}
	sorted := slices.Clone(events)
	slices.SortFunc(sorted, func(a, b event.Event) int { return strings.Compare(a.ID, b.ID) })
	l := score.NewLedger(reg)
	for i := range sorted {
		if _, err := l.Add(&sorted[i], score.Origin{File: "events", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	loc := shanghai(t)
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	b, err := json.Marshal(score.New(l, policy.Builtin(), calendar.New(loc), now).Month(october))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

package load

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/event"
)

// events makes n events of one ticket each, every tenth a callback.
func events(n int) []event.Event {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	out := make([]event.Event, n)
	for i := range out {
		e := event.Event{ID: fmt.Sprintf("e%05d", i), Type: event.Replied, At: at.Add(time.Duration(i) * time.Minute), TicketID: fmt.Sprintf("T%d", i), UnitID: "u1"}
		if i%10 == 0 {
			e.Type, e.Connected = event.Callback, false
		}
		out[i] = e
	}
	return out
}

var routes = []Route{
	{Path: "/v1/callbacks", Client: "callback-system", Types: []event.Type{event.Callback}},
	{Path: "/v1/events", Client: "platform", Types: []event.Type{event.Replied}},
}

func TestPlan(t *testing.T) {
	evs := events(5000)
	p, err := NewPlan(evs, routes, PlanConfig{Seed: 3, MaxBatch: 100, Repeat: 0.1, Single: 1})
	if err != nil {
		t.Fatal(err)
	}
	seen := make([]int, len(evs))
	copies := 0
	for bi, b := range p.Batches {
		if len(b.Events) == 0 || len(b.Events) > MaxBatch {
			t.Fatalf("batch %d has %d events", bi, len(b.Events))
		}
		for _, e := range b.Events {
			if !slices.Contains(routes[b.Route].Types, evs[e].Type) {
				t.Errorf("batch %d on %s holds a %s event", bi, routes[b.Route].Path, evs[e].Type)
			}
			seen[e]++
			copies++
		}
		// The body is what a client posts: the batch's events, in order.
		var raw []json.RawMessage
		if b.Single {
			raw = []json.RawMessage{b.Body}
		} else if err := json.Unmarshal(b.Body, &raw); err != nil {
			t.Fatalf("batch %d: body: %v", bi, err)
		}
		if len(raw) != len(b.Events) {
			t.Fatalf("batch %d: %d events in the body, %d in the batch", bi, len(raw), len(b.Events))
		}
		for i, r := range raw {
			got, err := event.Decode(r)
			if err != nil {
				t.Fatalf("batch %d event %d: %v", bi, i, err)
			}
			if got.ContentHash() != p.Hashes[b.Events[i]] {
				t.Errorf("batch %d event %d: body differs from event %s", bi, i, evs[b.Events[i]].ID)
			}
		}
		if b.Single != (len(b.Events) == 1) {
			t.Errorf("batch %d: single %t with %d events (every one-event batch is single here)", bi, b.Single, len(b.Events))
		}
	}
	for e, n := range seen {
		if n == 0 {
			t.Errorf("event %s is in no batch", evs[e].ID)
		}
	}
	if copies != p.Posted() || copies != len(evs)+p.Repeats {
		t.Errorf("copies %d, Posted %d, events+repeats %d", copies, p.Posted(), len(evs)+p.Repeats)
	}
	if p.Repeats < 350 || p.Repeats > 650 {
		t.Errorf("%d repeats of 5,000 events at 10%%", p.Repeats)
	}
	// Own events are in exactly one batch (maybe twice in it).
	inBatches := make([]int, len(evs))
	for _, b := range p.Batches {
		for _, e := range slices.Compact(slices.Sorted(slices.Values(b.Events))) {
			inBatches[e]++
		}
	}
	for bi, own := range p.Own() {
		for _, e := range own {
			if inBatches[e] != 1 || !slices.Contains(p.Batches[bi].Events, e) {
				t.Errorf("batch %d: own event %s is in %d batches", bi, evs[e].ID, inBatches[e])
			}
		}
	}
}

func TestPlanSameSeedSamePlan(t *testing.T) {
	a, _ := NewPlan(events(1000), routes, PlanConfig{Seed: 7, MaxBatch: 50, Repeat: 0.05})
	b, _ := NewPlan(events(1000), routes, PlanConfig{Seed: 7, MaxBatch: 50, Repeat: 0.05})
	if len(a.Batches) != len(b.Batches) {
		t.Fatalf("%d and %d batches", len(a.Batches), len(b.Batches))
	}
	for i := range a.Batches {
		if string(a.Batches[i].Body) != string(b.Batches[i].Body) {
			t.Fatalf("batch %d differs", i)
		}
	}
}

func TestPlanNoRoute(t *testing.T) {
	if _, err := NewPlan(events(10), routes[:1], PlanConfig{MaxBatch: 10}); err == nil {
		t.Error("a replied event without a route: no error")
	}
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := percentiles(ds)
	want := Percentiles{N: 100, P50: 50 * time.Millisecond, P90: 90 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}
	if got != want {
		t.Errorf("percentiles = %+v, want %+v", got, want)
	}
	if (percentiles(nil) != Percentiles{}) {
		t.Error("percentiles of nothing are not zero")
	}
}

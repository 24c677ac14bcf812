package dynamo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store"
)

// generated is a small generated district's events.
func generated(t testing.TB) []event.Event {
	t.Helper()
	_, events := testenv.District(t, gen.Config{Seed: 5, Tickets: 150, Month: calendar.Month{Year: 2026, Month: time.October}, Months: 3, Location: shanghai(t)})
	return events
}

func TestPlan(t *testing.T) {
	s := New(nil, "t", shanghai(t))
	events := generated(t)
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, shanghai(t))
	for i := range 250 { // one ticket with more events than a transaction holds
		events = append(events, event.Event{ID: "big-" + time.Duration(i).String(), Type: event.Replied, At: at, TicketID: "BIG", UnitID: "u"})
	}
	pending := make([]int, len(events))
	for i := range pending {
		pending[i] = i
	}
	plans := s.plan(events, pending)
	seen := make([]int, len(events))
	for k, tx := range plans {
		if n := len(tx.events) + len(tx.tickets); n > maxActions {
			t.Errorf("transaction %d: %d actions", k, n)
		}
		tickets := map[string]bool{}
		for _, i := range tx.events {
			seen[i]++
			if tk := events[i].TicketID; tk != "" {
				tickets[tk] = true
			}
		}
		updated := slices.Sorted(slices.Values(tx.tickets))
		if !slices.Equal(updated, slices.Sorted(maps.Keys(tickets))) {
			t.Errorf("transaction %d: updates tickets %q for the tickets %q of its events", k, updated, slices.Sorted(maps.Keys(tickets)))
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("event %s is in %d transactions", events[i].ID, n)
		}
	}
	if least := (len(events) + maxActions - 1) / maxActions; len(plans) > 2*least {
		t.Errorf("%d transactions for %d events: packing is poor", len(plans), len(events))
	}
}

func TestPutEventsWithFake(t *testing.T) {
	for _, c := range []struct {
		name          string
		conflictEvery int
		withoutItem   bool
	}{
		{"plain", 0, false},
		{"transaction conflicts", 3, false},
		{"reasons without the stored item", 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := newFakeDB()
			db.conflictEvery, db.withoutItem = c.conflictEvery, c.withoutItem
			s := New(db, "t", shanghai(t))
			ctx := context.Background()
			events := generated(t)[:store.MaxBatch]
			out, err := s.PutEvents(ctx, events)
			if err != nil {
				t.Fatal(err)
			}
			for i, o := range out {
				if o.Status != store.Stored {
					t.Fatalf("event %s: %s, want stored", events[i].ID, o.Status)
				}
			}
			// Again, with one event changed and one new: the rest are
			// duplicates.
			again := slices.Clone(events[:200])
			again[7].UnitID = "other"
			again = append(again, event.Event{ID: "new", Type: event.Replied, At: events[0].At, TicketID: "T-new", UnitID: "u"})
			out, err = s.PutEvents(ctx, again)
			if err != nil {
				t.Fatal(err)
			}
			for i, o := range out {
				want := store.Duplicate
				switch i {
				case 7:
					want = store.Conflict
				case len(again) - 1:
					want = store.Stored
				}
				if o.Status != want {
					t.Errorf("again: event %s: %s, want %s", again[i].ID, o.Status, want)
				}
			}
			// Every ticket item holds the bodies of its events.
			want := map[string][]string{}
			for _, e := range slices.Concat(events, again[len(again)-1:]) {
				if e.TicketID != "" {
					want[e.TicketID] = append(want[e.TicketID], string(e.AppendJSON(nil)))
				}
			}
			if diff := cmp.Diff(want, ticketItems(t, db), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("ticket items (-want +got):\n%s", diff)
			}
		})
	}
}

// ticketItems are the event bodies the ticket items of db copy, by ticket.
func ticketItems(t *testing.T, db *fakeDB) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	for _, it := range db.items {
		var r ticketRecord
		if err := attributevalue.UnmarshalMap(it, &r); err != nil {
			t.Fatal(err)
		}
		if tk, ok := ticketOf(r.itemKey); ok {
			got[tk] = r.Events
		}
	}
	return got
}

func TestLargeTicketWithFake(t *testing.T) {
	db := newFakeDB()
	s := New(db, "t", shanghai(t))
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, shanghai(t))
	reason := strings.Repeat("长", 1000) // 3,000 bytes a body
	var events []event.Event
	for i := range 150 {
		events = append(events, event.Event{ID: fmt.Sprintf("r%03d", i), Type: event.Returned, At: at.Add(time.Duration(i) * time.Minute), TicketID: "BIG", UnitID: "u", Reason: reason})
	}
	for _, part := range [][]event.Event{events[:60], events[60:]} {
		out, err := s.PutEvents(context.Background(), part)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range out {
			if o.Status != store.Stored {
				t.Fatalf("event %s: %s", part[i].ID, o.Status)
			}
		}
	}
	var r ticketRecord
	if err := attributevalue.UnmarshalMap(db.items[ticketKey("BIG").PK], &r); err != nil {
		t.Fatal(err)
	}
	if !r.Large || r.Bytes > ticketBytes || len(r.Events) == len(events) {
		t.Errorf("ticket item: large %v, %d bytes in %d bodies; want large, at most %d bytes", r.Large, r.Bytes, len(r.Events), ticketBytes)
	}
}

func TestCancelledReasons(t *testing.T) {
	s := New(nil, "t", shanghai(t))
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, shanghai(t))
	events := []event.Event{
		{ID: "dup", Type: event.Replied, At: at, TicketID: "T", UnitID: "u"},
		{ID: "conflict", Type: event.Replied, At: at, TicketID: "T", UnitID: "u"},
		{ID: "unknown", Type: event.Replied, At: at, TicketID: "T", UnitID: "u"},
		{ID: "none", Type: event.Replied, At: at, TicketID: "T", UnitID: "u"},
		{ID: "busy", Type: event.Replied, At: at, TicketID: "T", UnitID: "u"},
	}
	tx := txPlan{events: []int{0, 1, 2, 3, 4}, tickets: []string{"T"}}
	stored := func(hash uint64) item {
		return item{attrPK: &types.AttributeValueMemberS{Value: "x"}, attrHash: &types.AttributeValueMemberS{Value: hashString(hash)}}
	}
	reason := func(code string, it item) types.CancellationReason {
		return types.CancellationReason{Code: aws.String(code), Item: it}
	}
	c := &types.TransactionCanceledException{CancellationReasons: []types.CancellationReason{
		reason(reasonCondition, stored(events[0].ContentHash())),
		reason(reasonCondition, stored(12345)),
		reason(reasonCondition, nil),
		reason(reasonNone, nil),
		reason(reasonConflict, nil),
		reason(reasonNone, nil),
	}}
	r, err := s.cancelled(events, tx, c)
	if err != nil {
		t.Fatal(err)
	}
	want := txResult{
		decided:    map[int]store.Outcome{0: {Status: store.Duplicate}, 1: store.ConflictOutcome()},
		retry:      []int{3, 4},
		unknown:    []int{2},
		contention: true,
	}
	if diff := cmp.Diff(want, r, cmp.AllowUnexported(txResult{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	c.CancellationReasons[5] = reason(reasonCondition, nil)
	if r, err := s.cancelled(events, tx, c); err != nil || !slices.Equal(r.large, []string{"T"}) {
		t.Errorf("the ticket update's condition failed: large %q, %v; want ticket T large", r.large, err)
	}
	c.CancellationReasons[5] = reason("ValidationError", nil)
	if _, err := s.cancelled(events, tx, c); err == nil {
		t.Errorf("a validation error of the ticket update is not an error")
	}
	c.CancellationReasons = c.CancellationReasons[:2]
	if r, err := s.cancelled(events, tx, c); err != nil || len(r.retry) != len(events) {
		t.Errorf("reasons that do not match the actions: %+v, %v; want every event retried", r, err)
	}
}

func TestBackoff(t *testing.T) {
	for attempt := range 40 {
		window := min(backoffMax, backoffBase<<max(attempt-1, 0))
		if attempt >= 20 {
			window = backoffMax
		}
		for range 100 {
			if d := backoff(attempt); d < 0 || d > window {
				t.Fatalf("backoff(%d) = %v, want within [0, %v]", attempt, d, window)
			}
		}
	}
}

func TestTicketUpdate(t *testing.T) {
	s := New(nil, "t", shanghai(t))
	small := []string{"a", "bc"}
	huge := []string{strings.Repeat("x", ticketBytes+1)}
	for _, c := range []struct {
		name   string
		bodies []string
		large  bool
		want   string
	}{
		{"bodies that fit", small, false, "ADD #events :bodies, #bytes :n"},
		{"a large ticket", small, true, "SET #large = :true"},
		{"bodies that never fit", huge, false, "SET #large = :true"},
	} {
		u := s.ticketUpdate("T", c.bodies, c.large)
		if got := aws.ToString(u.UpdateExpression); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	u := s.ticketUpdate("T", small, false)
	if room := u.ExpressionAttributeValues[":room"].(*types.AttributeValueMemberN).Value; room != fmt.Sprint(ticketBytes-3) {
		t.Errorf("room %s, want %d", room, ticketBytes-3)
	}
}

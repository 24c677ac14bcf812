package main

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

// scopeEvents are a ticket of August, a ticket of October, a ticket of
// September, a ticketless criticism of August and, in December, the
// corrections: a waiver of the August assignment (its ticket_id naming the
// September ticket), a retraction of the criticism, a retraction of the
// waiver and one of an id that names nothing.
func scopeEvents() []event.Event {
	loc := gen.Shanghai()
	aug := time.Date(2026, 8, 10, 9, 0, 0, 0, loc)
	sep := time.Date(2026, 9, 10, 9, 0, 0, 0, loc)
	oct := time.Date(2026, 10, 12, 9, 0, 0, 0, loc)
	dec := time.Date(2026, 12, 3, 9, 0, 0, 0, loc)
	return []event.Event{
		{ID: "a1", Type: event.Assigned, At: aug, TicketID: "A", UnitID: "u1", DueAt: aug.AddDate(0, 0, 2), Channel: "hotline_12345"},
		{ID: "a2", Type: event.Replied, At: aug.AddDate(0, 0, 5), TicketID: "A", UnitID: "u1"},
		{ID: "s1", Type: event.Assigned, At: sep, TicketID: "S", UnitID: "u1", DueAt: sep.AddDate(0, 0, 2), Channel: "hotline_12345"},
		{ID: "o1", Type: event.Assigned, At: oct, TicketID: "O", UnitID: "u2", DueAt: oct.AddDate(0, 0, 2), Channel: "hotline_12345"},
		{ID: "c1", Type: event.Criticized, At: aug, UnitID: "u2", Reason: "not_handled"},
		{ID: "w1", Type: event.DeductionWaived, At: dec, TicketID: "S", UnitID: "u1", Rule: "overdue", EventID: "a1", Reason: "申诉成立"},
		{ID: "r1", Type: event.Retracted, At: dec, EventID: "c1", Reason: "录入错误"},
		{ID: "r2", Type: event.Retracted, At: dec, EventID: "w1", Reason: "核销有误"},
		{ID: "r3", Type: event.Retracted, At: dec, EventID: "nothing", Reason: "编号有误"},
	}
}

// TestScopeOfCorrections: the model of the month scope that checkScope
// holds the stores to reads, in every month, the corrections, the events
// they name and the whole history of a named event's ticket, never the
// ticket a correction's ticket_id names (store.Scope); and the memory and
// SQLite stores agree with it.
func TestScopeOfCorrections(t *testing.T) {
	stored := scopeEvents()
	for i := range stored {
		if err := stored[i].Validate(); err != nil {
			t.Fatalf("event %s: %v", stored[i].ID, err)
		}
	}
	sc := store.Scope{Location: gen.Shanghai()}
	fixes := []string{"a1", "a2", "c1", "r1", "r2", "r3", "w1"} // the corrections and what they name
	want := map[calendar.Month][]string{
		{Year: 2026, Month: 8}:  fixes,
		{Year: 2026, Month: 9}:  append(slices.Clone(fixes), "s1"),
		{Year: 2026, Month: 10}: append(slices.Clone(fixes), "o1"),
		{Year: 2026, Month: 12}: fixes,
	}
	for m, ids := range want {
		var got []string
		for id := range scopeOf(stored, m, sc) {
			got = append(got, id)
		}
		slices.Sort(got)
		slices.Sort(ids)
		if diff := cmp.Diff(ids, got); diff != "" {
			t.Errorf("scopeOf %s (-want +got):\n%s", m, diff)
		}
	}

	sq, err := sqlite.Open(t.TempDir(), sc.Location)
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	ctx := context.Background()
	for name, st := range map[string]store.Store{"memstore": memstore.New(sc.Location), "sqlite": sq} {
		if _, err := st.PutEvents(ctx, stored); err != nil {
			t.Fatal(err)
		}
		for m := range want {
			c, err := checkScope(ctx, st, m, stored)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range c.violations {
				t.Errorf("%s: %s", name, v)
			}
		}
	}
}

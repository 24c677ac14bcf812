package dynamo_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
	"github.com/shizhong/hotline/shared/store/storetest"
	"github.com/shizhong/hotline/shared/unit"
)

// newClient is a DynamoDB client of ep with fake static credentials and the
// store's retry policy, changed by opts.
func newClient(ep string, opts ...func(*retry.StandardOptions)) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(ep),
		Credentials:  credentials.NewStaticCredentialsProvider("hotline-test", "hotline-test", ""),
		Retryer:      retry.NewStandard(append([]func(*retry.StandardOptions){dynamo.RetryOptions}, opts...)...),
	})
}

var tables atomic.Int64

// newTable creates a table of its own for one test and deletes it after.
func newTable(t testing.TB, client *dynamodb.Client) string {
	t.Helper()
	name := fmt.Sprintf("hotline-%d-%d", time.Now().UnixNano(), tables.Add(1))
	ctx := context.Background()
	if err := dynamo.CreateTable(ctx, client, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
			t.Errorf("delete table %s: %v", name, err)
		}
	})
	return name
}

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestConformance(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	loc := shanghai(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return dynamo.New(client, newTable(t, client), loc)
	})
}

// TestPeopleConformance runs the accounts and sessions suite; DynamoDB's
// TTL removes expired sessions, so the sweep may remove none.
func TestPeopleConformance(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	loc := shanghai(t)
	storetest.People(t, func(t *testing.T) storetest.PeopleStore {
		return dynamo.New(client, newTable(t, client), loc)
	}, storetest.SessionsExpireByThemselves())
}

// TestAppealsConformance runs the appeals suite (SPEC v1.1 §12).
func TestAppealsConformance(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	loc := shanghai(t)
	storetest.Appeals(t, func(t *testing.T) storetest.AppealsStore {
		return dynamo.New(client, newTable(t, client), loc)
	})
}

// district generates a district over the three months ending October 2026,
// with about ten events per ticket of the last month.
func district(t testing.TB, seed uint64, tickets int) ([]unit.Unit, []event.Event) {
	t.Helper()
	reg, events := testenv.District(t, gen.Config{Seed: seed, Tickets: tickets, Month: october, Months: 3, Location: shanghai(t)})
	return reg.Units(), events
}

var october = calendar.Month{Year: 2026, Month: time.October}

// stored reads every stored event as id → content hash.
func stored(t testing.TB, s store.Store) map[string]uint64 {
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

// statuses counts the outcomes of a PutEvents call by status.
func statuses(out []store.Outcome) string {
	n := map[store.Status]int{}
	for _, o := range out {
		n[o.Status]++
	}
	var parts []string
	for _, st := range []store.Status{store.Stored, store.Duplicate, store.Conflict} {
		if n[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[st], st))
		}
	}
	return strings.Join(parts, ", ")
}

// TestLargeRegistry puts the largest registry the generator makes, 5,000
// units, in the one item that holds the registry.
func TestLargeRegistry(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	s := dynamo.New(client, newTable(t, client), shanghai(t))
	reg, _ := testenv.District(t, gen.Config{Seed: 1, Tickets: 10, Units: gen.MaxUnits, Month: october, Location: shanghai(t)})
	ctx := context.Background()
	if err := s.PutUnits(ctx, reg.Units()); err != nil {
		t.Fatal(err)
	}
	got, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(reg.Units(), got); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
}

// TestLargeTicket: a ticket whose events outgrow its item is read from the
// by_ticket index, and a month still gets its whole history; so does a
// month whose corrections name an event of it (store.Scope), at the cost of
// one BatchGetItem for the events named.
func TestLargeTicket(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	loc := shanghai(t)
	counter := newCounter(client)
	s := dynamo.New(counter, newTable(t, client), loc)
	ctx := context.Background()
	start := time.Date(2026, 9, 20, 10, 0, 0, 0, loc)
	reason := strings.Repeat("退", 1000) // 3,000 bytes a body: ~100 fill a ticket item
	var events []event.Event
	for i := range 160 { // 2026-09-20 to 2026-10-09
		events = append(events, event.Event{ID: fmt.Sprintf("big-%03d", i), Type: event.Returned,
			At: start.Add(time.Duration(i) * 3 * time.Hour), TicketID: "BIG", UnitID: "wenhualu", Reason: reason})
	}
	events = append(events, event.Event{ID: "small-1", Type: event.Replied, At: start, TicketID: "SMALL", UnitID: "wenhualu"},
		event.Event{ID: "small-2", Type: event.Replied, At: start.AddDate(0, 0, 20), TicketID: "SMALL", UnitID: "wenhualu"})
	for _, part := range [][]event.Event{events[:70], events[70:]} {
		out, err := s.PutEvents(ctx, part)
		if err != nil {
			t.Fatal(err)
		}
		if got := statuses(out); got != fmt.Sprintf("%d stored", len(part)) {
			t.Fatalf("PutEvents: %s", got)
		}
	}
	counter.take()
	var got []event.Event
	if err := s.MonthEvents(ctx, october, func(b []event.Event) error { got = append(got, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ids(events), ids(got)); diff != "" {
		t.Errorf("MonthEvents (-want +got):\n%s", diff)
	}
	// 16 by_month shards, 16 by_due shards, the org and the correction
	// partitions, and the large ticket's history; SMALL's history comes with
	// its ticket item.
	if n := counter.take(); n["Query"] != 35 || n["BatchGetItem"] != 1 {
		t.Errorf("MonthEvents: %v, want 35 queries and 1 batch get", n)
	}

	// December has no event but corrections, which name an event of each
	// ticket and an id that names nothing.
	dec := time.Date(2026, 12, 10, 9, 0, 0, 0, loc)
	fixes := []event.Event{
		{ID: "fix-1", Type: event.Retracted, At: dec, EventID: "big-005", Reason: "录入错误"},
		{ID: "fix-2", Type: event.DeductionWaived, At: dec, UnitID: "wenhualu", Rule: "late_return", EventID: "small-2", Reason: "申诉成立"},
		{ID: "fix-3", Type: event.Retracted, At: dec, EventID: "no-such-event", Reason: "编号有误"},
	}
	if out, err := s.PutEvents(ctx, fixes); err != nil || statuses(out) != "3 stored" {
		t.Fatalf("PutEvents: %v %v", statuses(out), err)
	}
	counter.take()
	got = nil
	december := calendar.Month{Year: 2026, Month: 12}
	if err := s.MonthEvents(ctx, december, func(b []event.Event) error { got = append(got, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ids(append(events, fixes...)), ids(got)); diff != "" {
		t.Errorf("MonthEvents(%s) (-want +got):\n%s", december, diff)
	}
	// The partitions; one batch get of the events named and one of the
	// ticket items; the large ticket's history.
	if n := counter.take(); n["Query"] != 35 || n["BatchGetItem"] != 2 {
		t.Errorf("MonthEvents(%s): %v, want 35 queries and 2 batch gets", december, n)
	}
}

// TestImportsConformance runs the suite of the records of imports (issue 15).
func TestImportsConformance(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	loc := shanghai(t)
	storetest.Imports(t, func(t *testing.T) storetest.ImportsStore {
		return dynamo.New(client, newTable(t, client), loc)
	})
}

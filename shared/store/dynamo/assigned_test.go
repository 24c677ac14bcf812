package dynamo_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// indexes is a client that records the index of every Query.
type indexes struct {
	dynamo.Client
	mu   sync.Mutex
	seen map[string]int
}

func (c *indexes) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	c.mu.Lock()
	if c.seen == nil {
		c.seen = map[string]int{}
	}
	c.seen[aws.ToString(in.IndexName)]++
	c.mu.Unlock()
	return c.Client.Query(ctx, in, o...)
}

// take returns the queries by index since the last take.
func (c *indexes) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := c.seen
	c.seen = nil
	return seen
}

// briefs reads month m's assignments as a sorted list.
func briefs(t *testing.T, s *dynamo.Store, m calendar.Month) []event.Brief {
	t.Helper()
	var got []event.Brief
	err := s.MonthAssignments(context.Background(), m, func(b []event.Brief) error {
		got = append(got, b...)
		return nil
	})
	if err != nil {
		t.Fatalf("MonthAssignments %s: %v", m, err)
	}
	slices.SortFunc(got, func(a, b event.Brief) int { return strings.Compare(a.ID, b.ID) })
	return got
}

// putDistrict stores units and events.
func putDistrict(t *testing.T, s store.Store, events []event.Event) {
	t.Helper()
	for i := 0; i < len(events); i += store.MaxBatch {
		if _, err := s.PutEvents(context.Background(), events[i:min(i+store.MaxBatch, len(events))]); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAssignedIndexAndBackfill: SPEC §6 staffing (四(一)) counts a unit's
// assignments of every month from January, which the month end reads in
// summary. The sparse index by_assigned gives the same assignments (ids,
// units, content hashes) as the by_month way; an assignment stored before
// the index existed (simulated: its index attributes removed) is found the
// by_month way while the table has no marker, and the index way once
// BackfillAssignments has run, which writes the marker.
func TestAssignedIndexAndBackfill(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	table := newTable(t, client)
	ctx := context.Background()
	_, events := district(t, 11, 60)
	putDistrict(t, dynamo.New(client, table, shanghai(t)), events)

	scope := store.Scope{Location: shanghai(t)}
	var want []event.Brief
	for i := range events {
		if events[i].Type == event.Assigned && scope.MonthKey(&events[i]) == october.String() {
			want = append(want, events[i].Brief())
		}
	}
	slices.SortFunc(want, func(a, b event.Brief) int { return strings.Compare(a.ID, b.ID) })
	if len(want) < 10 {
		t.Fatalf("the district assigns %d tickets in October: too few to show anything", len(want))
	}

	rec := &indexes{Client: client}
	before := dynamo.New(rec, table, shanghai(t))
	if diff := cmp.Diff(want, briefs(t, before, october)); diff != "" {
		t.Fatalf("by_month, no marker (-want +got):\n%s", diff)
	}
	if q := rec.take(); q["by_assigned"] != 0 || q["by_month"] == 0 {
		t.Errorf("without the marker the store queried %v, want by_month alone", q)
	}

	// Every third assignment of October as an item written before the index.
	var old []string
	for i, b := range want {
		if i%3 != 0 {
			continue
		}
		old = append(old, b.ID)
		_, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                aws.String(table),
			Key:                      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "EVENT#" + b.ID}, "sk": &types.AttributeValueMemberS{Value: "EVENT"}},
			UpdateExpression:         aws.String("REMOVE gsi4pk, gsi4sk, #unit"),
			ExpressionAttributeNames: map[string]string{"#unit": "unit"},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := indexed(t, client, table, october); n != len(want)-len(old) {
		t.Fatalf("by_assigned holds %d of October's %d assignments, want %d: the removal did not take", n, len(want), len(want)-len(old))
	}
	if diff := cmp.Diff(want, briefs(t, dynamo.New(client, table, shanghai(t)), october)); diff != "" {
		t.Fatalf("by_month after the removal, no marker (-want +got):\n%s", diff)
	}

	s := dynamo.New(client, table, shanghai(t))
	var progress []int
	n, err := s.BackfillAssignments(ctx, func(done int) { progress = append(progress, done) })
	if err != nil {
		t.Fatalf("BackfillAssignments: %v", err)
	}
	if n != len(old) || len(progress) == 0 || progress[len(progress)-1] != n {
		t.Errorf("BackfillAssignments updated %d items (progress %v), want the %d without the index", n, progress, len(old))
	}
	if n := indexed(t, client, table, october); n != len(want) {
		t.Errorf("after the backfill by_assigned holds %d of October's %d assignments", n, len(want))
	}

	after := dynamo.New(rec, table, shanghai(t))
	rec.take()
	for _, m := range []calendar.Month{{Year: 2026, Month: time.August}, {Year: 2026, Month: time.September}, october, {Year: 2026, Month: time.November}} {
		wantM := []event.Brief{}
		for i := range events {
			if events[i].Type == event.Assigned && scope.MonthKey(&events[i]) == m.String() {
				wantM = append(wantM, events[i].Brief())
			}
		}
		slices.SortFunc(wantM, func(a, b event.Brief) int { return strings.Compare(a.ID, b.ID) })
		if diff := cmp.Diff(wantM, briefs(t, after, m), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("by_assigned after the backfill, %s (-want +got):\n%s", m, diff)
		}
	}
	if q := rec.take(); q["by_month"] != 0 || q["by_assigned"] == 0 {
		t.Errorf("with the marker the store queried %v, want by_assigned alone", q)
	}

	if again, err := s.BackfillAssignments(ctx, nil); err != nil || again != 0 {
		t.Errorf("BackfillAssignments again: %d items, %v; want 0, nil", again, err)
	}
}

// indexed counts the items of month m in by_assigned, read directly.
func indexed(t *testing.T, client *dynamodb.Client, table string, m calendar.Month) int {
	t.Helper()
	n := 0
	for sh := range 16 {
		p := dynamodb.NewQueryPaginator(client, &dynamodb.QueryInput{
			TableName:                 aws.String(table),
			IndexName:                 aws.String("by_assigned"),
			KeyConditionExpression:    aws.String("gsi4pk = :p"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: "A#" + m.String() + "#" + twoDigits(sh)}},
			Select:                    types.SelectCount,
		})
		for p.HasMorePages() {
			page, err := p.NextPage(context.Background())
			if err != nil {
				t.Fatalf("query by_assigned: %v", err)
			}
			n += int(page.Count)
		}
	}
	return n
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// TestMonthEndOverAssignedIndex: the month end of December 2026 reads
// January to September in summary for the staffing rule (SPEC §6, 四(一));
// its result, fingerprint included, is the same through by_assigned (after
// the backfill), through by_month (no marker) and over the memory store.
func TestMonthEndOverAssignedIndex(t *testing.T) {
	client := newClient(testenv.Endpoint(t))
	loc := shanghai(t)
	ctx := context.Background()
	units, events := district(t, 12, 40)
	december := calendar.Month{Year: 2026, Month: time.December}
	now := december.End(loc).Add(5 * time.Minute)
	month := func(st store.Store) store.Result {
		t.Helper()
		if err := st.PutUnits(ctx, units); err != nil {
			t.Fatal(err)
		}
		putDistrict(t, st, events)
		svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(loc)}
		r, err := svc.Month(ctx, december, now)
		if err != nil {
			t.Fatalf("month %s: %v", december, err)
		}
		return r
	}
	want := month(memstore.New(loc))

	rec := &indexes{Client: client}
	byMonth := month(dynamo.New(rec, newTable(t, client), loc))
	if q := rec.take(); q["by_month"] == 0 || q["by_assigned"] != 0 {
		t.Errorf("without the marker the month end queried %v", q)
	}

	st := dynamo.New(rec, newTable(t, client), loc)
	if _, err := st.BackfillAssignments(ctx, nil); err != nil { // on an empty table: the marker
		t.Fatal(err)
	}
	byAssigned := month(st)
	if q := rec.take(); q["by_assigned"] == 0 {
		t.Errorf("with the marker the month end queried %v, not by_assigned", q)
	}
	for _, got := range []struct {
		name string
		r    store.Result
	}{{"by_month", byMonth}, {"by_assigned", byAssigned}} {
		if got.r.Fingerprint != want.Fingerprint {
			t.Errorf("%s: fingerprint %s, memory store's %s", got.name, got.r.Fingerprint, want.Fingerprint)
		}
		if diff := cmp.Diff(string(want.Body), string(got.r.Body)); diff != "" {
			t.Errorf("%s: result (-memory +dynamo):\n%s", got.name, diff)
		}
	}
}

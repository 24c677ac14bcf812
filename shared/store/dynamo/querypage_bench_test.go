package dynamo

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
)

// BenchmarkQueryPage is the client side of reading a month: one page of
// index items (1 MB, as DynamoDB returns them, of generated events) through
// the SDK's client from a local HTTP server, decoded into events as the
// month end does (queryPartition). events/s is per core: the figure the
// Beijing estimate in docs/performance.md divides by. The "assignments"
// case is a month read in summary from by_month (MonthAssignments before
// the table's by_assigned is complete), which decodes only the
// assignments; BenchmarkQueryPageAssigned is the same read from by_assigned.
func BenchmarkQueryPage(b *testing.B) {
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		b.Fatal(err)
	}
	_, events := testenv.District(b, gen.Config{Seed: 3, Tickets: 3000, Month: calendar.Month{Year: 2026, Month: 10}, Location: loc})
	var items []map[string]attr
	size := 0
	for i := 0; size < 1<<20 && i < len(events); i++ {
		body := string(events[i].AppendJSON(nil))
		items = append(items, map[string]attr{attrBody: {S: body}})
		size += len(attrBody) + len(body) + 1
	}
	page, s := pageStore(b, items, loc)
	for _, tt := range []struct {
		name string
		only event.Type
	}{{"whole", 0}, {"assignments", event.Assigned}} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			kept := 0
			cpu := testenv.ProcessCPU()
			for b.Loop() {
				kept = 0
				err := s.queryPartition(context.Background(), partition{index: indexByMonth, attr: attrMonth, value: "2026-10#0", only: tt.only},
					func(batch []event.Event) error { kept += len(batch); return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(items))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			// CPU time, which other jobs on the machine move less than
			// wall time; the local server's share (writing the page) is in
			// it too, so it is an upper bound of the client's.
			b.ReportMetric(float64(testenv.ProcessCPU()-cpu)/float64(len(items)*b.N), "cpu-ns/event")
			b.ReportMetric(float64(kept), "kept/op")
		})
	}
}

// BenchmarkQueryPageAssigned is the client side of reading a month in
// summary through by_assigned (queryAssigned): one page of the index (1 MB
// of index items, each the keys of an assignment's item and of the index,
// its content hash and its unit, as DynamoDB bills them) answered with the
// attributes the store asks for (pk, h, unit), decoded into briefs.
// index-B/item is the size of an index item as the read units count it;
// cpu-ns/item the CPU time an item costs the client (the local server's
// share included).
func BenchmarkQueryPageAssigned(b *testing.B) {
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		b.Fatal(err)
	}
	oct := calendar.Month{Year: 2026, Month: 10}
	_, events := testenv.District(b, gen.Config{Seed: 3, Tickets: 60000, Month: oct, Location: loc})
	var items []map[string]attr
	size := 0
	for i := 0; size < 1<<20 && i < len(events); i++ {
		e := &events[i]
		if e.Type != event.Assigned {
			continue
		}
		r := newEventRecord(e, loc)
		full := map[string]string{attrPK: r.PK, attrSK: r.SK, attrAsg: r.Assigned, attrAsgS: r.AssignedSort, attrHash: r.Hash, attrUnit: r.Unit}
		for name, v := range full {
			size += len(name) + len(v)
		}
		items = append(items, map[string]attr{attrPK: {S: r.PK}, attrHash: {S: r.Hash}, attrUnit: {S: r.Unit}})
	}
	if size < 1<<20 {
		b.Fatalf("the district has %d bytes of assignments, not a page", size)
	}
	page, s := pageStore(b, items, loc)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	kept := 0
	cpu := testenv.ProcessCPU()
	for b.Loop() {
		kept = 0
		err := s.queryAssigned(context.Background(), assignedPartition(oct, 0),
			func(batch []event.Brief) error { kept += len(batch); return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(items))*float64(b.N)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(testenv.ProcessCPU()-cpu)/float64(len(items)*b.N), "cpu-ns/item")
	b.ReportMetric(float64(size)/float64(len(items)), "index-B/item")
	b.ReportMetric(float64(kept), "kept/op")
}

// attr is a string attribute of an item in DynamoDB's JSON.
type attr struct {
	S string `json:"S"`
}

// pageStore is a store whose every Query answers with one page of items,
// from a local HTTP server closed when b ends, and that page's bytes.
func pageStore(b *testing.B, items []map[string]attr, loc *time.Location) ([]byte, *Store) {
	b.Helper()
	page, err := json.Marshal(map[string]any{"Count": len(items), "ScannedCount": len(items), "Items": items})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = w.Write(page)
	}))
	b.Cleanup(srv.Close)
	client := dynamodb.New(dynamodb.Options{
		Region:       "cn-north-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  aws.AnonymousCredentials{},
	})
	return page, New(client, "bench", loc)
}

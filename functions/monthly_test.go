package functions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/publish"
	"github.com/shizhong/hotline/shared/report"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/unit"
)

// october is the month the tests generate and compute.
var october = calendar.Month{Year: 2026, Month: 10}

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// district generates a district with the given number of tickets a month
// over months months ending in October 2026 (shared/gen, seed 2026).
func district(t testing.TB, tickets, months int) (*unit.Registry, []event.Event) {
	t.Helper()
	return testenv.District(t, gen.Config{Seed: 2026, Tickets: tickets, Month: october, Months: months, Location: shanghai(t)})
}

// fill stores the registry and the events in batches of store.MaxBatch,
// with loaders batches in flight, as ingest clients would deliver them.
func fill(t testing.TB, st store.Store, reg *unit.Registry, events []event.Event, loaders int) {
	t.Helper()
	ctx := context.Background()
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		t.Fatalf("put units: %v", err)
	}
	batches := make(chan []event.Event)
	errs := make(chan error, loaders)
	var wg sync.WaitGroup
	for range loaders {
		wg.Go(func() {
			for b := range batches {
				out, err := st.PutEvents(ctx, b)
				if err != nil {
					errs <- err
					return
				}
				for i, o := range out {
					if o.Status != store.Stored && o.Status != store.Duplicate {
						errs <- &batchError{b[i].ID, o}
						return
					}
				}
			}
		})
	}
	for i := 0; i < len(events); i += store.MaxBatch {
		select {
		case batches <- events[i:min(i+store.MaxBatch, len(events))]:
		case err := <-errs:
			close(batches)
			wg.Wait()
			t.Fatalf("put events: %v", err)
		}
	}
	close(batches)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatalf("put events: %v", err)
	}
}

type batchError struct {
	id  string
	out store.Outcome
}

func (e *batchError) Error() string {
	return "event " + e.id + ": " + string(e.out.Status) + " " + e.out.Reason
}

// counting counts the DynamoDB calls of a store and the size of what they
// read, for the month-end measurements.
type counting struct {
	*dynamodb.Client
	mu    sync.Mutex
	calls map[string]int
	bytes map[string]int64
}

func newCounting(c *dynamodb.Client) *counting {
	return &counting{Client: c, calls: map[string]int{}, bytes: map[string]int64{}}
}

func (c *counting) add(call string, items []map[string]types.AttributeValue) {
	var n int64
	for _, it := range items {
		n += itemSize(it)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[call]++
	c.bytes[call] += n
}

// take returns the counts so far and starts again from zero.
func (c *counting) take() (calls map[string]int, bytes map[string]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	calls, bytes = c.calls, c.bytes
	c.calls, c.bytes = map[string]int{}, map[string]int64{}
	return calls, bytes
}

func (c *counting) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	out, err := c.Client.Query(ctx, in, opts...)
	if err == nil {
		c.add("Query", out.Items)
	}
	return out, err
}

func (c *counting) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	out, err := c.Client.BatchGetItem(ctx, in, opts...)
	if err == nil {
		var items []map[string]types.AttributeValue
		for _, v := range out.Responses {
			items = append(items, v...)
		}
		c.add("BatchGetItem", items)
	}
	return out, err
}

func (c *counting) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	out, err := c.Client.GetItem(ctx, in, opts...)
	if err == nil && out.Item != nil {
		c.add("GetItem", []map[string]types.AttributeValue{out.Item})
	}
	return out, err
}

// itemSize is the size of an item as DynamoDB bills it: the lengths of the
// attribute names and values (strings in UTF-8, numbers about 1 byte per
// two digits, 3 bytes of overhead per map or list).
func itemSize(item map[string]types.AttributeValue) int64 {
	var n int64
	for k, v := range item {
		n += int64(len(k)) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int64 {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return int64(len(v.Value))
	case *types.AttributeValueMemberN:
		return int64(len(v.Value)+1)/2 + 1
	case *types.AttributeValueMemberB:
		return int64(len(v.Value))
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberSS:
		var n int64
		for _, s := range v.Value {
			n += int64(len(s))
		}
		return n
	case *types.AttributeValueMemberM:
		return 3 + itemSize(v.Value)
	case *types.AttributeValueMemberL:
		n := int64(3)
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	}
	return 0
}

// BenchmarkMonthEnd measures the month-end computation against the local
// DynamoDB server (docs/performance.md, "Against the local DynamoDB
// server"): a district of HOTLINE_MONTH_TICKETS tickets in October 2026
// (default 2,000; HOTLINE_MONTH_MONTHS months ending there, default 1) is
// generated, loaded into a fresh table through the store (the load is
// logged), and then
//
//   - MonthEvents reads October's events from the store alone;
//   - dynamo computes October with compute.Service.Month, as the month-end
//     function does;
//   - memory computes it over the memory store: what the engine, the ledger
//     and the JSON cost without the storage.
//
// Each reports the DynamoDB calls and the bytes they read per operation.
// Against moto one operation takes minutes, so run it a fixed number of
// times:
//
//	eval "$(scripts/moto.sh)"
//	HOTLINE_MONTH_TICKETS=30000 go test -run '^$' -bench MonthEnd -benchtime 2x -timeout 0 ./functions
func BenchmarkMonthEnd(b *testing.B) {
	n := 2000
	if s := os.Getenv("HOTLINE_MONTH_TICKETS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("HOTLINE_MONTH_TICKETS=%q is not a positive number", s)
		}
		n = v
	}
	months := 1
	if s := os.Getenv("HOTLINE_MONTH_MONTHS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("HOTLINE_MONTH_MONTHS=%q is not a positive number", s)
		}
		months = v
	}
	endpoint := testenv.Endpoint(b)
	ctx := context.Background()
	loc := shanghai(b)

	start := time.Now()
	reg, events := district(b, n, months)
	b.Logf("generated %d units, %d events (%d tickets a month, %d months) in %s",
		reg.Len(), len(events), n, months, time.Since(start).Round(time.Millisecond))

	cfg := awsConfig(b, endpoint)
	client := newCounting(dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.Retryer = dynamo.Retryer() }))
	table := fmt.Sprintf("timing-%d", time.Now().UnixNano())
	if err := dynamo.CreateTable(ctx, client.Client, table); err != nil {
		b.Fatal(err)
	}
	st := dynamo.New(client, table, loc)
	// As a new stack's table (docs/deploy.md): the backfill run once on
	// it, empty, writes the marker of by_assigned, and every assignment
	// is then put with its keys, so the months in summary are read from
	// the index, as in service.
	if n, err := st.BackfillAssignments(ctx, nil); err != nil || n != 0 {
		b.Fatalf("backfill of the new table: %d items updated, %v; want 0, nil", n, err)
	}
	start = time.Now()
	fill(b, st, reg, events, 4)
	load := time.Since(start)
	b.Logf("loaded %d events in %s: %.0f events/s", len(events), load.Round(time.Millisecond), float64(len(events))/load.Seconds())

	now := time.Date(2026, 11, 1, 0, 5, 0, 0, loc)
	b.Run("MonthEvents", func(b *testing.B) {
		client.take()
		var read int
		cpu := testenv.ProcessCPU()
		for b.Loop() {
			read = 0
			if err := st.MonthEvents(ctx, october, func(batch []event.Event) error { read += len(batch); return nil }); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((testenv.ProcessCPU()-cpu).Seconds()/float64(b.N), "go-cpu-s/op")
		reportCalls(b, client)
		b.ReportMetric(float64(read), "events/op")
	})
	// timeMonthEnd computes October over the table st reads through c,
	// with its calls, bytes and the process's CPU per operation (as
	// metric), handing each result to check.
	timeMonthEnd := func(b *testing.B, st *dynamo.Store, c *counting, metric string, check func(store.Result)) {
		svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(loc)}
		c.take()
		b.ReportAllocs()
		cpu := testenv.ProcessCPU()
		for b.Loop() {
			res, err := svc.Month(ctx, october, now)
			if err != nil {
				b.Fatal(err)
			}
			check(res)
		}
		b.ReportMetric((testenv.ProcessCPU()-cpu).Seconds()/float64(b.N), metric)
		reportCalls(b, c)
	}
	// monthEnd computes October from the moto table, with the Go side's
	// CPU per operation.
	monthEnd := func(b *testing.B) {
		timeMonthEnd(b, st, client, "go-cpu-s/op", func(res store.Result) {
			b.Logf("compute.Service.Month(%s): v%d, %d bytes of JSON", october, res.Version, len(res.Body))
		})
	}
	b.Run("dynamo", monthEnd)
	// With August and September final, October is the one month read
	// whole (score.Window); the months before it are read in summary. The
	// two are computed over the memory store (the same events: moto would
	// take minutes a month) and stored in the table as final.
	finals := false
	makeFinal := func(b *testing.B) {
		if finals {
			return
		}
		mem := memstore.New(loc)
		fill(b, mem, reg, events, 1)
		early := &compute.Service{Store: mem, Policy: policy.Builtin(), Calendar: calendar.New(loc)}
		for _, m := range []calendar.Month{october.Prev().Prev(), october.Prev()} {
			res, err := early.Month(ctx, m, now)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := st.PutResult(ctx, res); err != nil {
				b.Fatal(err)
			}
			if _, err := st.Finalize(ctx, m.String()); err != nil {
				b.Fatal(err)
			}
		}
		finals = true
	}
	b.Run("finals", func(b *testing.B) {
		makeFinal(b)
		monthEnd(b)
	})
	// The month end of finals once more against moto, its answers
	// recorded, then computed again and again over them, served by a local
	// server a latency after each request (HOTLINE_REPLAY_LATENCY, a list,
	// default 0s,10ms,30ms: one sub-benchmark each): the month end's own
	// wall time at the speed DynamoDB answers, which moto's (one request
	// at a time, in Python) hides. Every replayed month end must give the
	// recorded one's result.
	b.Run("replay", func(b *testing.B) {
		list := os.Getenv("HOTLINE_REPLAY_LATENCY")
		if list == "" {
			list = "0s,10ms,30ms"
		}
		var latencies []time.Duration
		for _, s := range strings.Split(list, ",") {
			d, err := time.ParseDuration(strings.TrimSpace(s))
			if err != nil || d < 0 {
				b.Fatalf("HOTLINE_REPLAY_LATENCY: %q is not a duration", s)
			}
			latencies = append(latencies, d)
		}
		makeFinal(b)
		a := newAnswers()
		rcfg := awsConfig(b, endpoint)
		rcfg.HTTPClient = newRecordingClient(a)
		recorded := dynamo.New(dynamodb.NewFromConfig(rcfg, func(o *dynamodb.Options) { o.Retryer = dynamo.Retryer() }), table, loc)
		start := time.Now()
		want, err := (&compute.Service{Store: recorded, Policy: policy.Builtin(), Calendar: calendar.New(loc)}).Month(ctx, october, now)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("recorded the month end against moto in %s", time.Since(start).Round(time.Millisecond))
		for _, latency := range latencies {
			b.Run("latency="+latency.String(), func(b *testing.B) {
				srv := replayServer(b, a, latency)
				replayed := newCounting(dynamodb.NewFromConfig(awsConfig(b, srv.URL), func(o *dynamodb.Options) { o.Retryer = dynamo.Retryer() }))
				// cpu-s/op: the replay server's CPU is the process's too.
				timeMonthEnd(b, dynamo.New(replayed, table, loc), replayed, "cpu-s/op", func(got store.Result) {
					if !bytes.Equal(got.Body, want.Body) {
						b.Fatalf("the replayed month end gave %d bytes of result, the recorded one %d: not the same", len(got.Body), len(want.Body))
					}
				})
			})
		}
	})
	b.Run("memory", func(b *testing.B) {
		mem := memstore.New(loc)
		fill(b, mem, reg, events, 1)
		svc := &compute.Service{Store: mem, Policy: policy.Builtin(), Calendar: calendar.New(loc)}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.Month(ctx, october, now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCalls reports the DynamoDB calls counted since the last take, and
// the bytes they read, per operation of b.
func reportCalls(b *testing.B, c *counting) {
	calls, read := c.take()
	for call, k := range calls {
		b.ReportMetric(float64(k)/float64(b.N), call+"/op")
	}
	var total int64
	for _, k := range read {
		total += k
	}
	b.ReportMetric(float64(total)/float64(b.N)/1e6, "MB-read/op")
}

// invokeEvent invokes a function under the emulator with a plain event and
// returns its answer; a function error is returned as the error message.
func invokeEvent(t *testing.T, url string, payload []byte) (map[string]any, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", bytes.NewReader(payload))
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("the answer is not a JSON object: %v: %q", err, body)
	}
	if msg, ok := out["errorMessage"].(string); ok {
		return nil, msg
	}
	return out, ""
}

// firstPublished stores month m as the schedule of the 1st after it
// published it, at 00:05 (SPEC §12.2: the first publication, which opens
// the appeal window): by the machine's clock of a later month its window
// has closed, and a computation of m on the same events finds this
// version (the same input, as of the month's end).
func firstPublished(t *testing.T, st store.Store, m calendar.Month) store.Result {
	t.Helper()
	loc := shanghai(t)
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(loc)}
	r, err := svc.Month(context.Background(), m, m.End(loc).Add(5*time.Minute))
	if err != nil {
		t.Fatalf("publish %s on the 1st: %v", m, err)
	}
	return r
}

// TestMonthlyScoresUnderEmulator runs the month-end function as deployed
// against the local server: a generated district of about 2,000 tickets in
// October 2026 is stored through the DynamoDB store, and the function is
// invoked as the scheduler and an operator would. The ranking it publishes
// to S3 must equal the engine's result over the same events (as
// `hotline score` computes it), and the scores API must serve it.
func TestMonthlyScoresUnderEmulator(t *testing.T) {
	b := newBackend(t)
	ctx := context.Background()
	loc := shanghai(t)
	cfg := awsConfig(t, b.endpoint)
	reg, events := district(t, 2000, 1)
	st := dynamo.New(dynamodb.NewFromConfig(cfg), b.table, loc)
	fill(t, st, reg, events, 4)
	// October was published by the schedule of 1 November: its appeal
	// window (SPEC §12.2) has closed, so the operator's finalize below is
	// allowed; the function's computations of it find that version.
	firstPublished(t, st, calendar.Month{Year: 2026, Month: time.October})

	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = true
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	bucket := "rie-reports-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	messages := make(chan publish.Message, 16)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var envelope struct{ Message string }
		var m publish.Message
		body, _ := io.ReadAll(r.Body)
		if json.Unmarshal(body, &envelope) == nil && json.Unmarshal([]byte(envelope.Message), &m) == nil {
			messages <- m
		}
	}))
	defer hook.Close()
	snsc := sns.NewFromConfig(cfg)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String(hook.URL)}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOTLINE_REPORT_BUCKET", bucket)
	t.Setenv("HOTLINE_TOPIC_ARN", *topic.TopicArn)

	// One emulator at a time: each takes the runtime API's port.
	var ranking []byte
	t.Run("monthly-scores", func(t *testing.T) {
		ranking = testMonthlyScores(t, b, s3c, bucket, events, reg, messages)
	})
	if ranking == nil {
		t.Fatal("nothing published: the API is not tried")
	}
	t.Run("api", func(t *testing.T) { testAPIRanking(t, b, ranking) })
}

// testMonthlyScores invokes the month-end function as the scheduler and an
// operator would, checks what it published, and returns the ranking JSON.
func testMonthlyScores(t *testing.T, b backend, s3c *s3.Client, bucket string, events []event.Event, reg *unit.Registry, messages chan publish.Message) []byte {
	ctx := context.Background()
	loc := shanghai(t)
	url := emulate(t, build(t, "monthly-scores"), b)

	sample, err := os.ReadFile("../events/monthly-scores.json")
	if err != nil {
		t.Fatal(err)
	}
	first, fail := invokeEvent(t, url, sample)
	if fail != "" {
		t.Fatalf("%s: %s", sample, fail)
	}
	again, fail := invokeEvent(t, url, []byte(`{"month":"2026-10"}`))
	if fail != "" {
		t.Fatal(fail)
	}
	if first["period"] != "2026-10" || first["version"] != 1.0 || first["final"] != false || first["fingerprint"] == "" {
		t.Errorf("first: %v", first)
	}
	if again["version"] != first["version"] || again["fingerprint"] != first["fingerprint"] {
		t.Errorf("twice on the same input: %v then %v", first, again)
	}
	keys := publish.KeysOf("rankings", "2026-10", 1)
	if diff := cmp.Diff(toAny(keys.List()), again["published"]); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}

	// The schedule computes the month before today's: October on the
	// project's machine clock of November 2026, another month otherwise.
	scheduled, fail := invokeEvent(t, url, []byte(`{"source":"schedule"}`))
	if fail != "" {
		t.Errorf("scheduled: %s", fail)
	} else if scheduled["period"] == "2026-10" && scheduled["version"] != first["version"] {
		t.Errorf("scheduled October: %v, first %v", scheduled, first)
	}

	final, fail := invokeEvent(t, url, []byte(`{"finalize":"2026-10"}`))
	if fail != "" || final["final"] != true || final["version"] != first["version"] {
		t.Errorf("finalize: %v %s", final, fail)
	}
	if _, fail := invokeEvent(t, url, []byte(`{"month":"2026-10","priority":"high"}`)); !strings.Contains(fail, `unknown key "priority"`) {
		t.Errorf("an unknown key: %q", fail)
	}

	// The objects, with their content types; the ranking equals the
	// engine's over the same events, as_of aside.
	get := func(key, contentType string) []byte {
		t.Helper()
		obj, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		defer obj.Body.Close()
		if got := aws.ToString(obj.ContentType); got != contentType {
			t.Errorf("%s: content type %q, want %q", key, got, contentType)
		}
		if obj.ServerSideEncryption != "AES256" {
			t.Errorf("%s: encryption %q", key, obj.ServerSideEncryption)
		}
		body, err := io.ReadAll(obj.Body)
		if err != nil {
			t.Fatal(err)
		}
		return body
	}
	ranking := get(keys.JSON, publish.TypeJSON)
	book, err := excelize.OpenReader(bytes.NewReader(get(keys.XLSX, publish.TypeXLSX)))
	if err != nil {
		t.Fatalf("%s: %v", keys.XLSX, err)
	}
	defer book.Close()
	for _, sheet := range []string{"镇街", "区直部门", "扣分明细", "回退超过3次"} {
		if !slices.Contains(book.GetSheetList(), sheet) {
			t.Errorf("%s: no sheet %s in %v", keys.XLSX, sheet, book.GetSheetList())
		}
	}
	var latest publish.Latest
	if err := json.Unmarshal(get(keys.Latest, publish.TypeJSON), &latest); err != nil || latest.Version != 1 || !latest.Final || latest.Keys != keys {
		t.Errorf("latest.json: %+v, %v", latest, err)
	}
	want, err := score.Month(events, score.NewLedger(reg), policy.Builtin(), calendar.New(loc), october, october.End(loc))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withoutAsOf(t, mustJSON(t, want)), withoutAsOf(t, ranking)); diff != "" {
		t.Errorf("the published ranking differs from the engine's (-engine +published):\n%s", diff)
	}

	// Every publication was announced; the last one as final.
	var last publish.Message
	for len(messages) > 0 {
		last = <-messages
	}
	if last.Period != "2026-10" || last.Version != 1 || !last.Final || last.Bucket != bucket || last.Keys != keys {
		t.Errorf("the last message: %+v", last)
	}
	return ranking
}

// testAPIRanking invokes the API function under the emulator with the
// sample event GET /v1/months/2026-10/ranking and checks that it serves the
// published ranking.
func testAPIRanking(t *testing.T, b backend, ranking []byte) {
	url := emulate(t, build(t, "api"), b)
	sample, err := os.ReadFile("../events/api-ranking.json")
	if err != nil {
		t.Fatal(err)
	}
	status, body := invoke(t, url, sample)
	if status == http.StatusNotFound {
		t.Fatalf("404: the ranking route is missing from shared/httpapi: %v", body)
	}
	if status != http.StatusOK {
		t.Fatalf("HTTP %d: %v", status, body)
	}
	var want map[string]any
	if err := json.Unmarshal(ranking, &want); err != nil {
		t.Fatal(err)
	}
	if body["period"] != "2026-10" || body["policy"] != want["policy"] {
		t.Errorf("period %v, policy %v", body["period"], body["policy"])
	}
	units, _ := body["units"].([]any)
	if len(units) != len(want["units"].([]any)) {
		t.Errorf("%d units served, %d published", len(units), len(want["units"].([]any)))
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func mustJSON(t *testing.T, r *score.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withoutAsOf is a result in the pinned JSON shape with as_of cleared.
func withoutAsOf(t *testing.T, body []byte) string {
	t.Helper()
	var r score.Result
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	r.AsOf = time.Time{}
	return string(mustJSON(t, &r))
}

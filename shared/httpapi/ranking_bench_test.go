package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// benchAPI is a server holding October 2026 of a Shizhong-size district
// (30,000 tickets, 42 units: a ranking body of about 200 kB).
func benchAPI(b testing.TB) *api {
	b.Helper()
	loc := shanghai(b)
	reg, events := testenv.District(b, gen.Config{Seed: 3, Tickets: gen.DefaultTickets, Month: calendar.Month{Year: 2026, Month: 10}, Months: 1, Location: loc})
	st := memstore.New(loc)
	ctx := context.Background()
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(events); i += store.MaxBatch {
		if _, err := st.PutEvents(ctx, events[i:min(i+store.MaxBatch, len(events))]); err != nil {
			b.Fatal(err)
		}
	}
	a := newAPIOver(b, st, reg)
	a.computeMonths(b, "2026-10")
	return a
}

// discard is a ResponseWriter that keeps nothing, so that the handler
// benchmark measures the handler, not a copy of the body.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkRankingGET serves GET /v1/months/2026-10/ranking from the cache:
// "handler" calls the handler in parallel; "tcp" sends the requests over
// loopback HTTP/1.1 to an httptest server from 8 keep-alive clients, as a
// load generator would `hotline serve`, and reports the 99th percentile of
// the latency; "-gzip" with Accept-Encoding: gzip, "files-" with the
// bodies sent from files of Config.BodyDir, as `hotline serve` sends them.
// All report requests/s.
// clients is the number of concurrent connections of the "tcp" benchmark.
const clients = 8

func BenchmarkRankingGET(b *testing.B) {
	a := benchAPI(b)
	const path = "/v1/months/2026-10/ranking"
	if rec := a.get(path); rec.Code != http.StatusOK {
		b.Fatalf("HTTP %d", rec.Code)
	}
	b.Run("handler", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			w := &discard{h: http.Header{}}
			for pb.Next() {
				clear(w.h)
				a.srv.ServeHTTP(w, req)
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
	files := newAPIOver(b, a.store, a.reg, withBodyDir(b.TempDir()))
	for _, c := range []struct {
		name   string
		srv    http.Handler
		accept string
	}{
		{"tcp", a.srv, ""},
		{"tcp-gzip", a.srv, "gzip"},
		{"files-tcp", files.srv, ""},
		{"files-tcp-gzip", files.srv, "gzip"},
	} {
		b.Run(c.name, func(b *testing.B) { loopback(b, c.srv, path, c.accept) })
	}
}

// loopback sends GET path to h over loopback HTTP/1.1 from clients
// keep-alive connections (Accept-Encoding: accept, unless ""), the body
// read as sent, and reports requests/s and the 99th percentile of the
// latency.
func loopback(b *testing.B, h http.Handler, path, accept string) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	var mu sync.Mutex
	var latencies []time.Duration
	b.SetParallelism(max(1, clients/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if err != nil {
			b.Error(err)
			return
		}
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		var mine []time.Duration
		for pb.Next() {
			start := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("HTTP %d", resp.StatusCode)
				return
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	if len(latencies) > 0 {
		slices.Sort(latencies)
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
	}
}

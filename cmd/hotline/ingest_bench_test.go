package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

// benchBodies generates a district and cuts its events into request bodies
// of 500 events.
func benchBodies(b *testing.B, tickets int) (bodies [][]byte, events int) {
	b.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		b.Fatal(err)
	}
	_, all := testenv.District(b, gen.Config{Seed: 3, Tickets: tickets, Month: calendar.Month{Year: 2026, Month: 10}, Months: 1, Location: loc})
	for i := 0; i < len(all); i += store.MaxBatch {
		body, err := json.Marshal(all[i:min(i+store.MaxBatch, len(all))])
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	return bodies, len(all)
}

// BenchmarkIngestSQLite posts a district's events in signed batches of 500
// through the ingest handler into the embedded store, as `hotline serve`
// runs it, each batch one durable (synced) commit: the handler logic of
// POST /v1/events end to end. (It lives here rather than in shared/httpapi
// so that the fuzz targets there are not built with SQLite instrumented.)
func BenchmarkIngestSQLite(b *testing.B) {
	bodies, events := benchBodies(b, 20000)
	clients, err := auth.LoadClients("testdata/keys.yaml")
	if err != nil {
		b.Fatal(err)
	}
	const secret = "loader-secret-for-tests-0001"
	for b.Loop() {
		b.StopTimer()
		st, err := sqlite.Open(b.TempDir(), time.FixedZone("CST", 8*3600))
		if err != nil {
			b.Fatal(err)
		}
		srv := httpapi.New(httpapi.Config{Store: st, Clients: func() (*auth.Clients, error) { return clients, nil }})
		b.StartTimer()
		for _, body := range bodies {
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			req := httptest.NewRequest(http.MethodPost, "/v1/events", bytes.NewReader(body))
			req.Header.Set(auth.HeaderClient, "loader")
			req.Header.Set(auth.HeaderTimestamp, ts)
			req.Header.Set(auth.HeaderSignature, auth.Sign(secret, ts, body))
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(bodies)), "batches/op")
}

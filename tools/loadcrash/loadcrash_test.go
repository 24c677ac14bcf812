package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
)

// testLog writes each line of the run's progress to the test log.
type testLog struct {
	t   testing.TB
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadString('\n')
		if err != nil {
			l.buf.WriteString(line)
			return len(p), nil
		}
		l.t.Log(strings.TrimSuffix(line, "\n"))
	}
}

// loadCrash runs cfg and fails the test on any violation, logging the
// report.
func loadCrash(t *testing.T, cfg config) *report {
	t.Helper()
	cfg.work = t.TempDir()
	rep, err := run(context.Background(), cfg, &testLog{t: t})
	if rep != nil {
		var out bytes.Buffer
		rep.write(&out)
		t.Logf("report:\n%s", out.String())
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rep.kills); got != cfg.kills {
		t.Errorf("%d kills happened, want %d", got, cfg.kills)
	}
	if rep.final.stored != cfg.events || rep.final.acked != cfg.events {
		t.Errorf("stored %d, acknowledged %d, want %d of each", rep.final.stored, rep.final.acked, cfg.events)
	}
	if len(rep.months) == 0 {
		t.Error("no month was compared with the clean run")
	}
	return rep
}

// TestServeLoadCrash: 200 clients post ~20,000 events to `hotline serve`
// with repeats, lost answers and re-sends; the server is killed with
// SIGKILL once and started again. The store must hold exactly the
// acknowledged events, and the months computed from it must equal the
// clean run.
func TestServeLoadCrash(t *testing.T) {
	cfg := defaults()
	cfg.target, cfg.clients, cfg.events, cfg.kills, cfg.maxBatch = "serve", 200, 20_000, 1, 50
	cfg.timeout = 3 * time.Minute
	loadCrash(t, cfg)
}

// TestDynamoLoadCrash is the same against the ingest function on DynamoDB
// (moto), with 20% of the DynamoDB calls failed by the fault proxy and one
// outage of 5 s in which every call fails (the function answers 503), at a
// size moto serves in seconds. The district ends in March, so that the
// month-end computation reads three months from moto, not ten (moto walks
// the whole table for every index query).
func TestDynamoLoadCrash(t *testing.T) {
	cfg := defaults()
	cfg.target, cfg.endpoint = "dynamo", testenv.Endpoint(t)
	cfg.clients, cfg.events, cfg.kills, cfg.maxBatch = 50, 3_000, 1, 100
	cfg.faultRate, cfg.outages, cfg.outage = 0.2, 1, 5*time.Second
	cfg.month = calendar.Month{Year: 2026, Month: time.March}
	cfg.timeout = 5 * time.Minute
	rep := loadCrash(t, cfg)
	if rep.load.Unavailable == 0 {
		t.Error("no request was answered 503 during the outage")
	}
	if len(rep.notes) == 0 || !strings.Contains(rep.notes[0], "ThrottlingException") {
		t.Errorf("no fault summary in the report: %q", rep.notes)
	}
}

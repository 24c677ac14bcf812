package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shizhong/hotline/shared/auth"
)

// Backoff of a client between attempts at one batch: full jitter over a
// window from backoffBase doubling to backoffMax.
const (
	backoffBase = 20 * time.Millisecond
	backoffMax  = time.Second
)

// Config says how the clients behave.
type Config struct {
	BaseURL string // http://127.0.0.1:PORT
	Clients int    // concurrent clients, each delivering one batch at a time
	// Resend is the chance that a client posts a batch again right after it
	// was acknowledged (the answer must be all duplicates).
	Resend float64
	// Abandon is the chance that a client gives up an attempt before its
	// answer comes (after a random wait of up to twice the typical latency),
	// as a client whose connection drops does; it then posts the batch again.
	Abandon float64
	// RequestTimeout bounds one attempt.
	RequestTimeout time.Duration
	Seed           uint64
}

// Run delivers every batch of the plan at least once with cfg.Clients
// concurrent clients, recording into rec, until every batch is
// acknowledged or ctx is done (an error, naming how many are left).
func Run(ctx context.Context, p *Plan, cfg Config, rec *Record) error {
	if cfg.Clients < 1 {
		return fmt.Errorf("load: %d clients", cfg.Clients)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = time.Minute
	}
	hc := &http.Client{Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: cfg.Clients,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}}
	defer hc.CloseIdleConnections()
	queue := make(chan int)
	go func() {
		defer close(queue)
		for b := range p.Batches {
			select {
			case queue <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	var done atomic.Int64
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		c := &client{cfg: cfg, plan: p, rec: rec, http: hc, rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i)))}
		wg.Go(func() {
			for b := range queue {
				if !c.deliver(ctx, b, false) {
					return
				}
				if c.rng.Float64() < cfg.Resend {
					rec.count(func(c *Counters) { c.Resends++ })
					if !c.deliver(ctx, b, true) {
						return
					}
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	if left := len(p.Batches) - int(done.Load()); left > 0 {
		return fmt.Errorf("load: %d of %d batches not delivered: %w", left, len(p.Batches), context.Cause(ctx))
	}
	return nil
}

// client is one of the concurrent clients.
type client struct {
	cfg  Config
	plan *Plan
	rec  *Record
	http *http.Client
	rng  *rand.Rand
}

// answer is the part of an ingest answer a client reads.
type answer struct {
	Results []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Field  string `json:"field"`
		Reason string `json:"reason"`
	} `json:"results"`
}

// deliver posts batch b until it is acknowledged; false when ctx ended
// first.
func (c *client) deliver(ctx context.Context, b int, resend bool) bool {
	batch := &c.plan.Batches[b]
	for attempt := 1; ; attempt++ {
		if ctx.Err() != nil {
			return false
		}
		start := time.Now()
		c.rec.attempt(b, start)
		status, body, gaveUp, err := c.post(ctx, batch)
		switch {
		case ctx.Err() != nil:
			return false
		case err != nil && gaveUp:
			c.rec.count(func(c *Counters) { c.Abandoned++ })
		case err != nil:
			c.rec.count(func(c *Counters) { c.ConnErrors++ })
		case status == http.StatusServiceUnavailable:
			c.rec.count(func(c *Counters) { c.Unavailable++ })
		case status == http.StatusOK || status == http.StatusCreated:
			now := time.Now()
			if statuses, ok := c.read(b, status, body); ok {
				c.rec.ack(b, statuses, resend, now, now.Sub(start))
			}
			return true // an answer that does not match is a violation, not a reason to post again
		default:
			c.rec.count(func(c *Counters) { c.OtherStatus++ })
			c.rec.violation("batch %d: HTTP %d: %.300s", b, status, body)
		}
		window := backoffMax
		if attempt < 10 {
			window = min(backoffMax, backoffBase<<(attempt-1))
		}
		t := time.NewTimer(time.Duration(c.rng.Int64N(int64(window) + 1)))
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
	}
}

// post sends one signed attempt and reads its answer. gaveUp says the
// client abandoned it before the answer was read.
func (c *client) post(ctx context.Context, b *Batch) (status int, body []byte, gaveUp bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	var abandoned atomic.Bool
	if c.rng.Float64() < c.cfg.Abandon {
		wait := time.Duration(c.rng.Int64N(int64(2*c.rec.typicalLatency()) + 1))
		t := time.AfterFunc(wait, func() { abandoned.Store(true); cancel() })
		defer t.Stop()
	}
	route := c.plan.Routes[b.Route]
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.BaseURL+route.Path, bytes.NewReader(b.Body))
	if err != nil {
		return 0, nil, false, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.HeaderClient, route.Client)
	req.Header.Set(auth.HeaderTimestamp, ts)
	req.Header.Set(auth.HeaderSignature, auth.SignV2(route.Secret, auth.Message{Timestamp: ts, Method: req.Method, Target: req.URL.RequestURI(), Body: b.Body}))
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, abandoned.Load(), err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, abandoned.Load(), err
	}
	return resp.StatusCode, body, false, nil
}

// read checks an acknowledged answer against its batch and returns the
// status of each event; false (and a violation) when it does not match.
func (c *client) read(b, status int, body []byte) ([]string, bool) {
	batch := &c.plan.Batches[b]
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		c.rec.violation("batch %d: HTTP %d with an answer that is not JSON: %v", b, status, err)
		return nil, false
	}
	if len(a.Results) != len(batch.Events) {
		c.rec.violation("batch %d: %d results for %d events", b, len(a.Results), len(batch.Events))
		return nil, false
	}
	statuses := make([]string, len(a.Results))
	for i, res := range a.Results {
		if want := c.plan.Events[batch.Events[i]].ID; res.ID != want {
			c.rec.violation("batch %d: result %d is event %q, want %q", b, i, res.ID, want)
			return nil, false
		}
		statuses[i] = res.Status
		if res.Status != "stored" && res.Status != "duplicate" {
			statuses[i] = fmt.Sprintf("%s (%s: %s)", res.Status, res.Field, res.Reason)
		}
	}
	if batch.Single {
		want := http.StatusOK
		if statuses[0] == "stored" {
			want = http.StatusCreated
		}
		if status != want {
			c.rec.violation("batch %d: a single event %s answered HTTP %d, want %d", b, statuses[0], status, want)
		}
	} else if status != http.StatusOK {
		c.rec.violation("batch %d: an array answered HTTP %d, want 200", b, status)
	}
	return statuses, true
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/event"
)

// burstBatch is one POST of the ingest burst: its events, and the one
// among them (or -1) that reuses the id of an event stored before with
// other content, which must answer conflict and never reach the store.
type burstBatch struct {
	bodies   [][]byte
	events   []event.Event
	conflict int
}

// burst cuts events into batches of 50, every fifth with a changed copy of
// an event of earlier (stored before the burst) in its middle.
func burst(t *testing.T, bodies [][]byte, events, earlier []event.Event) []burstBatch {
	t.Helper()
	var out []burstBatch
	for i := 0; i < len(events); i += 50 {
		end := min(i+50, len(events))
		b := burstBatch{bodies: slices.Clone(bodies[i:end]), events: slices.Clone(events[i:end]), conflict: -1}
		if n := len(out); n%5 == 0 {
			changed := earlier[(n*37)%len(earlier)]
			changed.RecordedBy = "centre.li"
			b.conflict = len(b.events) / 2
			b.events = slices.Insert(b.events, b.conflict, changed)
			b.bodies = slices.Insert(b.bodies, b.conflict, changed.AppendJSON(nil))
		}
		out = append(out, b)
	}
	return out
}

// ingestBurst posts batches from several writers and keeps which were
// begun and which acknowledged.
type ingestBurst struct {
	url     string
	batches []burstBatch
	next    chan int

	mu          sync.Mutex
	cond        *sync.Cond
	begun, acks map[int]bool
	failed      bool
}

func newBurst(base string, batches []burstBatch) *ingestBurst {
	b := &ingestBurst{url: base + "/v1/events", batches: batches, next: make(chan int, len(batches)),
		begun: map[int]bool{}, acks: map[int]bool{}}
	b.cond = sync.NewCond(&b.mu)
	for i := range batches {
		b.next <- i
	}
	close(b.next)
	return b
}

// write posts batches until none is left, checking each answer: stored
// for every event but the conflicting one.
func (b *ingestBurst) write(t *testing.T) {
	for i := range b.next {
		b.mu.Lock()
		b.begun[i] = true
		b.mu.Unlock()
		err := b.post(b.batches[i])
		b.mu.Lock()
		if err != nil {
			t.Errorf("batch %d: %v", i, err)
			b.failed = true
		} else {
			b.acks[i] = true
		}
		b.cond.Broadcast()
		b.mu.Unlock()
	}
}

// post sends one batch, signed as the loader of testdata/keys.yaml, and
// checks the status of each event.
func (b *ingestBurst) post(batch burstBatch) error {
	body := append([]byte{'['}, bytes.Join(batch.bodies, []byte{','})...)
	body = append(body, ']')
	req, err := http.NewRequest(http.MethodPost, b.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set(auth.HeaderClient, "loader")
	req.Header.Set(auth.HeaderTimestamp, ts)
	req.Header.Set(auth.HeaderSignature, auth.Sign("loader-secret-for-tests-0001", ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, answer)
	}
	var r struct {
		Results []struct{ ID, Status string }
	}
	if err := json.Unmarshal(answer, &r); err != nil || len(r.Results) != len(batch.events) {
		return fmt.Errorf("answer %.200s: %v", answer, err)
	}
	for j, res := range r.Results {
		want := "stored"
		if j == batch.conflict {
			want = "conflict"
		}
		if res.ID != batch.events[j].ID || res.Status != want {
			return fmt.Errorf("event %d: %s %s, want %s %s", j, res.ID, res.Status, batch.events[j].ID, want)
		}
	}
	return nil
}

// waitAcked waits until n batches are acknowledged, or a writer failed or
// ran out of batches.
func (b *ingestBurst) waitAcked(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.acks) < n && !b.failed && len(b.begun) < len(b.batches) {
		b.cond.Wait()
	}
}

// acked is a copy of the set of acknowledged batches.
func (b *ingestBurst) acked() map[int]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return maps.Clone(b.acks)
}

// started is a copy of the set of batches whose POST has begun.
func (b *ingestBurst) started() map[int]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return maps.Clone(b.begun)
}

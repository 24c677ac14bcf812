package load

import (
	"fmt"
	"sync"
	"time"
)

// maxViolations is how many violation messages a Record keeps (it counts
// them all).
const maxViolations = 20

// Counters count what the clients met.
type Counters struct {
	Requests      int // HTTP requests sent
	Acked         int // requests answered 200 or 201, re-sends of acknowledged batches included
	ConnErrors    int // requests without an answer: refused, reset, the server killed
	Unavailable   int // requests answered 503: nothing acknowledged
	Abandoned     int // attempts the client gave up before their answer came
	Resends       int // acknowledged batches posted again on purpose
	OtherStatus   int // answers with any other status (each a violation)
	StoredReports int // events reported stored
	DupReports    int // events reported duplicate
}

// Record is what the clients saw: which batches and events were
// acknowledged, how often each event was reported stored, the latencies and
// the violations of the contract. It is safe for concurrent use.
type Record struct {
	mu         sync.Mutex
	plan       *Plan
	attempted  []bool // per batch: an attempt has started
	batchAcked []bool
	acked      []bool  // per event: acknowledged (stored or duplicate in an acknowledged answer)
	stored     []int32 // per event: times reported stored
	nAcked     int     // events acknowledged
	nBatches   int     // batches acknowledged (their first acknowledgement)
	firstTry   []time.Time
	latency    []time.Duration // every acknowledged request
	delivery   []time.Duration // per batch: first attempt to acknowledgement
	counters   Counters
	violations []string
	nViolation int
	start, end time.Time
	ewma       time.Duration // smoothed latency of acknowledged requests
}

// NewRecord returns an empty record of a plan.
func NewRecord(p *Plan) *Record {
	return &Record{
		plan:       p,
		attempted:  make([]bool, len(p.Batches)),
		batchAcked: make([]bool, len(p.Batches)),
		acked:      make([]bool, len(p.Events)),
		stored:     make([]int32, len(p.Events)),
		firstTry:   make([]time.Time, len(p.Batches)),
		ewma:       50 * time.Millisecond,
	}
}

// attempt notes that an attempt at batch b starts at t.
func (r *Record) attempt(b int, t time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counters.Requests++
	if r.start.IsZero() {
		r.start = t
	}
	if !r.attempted[b] {
		r.attempted[b] = true
		r.firstTry[b] = t
	}
}

// count adds to a counter.
func (r *Record) count(f func(*Counters)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.counters)
}

// violation records a breach of the contract.
func (r *Record) violation(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nViolation++
	if len(r.violations) < maxViolations {
		r.violations = append(r.violations, fmt.Sprintf(format, args...))
	}
}

// ack records an acknowledged answer to batch b (statuses per event, in
// order) received at t after latency d. A re-send of an acknowledged batch
// must be all duplicates.
func (r *Record) ack(b int, statuses []string, resend bool, t time.Time, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counters.Acked++
	r.latency = append(r.latency, d)
	r.ewma = (7*r.ewma + d) / 8
	r.end = t
	batch := &r.plan.Batches[b]
	for i, st := range statuses {
		e := batch.Events[i]
		switch st {
		case "stored":
			r.counters.StoredReports++
			r.stored[e]++
			if r.stored[e] > 1 {
				r.violate("event %s reported stored %d times", r.plan.Events[e].ID, r.stored[e])
			}
			if resend {
				r.violate("batch %d posted again after its acknowledgement: event %s reported stored, want duplicate", b, r.plan.Events[e].ID)
			}
		case "duplicate":
			r.counters.DupReports++
		default:
			r.violate("batch %d: event %s: status %q, want stored or duplicate", b, r.plan.Events[e].ID, st)
			continue
		}
		if !r.acked[e] {
			r.acked[e] = true
			r.nAcked++
		}
	}
	if !r.batchAcked[b] {
		r.batchAcked[b] = true
		r.nBatches++
		r.delivery = append(r.delivery, t.Sub(r.firstTry[b]))
	}
}

// violate is violation with r.mu held.
func (r *Record) violate(format string, args ...any) {
	r.nViolation++
	if len(r.violations) < maxViolations {
		r.violations = append(r.violations, fmt.Sprintf(format, args...))
	}
}

// Counters returns the counters so far.
func (r *Record) Counters() Counters {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counters
}

// typicalLatency is the smoothed latency of acknowledged requests.
func (r *Record) typicalLatency() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ewma
}

// Progress returns the number of events and batches acknowledged so far.
func (r *Record) Progress() (events, batches int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.nAcked, r.nBatches
}

// Snapshot is the state of the delivery at one moment.
type Snapshot struct {
	Acked      []bool // per event
	Attempted  []bool // per batch: at least one attempt started
	BatchAcked []bool // per batch
}

// Snapshot copies the state of the delivery.
func (r *Record) Snapshot() Snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Snapshot{
		Acked:      append([]bool(nil), r.acked...),
		Attempted:  append([]bool(nil), r.attempted...),
		BatchAcked: append([]bool(nil), r.batchAcked...),
	}
}

// Summary is what a finished delivery gives for the report.
type Summary struct {
	Counters
	EventsAcked, BatchesAcked int
	Wall                      time.Duration // first attempt to last acknowledgement
	Latency, Delivery         Percentiles
	Violations                []string // the first few
	ViolationCount            int
	// AckedNotStoredReported counts events acknowledged only as duplicates:
	// their write succeeded in an attempt whose answer was lost.
	AckedNotStoredReported int
}

// Summary sums up the record.
func (r *Record) Summary() Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Summary{
		Counters:       r.counters,
		EventsAcked:    r.nAcked,
		BatchesAcked:   r.nBatches,
		Wall:           r.end.Sub(r.start),
		Latency:        percentiles(r.latency),
		Delivery:       percentiles(r.delivery),
		Violations:     append([]string(nil), r.violations...),
		ViolationCount: r.nViolation,
	}
	for e, ok := range r.acked {
		if ok && r.stored[e] == 0 {
			s.AckedNotStoredReported++
		}
	}
	return s
}

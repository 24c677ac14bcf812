// Package faultproxy is an HTTP proxy in front of DynamoDB (moto in the
// tests) that fails a share of the calls the way DynamoDB does under load:
// ThrottlingException, ProvisionedThroughputExceededException, HTTP 500 and
// HTTP 503 before the call reaches the table, and HTTP 500 after the call
// was applied (the answer lost, so the caller cannot know it was). With
// BatchFaults, half the disturbed batch calls come back half unprocessed and
// half the disturbed transactions cancelled by a conflict instead.
//
// The draws come from a seeded generator, in the order calls arrive. An
// outage (SetOutage) fails every call, before it reaches the table, until it
// ends. It knows the DynamoDB JSON protocol only as far as error bodies, the
// X-Amz-Target header and the request lists of batch calls and transactions
// go. The store's fault test (shared/store/dynamo) and the load and crash
// test (tools/loadcrash) both use it.
package faultproxy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is what the proxy does to one call.
type Fault string

// The faults. Pass forwards the call unchanged.
const (
	Pass        Fault = "pass"
	Throttled   Fault = "ThrottlingException"
	Provisioned Fault = "ProvisionedThroughputExceededException"
	Internal    Fault = "HTTP 500"
	Unavailable Fault = "HTTP 503"
	Lost        Fault = "applied, answered HTTP 500"
	Partial     Fault = "half unprocessed"    // BatchFaults: a batch call, half of it applied
	Cancelled   Fault = "TransactionConflict" // BatchFaults: a transaction, nothing applied
)

var (
	failures = []Fault{Throttled, Provisioned, Internal, Unavailable, Lost}
	refusals = failures[:4] // the failures that leave the table alone
)

// Proxy forwards DynamoDB calls to a target, failing a share of them.
type Proxy struct {
	// BatchFaults turns half the disturbed BatchGetItem and BatchWriteItem
	// calls into Partial and half the disturbed TransactWriteItems into
	// Cancelled, what DynamoDB does when a partition is throttled or an item
	// is contended. Set it before the proxy serves.
	BatchFaults bool

	target string
	rate   float64
	client *http.Client

	mu       sync.Mutex
	rng      *rand.Rand
	faults   map[Fault]int
	ops      map[string]int
	outage   bool
	inOutage int // calls failed by an outage (counted in faults too)
	inflight int
	idle     *sync.Cond
	errs     []string
}

// New returns a proxy to target (http://HOST:PORT) that fails a share rate
// of the calls, drawn from seed.
func New(target string, rate float64, seed uint64) *Proxy {
	p := &Proxy{
		target: strings.TrimRight(target, "/"),
		rate:   rate,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8, MaxConnsPerHost: 8}},
		rng:    rand.New(rand.NewPCG(seed, 0xfa17)),
		faults: map[Fault]int{},
		ops:    map[string]int{},
	}
	p.idle = sync.NewCond(&p.mu)
	return p
}

// draw picks the fault of one call of operation op and counts it in flight.
func (p *Proxy) draw(op string) Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ops[op]++
	p.inflight++
	f := Pass
	switch {
	case p.outage:
		f = refusals[p.rng.IntN(len(refusals))]
		p.inOutage++
	case p.rng.Float64() < p.rate:
		f = failures[p.rng.IntN(len(failures))]
		if p.BatchFaults {
			switch op {
			case "BatchGetItem", "BatchWriteItem":
				if p.rng.IntN(2) == 0 {
					f = Partial
				}
			case "TransactWriteItems":
				if p.rng.IntN(2) == 0 {
					f = Cancelled
				}
			}
		}
	}
	p.faults[f]++
	return f
}

// SetOutage starts (true) or ends (false) an outage: while it lasts every
// call fails with throttling or a 5xx error and never reaches the table.
func (p *Proxy) SetOutage(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.outage = on
}

func (p *Proxy) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight--
	if p.inflight == 0 {
		p.idle.Broadcast()
	}
}

// WaitIdle returns once no call is in flight through the proxy (or after
// timeout, with an error): after the caller was killed, nothing it sent can
// still change the table.
func (p *Proxy) WaitIdle(timeout time.Duration) error {
	deadline := time.AfterFunc(timeout, func() { p.mu.Lock(); p.idle.Broadcast(); p.mu.Unlock() })
	defer deadline.Stop()
	end := time.Now().Add(timeout)
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.inflight > 0 {
		if time.Now().After(end) {
			return fmt.Errorf("faultproxy: %d calls still in flight after %s", p.inflight, timeout)
		}
		p.idle.Wait()
	}
	return nil
}

// Faults returns how many calls met each fault (Pass included).
func (p *Proxy) Faults() map[Fault]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.faults)
}

// Ops returns how many calls of each operation reached the proxy.
func (p *Proxy) Ops() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.ops)
}

// Errors returns the proxy's own failures to reach the target (not
// injected faults).
func (p *Proxy) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.errs)
}

// Summary says how many calls met each fault, for a report.
func (p *Proxy) Summary() string {
	faults := p.Faults()
	total := 0
	for _, n := range faults {
		total += n
	}
	var parts []string
	kinds := append([]Fault{Pass}, failures...)
	if p.BatchFaults {
		kinds = append(kinds, Partial, Cancelled)
	}
	for _, f := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", f, faults[f]))
	}
	p.mu.Lock()
	outage := p.inOutage
	p.mu.Unlock()
	return fmt.Sprintf("%d calls: %s; %d of the failures during outages", total, strings.Join(parts, ", "), outage)
}

// ServeHTTP implements http.Handler.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	op := r.Header.Get("X-Amz-Target")
	op = op[strings.LastIndexByte(op, '.')+1:]
	f := p.draw(op)
	defer p.done()
	switch f {
	case Throttled, Provisioned:
		writeError(w, http.StatusBadRequest, string(f), "injected: the request rate is too high")
	case Internal:
		writeError(w, http.StatusInternalServerError, "InternalServerError", "injected: internal server error")
	case Unavailable:
		writeError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "injected: service unavailable")
	case Lost:
		// Applied even when the caller has gone meanwhile.
		if _, _, _, err := p.forward(context.WithoutCancel(r.Context()), r, body); err != nil {
			p.fail(err)
		}
		writeError(w, http.StatusInternalServerError, "InternalServerError", "injected: applied, but the answer was lost")
	case Cancelled:
		p.cancel(w, body)
	case Partial:
		p.partial(w, r, op, body)
	default:
		p.relay(w, r, body)
	}
}

// relay forwards the call and its answer unchanged.
func (p *Proxy) relay(w http.ResponseWriter, r *http.Request, body []byte) {
	status, header, out, err := p.forward(r.Context(), r, body)
	if err != nil {
		if r.Context().Err() == nil {
			p.fail(err)
		}
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	write(w, status, header, out)
}

func (p *Proxy) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.errs) < 20 {
		p.errs = append(p.errs, err.Error())
	}
}

// forward sends the call on to the target.
func (p *Proxy) forward(ctx context.Context, r *http.Request, body []byte) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header = r.Header.Clone()
	resp, err := p.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, out, err
}

// writeError answers with a DynamoDB error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	out, _ := json.Marshal(map[string]string{"__type": "com.amazonaws.dynamodb.v20120810#" + code, "message": msg})
	write(w, status, jsonHeader, out)
}

// jsonHeader is the header of an answer the proxy makes up.
var jsonHeader = http.Header{"Content-Type": {"application/x-amz-json-1.0"}}

// write answers with body and the headers of header, its CRC32 set for
// this body (the SDK checks it).
func write(w http.ResponseWriter, status int, header http.Header, body []byte) {
	for k, v := range header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

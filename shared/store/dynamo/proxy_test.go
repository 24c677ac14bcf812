package dynamo_test

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
	"testing"
)

// fault is what the proxy does to one call.
type fault string

// The faults. The first four never reach DynamoDB; lost is applied by
// DynamoDB and then answered with an error, so the client cannot know it
// was applied; partial and cancelled are what DynamoDB does under load.
const (
	pass        fault = "pass"
	throttled   fault = "ThrottlingException"
	provisioned fault = "ProvisionedThroughputExceededException"
	internal    fault = "HTTP 500"
	unavailable fault = "HTTP 503"
	lost        fault = "applied, answered HTTP 500"
	partial     fault = "half unprocessed"
	cancelled   fault = "TransactionConflict"
)

// faults is an HTTP proxy in front of DynamoDB that disturbs a share of
// the calls, drawn from a seeded generator: the same seed gives the same
// draws, in the order the calls arrive (which parallel calls can change).
type faults struct {
	t      testing.TB
	target string
	rate   float64

	mu    sync.Mutex
	rng   *rand.Rand
	count map[fault]int
	ops   map[string]int // calls that reached the proxy, by operation
}

func newFaults(t testing.TB, target string, seed uint64, rate float64) *faults {
	return &faults{t: t, target: target, rate: rate, rng: rand.New(rand.NewPCG(seed, 0xfa17)),
		count: map[fault]int{}, ops: map[string]int{}}
}

// draw picks the fault of one call of operation op.
func (f *faults) draw(op string) fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops[op]++
	fl := pass
	if f.rng.Float64() < f.rate {
		errs := []fault{throttled, provisioned, internal, unavailable, lost}
		fl = errs[f.rng.IntN(len(errs))]
		// Half the disturbed batch calls and transactions meet the fault
		// of their own kind.
		switch op {
		case "BatchGetItem", "BatchWriteItem":
			if f.rng.IntN(2) == 0 {
				fl = partial
			}
		case "TransactWriteItems":
			if f.rng.IntN(2) == 0 {
				fl = cancelled
			}
		}
	}
	f.count[fl]++
	return fl
}

// summary says how many calls met each fault.
func (f *faults) summary() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var parts []string
	for _, fl := range slices.Sorted(maps.Keys(f.count)) {
		parts = append(parts, fmt.Sprintf("%s %d", fl, f.count[fl]))
	}
	return strings.Join(parts, ", ")
}

// calls returns the number of HTTP calls that reached the proxy.
func (f *faults) calls() calls {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.ops)
}

func (f *faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	op := r.Header.Get("X-Amz-Target")
	op = op[strings.LastIndexByte(op, '.')+1:]
	switch fl := f.draw(op); fl {
	case throttled, provisioned:
		writeError(w, http.StatusBadRequest, string(fl), "injected: the request rate is too high")
	case internal:
		writeError(w, http.StatusInternalServerError, "InternalServerError", "injected: internal server error")
	case unavailable:
		writeError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "injected: service unavailable")
	case lost:
		// Applied even when the client gives up meanwhile.
		if _, _, _, err := f.forward(r.WithContext(context.WithoutCancel(r.Context())), body); err != nil {
			f.t.Errorf("proxy: %v", err)
		}
		writeError(w, http.StatusInternalServerError, "InternalServerError", "injected: applied, but the answer was lost")
	case cancelled:
		f.cancel(w, body)
	case partial:
		f.partial(w, r, op, body)
	default:
		f.relay(w, r, body)
	}
}

// forward sends the call on to DynamoDB.
func (f *faults) forward(r *http.Request, body []byte) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, f.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, out, err
}

// relay forwards the call and its answer unchanged.
func (f *faults) relay(w http.ResponseWriter, r *http.Request, body []byte) {
	status, header, out, err := f.forward(r, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	write(w, status, header, out)
}

// cancel answers a TransactWriteItems as DynamoDB does when another
// transaction holds one of its items: cancelled, nothing applied, with the
// reason TransactionConflict (or ThrottlingError) for one item and None
// for the others.
func (f *faults) cancel(w http.ResponseWriter, body []byte) {
	var in struct{ TransactItems []json.RawMessage }
	if err := json.Unmarshal(body, &in); err != nil || len(in.TransactItems) == 0 {
		writeError(w, http.StatusBadRequest, "ValidationException", "proxy: no TransactItems")
		return
	}
	f.mu.Lock()
	k := f.rng.IntN(len(in.TransactItems))
	code := []string{"TransactionConflict", "ThrottlingError"}[f.rng.IntN(2)]
	f.mu.Unlock()
	type reason struct {
		Code    string
		Message string `json:",omitempty"`
	}
	reasons := make([]reason, len(in.TransactItems))
	codes := make([]string, len(reasons))
	for i := range reasons {
		reasons[i] = reason{Code: "None"}
		if i == k {
			reasons[i] = reason{Code: code, Message: "injected"}
		}
		codes[i] = reasons[i].Code
	}
	out, _ := json.Marshal(map[string]any{
		"__type":              "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
		"Message":             "Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]",
		"CancellationReasons": reasons,
	})
	write(w, http.StatusBadRequest, jsonHeader(), out)
}

// partial forwards half of a batch call and answers the other half as
// unprocessed, as DynamoDB does when a partition is throttled.
func (f *faults) partial(w http.ResponseWriter, r *http.Request, op string, body []byte) {
	var in map[string]json.RawMessage
	var tables map[string]json.RawMessage
	if json.Unmarshal(body, &in) != nil || json.Unmarshal(in["RequestItems"], &tables) != nil || len(tables) != 1 {
		f.relay(w, r, body)
		return
	}
	table := slices.Collect(maps.Keys(tables))[0]
	// A BatchWriteItem table holds a list of requests; a BatchGetItem table
	// holds an object with the list under Keys.
	var reqs []json.RawMessage
	var params map[string]json.RawMessage
	if op == "BatchWriteItem" {
		_ = json.Unmarshal(tables[table], &reqs)
	} else {
		_ = json.Unmarshal(tables[table], &params)
		_ = json.Unmarshal(params["Keys"], &reqs)
	}
	if len(reqs) < 2 {
		f.relay(w, r, body)
		return
	}
	half := len(reqs) / 2
	wrap := func(part []json.RawMessage) json.RawMessage {
		if op == "BatchWriteItem" {
			b, _ := json.Marshal(map[string]any{table: part})
			return b
		}
		p := maps.Clone(params)
		p["Keys"], _ = json.Marshal(part)
		b, _ := json.Marshal(map[string]any{table: p})
		return b
	}
	in["RequestItems"] = wrap(reqs[:half])
	sent, _ := json.Marshal(in)
	status, header, out, err := f.forward(r, sent)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	var resp map[string]json.RawMessage
	if status != http.StatusOK || json.Unmarshal(out, &resp) != nil {
		write(w, status, header, out)
		return
	}
	if op == "BatchWriteItem" {
		resp["UnprocessedItems"] = wrap(reqs[half:])
	} else {
		resp["UnprocessedKeys"] = wrap(reqs[half:])
	}
	out, _ = json.Marshal(resp)
	write(w, status, header, out)
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/x-amz-json-1.0"}}
}

// writeError answers with a DynamoDB error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	out, _ := json.Marshal(map[string]string{"__type": "com.amazonaws.dynamodb.v20120810#" + code, "message": msg})
	write(w, status, jsonHeader(), out)
}

// write answers with body and the headers of header, its CRC32 header set
// for this body (the SDK checks it).
func write(w http.ResponseWriter, status int, header http.Header, body []byte) {
	for k, v := range header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

package functions_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// answers holds what the local DynamoDB server answered to the calls of
// one month end, for replayServer to answer the same calls again at
// DynamoDB's speed rather than moto's (BenchmarkMonthEnd/replay). A call
// is known by its operation and its body in canonical JSON (the SDK
// writes the entries of a map in any order); the items of BatchGetItem
// are known one by one, by their key, since the month end groups its
// tickets a hundred a call in the order of a Go map, which differs from
// one run to the next. Writes are answered by the first answer recorded
// for their operation: the replayed month end writes what the recorded
// one wrote.
//
// Why not go-vcr, the library that records and replays HTTP: it finds a
// request's answer by matching it against every recorded one in turn,
// under one lock, and dumps each request it compares; at the 600 calls
// of a district's month end, 35 MB of answers and 32 calls in flight,
// that is what a benchmark over it would measure.
type answers struct {
	mu     sync.Mutex
	calls  map[string][]byte          // operation + canonical body -> answer body
	items  map[string]json.RawMessage // BatchGetItem: canonical key -> item
	asked  map[string]bool            // BatchGetItem: every key asked, found or not
	writes map[string][]byte          // operation -> its first answer
}

func newAnswers() *answers {
	return &answers{calls: map[string][]byte{}, items: map[string]json.RawMessage{},
		asked: map[string]bool{}, writes: map[string][]byte{}}
}

// readOps are the operations answered by their body; any other is a
// write.
var readOps = map[string]bool{"Query": true, "GetItem": true, "Scan": true, "DescribeTable": true}

// operation is the DynamoDB operation of a request, from its X-Amz-Target.
func operation(r *http.Request) string {
	t := r.Header.Get("X-Amz-Target")
	return t[strings.LastIndexByte(t, '.')+1:]
}

// canonical is body in canonical JSON: encoding/json writes the keys of a
// map sorted.
func canonical(body []byte) (string, error) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// batchGet is the part of a BatchGetItem request and answer the replay
// reads.
type batchGet struct {
	RequestItems map[string]keysAndAttributes
	Responses    map[string][]json.RawMessage
}

// keysAndAttributes is what a BatchGetItem asks of one table.
type keysAndAttributes struct {
	Keys                     []map[string]any
	ProjectionExpression     string
	ExpressionAttributeNames map[string]string
}

// itemKey is the canonical key of an item (its pk and sk) as read with
// the projection of ka: the same item read with another projection is
// another answer.
func itemKey(ka keysAndAttributes, item map[string]any) string {
	b, _ := json.Marshal(map[string]any{"pk": item["pk"], "sk": item["sk"],
		"projection": ka.ProjectionExpression, "names": ka.ExpressionAttributeNames})
	return string(b)
}

// record keeps the answer to one call.
func (a *answers) record(op string, req, resp []byte) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case op == "BatchGetItem":
		var in, out batchGet
		if err := json.Unmarshal(req, &in); err != nil {
			return err
		}
		if err := json.Unmarshal(resp, &out); err != nil {
			return err
		}
		for table, ka := range in.RequestItems {
			for _, k := range ka.Keys {
				a.asked[itemKey(ka, k)] = true
			}
			for _, raw := range out.Responses[table] {
				var item map[string]any
				if err := json.Unmarshal(raw, &item); err != nil {
					return err
				}
				a.items[itemKey(ka, item)] = raw
			}
		}
	case readOps[op]:
		key, err := canonical(req)
		if err != nil {
			return err
		}
		a.calls[op+" "+key] = resp
	default:
		if _, ok := a.writes[op]; !ok {
			a.writes[op] = resp
		}
	}
	return nil
}

// answer is the recorded answer to a call, or an error naming what was
// not recorded.
func (a *answers) answer(op string, req []byte) ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case op == "BatchGetItem":
		var in batchGet
		if err := json.Unmarshal(req, &in); err != nil {
			return nil, err
		}
		var out bytes.Buffer
		out.WriteString(`{"Responses":{`)
		first := true
		for table, ka := range in.RequestItems {
			if !first {
				out.WriteByte(',')
			}
			first = false
			name, _ := json.Marshal(table)
			out.Write(name)
			out.WriteString(":[")
			n := 0
			for _, k := range ka.Keys {
				key := itemKey(ka, k)
				if !a.asked[key] {
					return nil, fmt.Errorf("BatchGetItem: key %s was not asked in the recorded month end", key)
				}
				if item, ok := a.items[key]; ok {
					if n > 0 {
						out.WriteByte(',')
					}
					out.Write(item)
					n++
				}
			}
			out.WriteByte(']')
		}
		out.WriteString(`},"UnprocessedKeys":{}}`)
		return out.Bytes(), nil
	case readOps[op]:
		key, err := canonical(req)
		if err != nil {
			return nil, err
		}
		resp, ok := a.calls[op+" "+key]
		if !ok {
			return nil, fmt.Errorf("%s %s was not called in the recorded month end", op, key)
		}
		return resp, nil
	default:
		resp, ok := a.writes[op]
		if !ok {
			return nil, fmt.Errorf("%s was not called in the recorded month end", op)
		}
		return resp, nil
	}
}

// recordingClient is the SDK's HTTP client, keeping every answer in a.
type recordingClient struct {
	inner aws.HTTPClient
	a     *answers
}

func (c recordingClient) Do(r *http.Request) (*http.Response, error) {
	var req []byte
	if r.Body != nil {
		var err error
		if req, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(req))
	}
	resp, err := c.inner.Do(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if resp.StatusCode == http.StatusOK {
		if err := c.a.record(operation(r), req, body); err != nil {
			return nil, fmt.Errorf("record %s: %w", operation(r), err)
		}
	}
	return resp, nil
}

// newRecordingClient is the SDK's default HTTP client, recording into a.
func newRecordingClient(a *answers) aws.HTTPClient {
	return recordingClient{inner: awshttp.NewBuildableClient(), a: a}
}

// replayServer answers from a over HTTP on a local port, each answer
// latency after its request: DynamoDB's time to serve a call, which the
// benchmark states. A call that was not recorded is answered 400 with a
// message naming it, which fails the month end.
func replayServer(t testing.TB, a *answers, latency time.Duration) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		time.Sleep(latency)
		body, err := a.answer(operation(r), req)
		status := http.StatusOK
		if err != nil {
			msg, _ := json.Marshal(err.Error())
			body = fmt.Appendf(nil, `{"__type":"com.amazon.coral.validate#ValidationException","message":%s}`, msg)
			status = http.StatusBadRequest
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		// DynamoDB's checksum of the answer, which the SDK checks (and,
		// without it, expects to be 0).
		w.Header().Set("X-Amz-Crc32", fmt.Sprint(crc32.ChecksumIEEE(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

package faultproxy

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// cancel answers a TransactWriteItems as DynamoDB does when another
// transaction holds one of its items: cancelled, nothing applied, with the
// reason TransactionConflict (or ThrottlingError) for one item and None
// for the others.
func (p *Proxy) cancel(w http.ResponseWriter, body []byte) {
	var in struct{ TransactItems []json.RawMessage }
	if err := json.Unmarshal(body, &in); err != nil || len(in.TransactItems) == 0 {
		writeError(w, http.StatusBadRequest, "ValidationException", "proxy: no TransactItems")
		return
	}
	p.mu.Lock()
	k := p.rng.IntN(len(in.TransactItems))
	code := []string{"TransactionConflict", "ThrottlingError"}[p.rng.IntN(2)]
	p.mu.Unlock()
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
	write(w, http.StatusBadRequest, jsonHeader, out)
}

// partial forwards half of a batch call and answers the other half as
// unprocessed, as DynamoDB does when a partition is throttled.
func (p *Proxy) partial(w http.ResponseWriter, r *http.Request, op string, body []byte) {
	var in map[string]json.RawMessage
	var tables map[string]json.RawMessage
	if json.Unmarshal(body, &in) != nil || json.Unmarshal(in["RequestItems"], &tables) != nil || len(tables) != 1 {
		p.relay(w, r, body)
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
		p.relay(w, r, body)
		return
	}
	half := len(reqs) / 2
	wrap := func(part []json.RawMessage) json.RawMessage {
		if op == "BatchWriteItem" {
			b, _ := json.Marshal(map[string]any{table: part})
			return b
		}
		q := maps.Clone(params)
		q["Keys"], _ = json.Marshal(part)
		b, _ := json.Marshal(map[string]any{table: q})
		return b
	}
	in["RequestItems"] = wrap(reqs[:half])
	sent, _ := json.Marshal(in)
	status, header, out, err := p.forward(r.Context(), r, sent)
	if err != nil {
		if r.Context().Err() == nil {
			p.fail(err)
		}
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

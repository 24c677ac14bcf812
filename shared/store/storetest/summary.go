package storetest

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
)

// testResultSummaries: a version's summary (store.Result.Summary, what a
// year computed from its months reads) is stored with it and read back by
// ResultSummary, by version or the latest, with the version's header and
// without its body; a version stored without one reads back nil; Result,
// Results and Finalize leave it out; a repeat of the latest input keeps the
// summary first stored; a summary larger than a chunk item comes back
// whole.
func testResultSummaries(t *testing.T, open Open) {
	s := fresh(t, open)
	ctx := context.Background()
	if _, err := s.ResultSummary(ctx, "2026-10", 0); !isNotFound(err) {
		t.Errorf("ResultSummary of an empty store: %v, want ErrNotFound", err)
	}
	at := time.Date(2026, 11, 1, 0, 5, 0, 0, time.UTC)
	// A summary of over a megabyte of random letters, which compresses to
	// more than one chunk of the DynamoDB store.
	r := rand.New(rand.NewPCG(16, 2))
	var big strings.Builder
	for range 1 << 20 {
		big.WriteByte(byte('a' + r.IntN(26)))
	}
	mk := func(fp string, body, summary []byte) store.Result {
		return store.Result{Header: store.Header{Period: "2026-10", Policy: policy.BuiltinID, Fingerprint: fp, ComputedAt: at}, Body: body, Summary: summary}
	}
	steps := []store.Result{
		mk("f1", []byte(`{"n":1}`), nil),                          // v1: an earlier program's version
		mk("f2", []byte(`{"n":2}`), []byte(`{"format":1}`)),       // v2
		mk("f2", []byte(`{"n":2}`), []byte(`{"format":"other"}`)), // the same input: v2 kept as it was
		mk("f3", []byte(`{"n":3}`), []byte(big.String())),         // v3
	}
	for i, r := range steps {
		got, err := s.PutResult(ctx, r)
		if err != nil {
			t.Fatalf("step %d: PutResult: %v", i, err)
		}
		if got.Summary != nil {
			t.Errorf("step %d: PutResult returned the summary", i)
		}
	}
	for _, c := range []struct {
		v, version int
		want       []byte
	}{
		{1, 1, nil}, {2, 2, []byte(`{"format":1}`)}, {3, 3, []byte(big.String())}, {0, 3, []byte(big.String())},
	} {
		got, err := s.ResultSummary(ctx, "2026-10", c.v)
		if err != nil {
			t.Fatalf("ResultSummary(2026-10, %d): %v", c.v, err)
		}
		if got.Version != c.version || got.Period != "2026-10" || got.Policy != policy.BuiltinID || got.Fingerprint == "" || !got.ComputedAt.Equal(at) {
			t.Errorf("ResultSummary(2026-10, %d) header %+v, want version %d", c.v, got.Header, c.version)
		}
		if !bytes.Equal(got.Summary, c.want) || (c.want == nil) != (got.Summary == nil) {
			t.Errorf("ResultSummary(2026-10, %d): summary of %d bytes, want %d", c.v, len(got.Summary), len(c.want))
		}
		if got.Body != nil {
			t.Errorf("ResultSummary(2026-10, %d) read the body", c.v)
		}
	}
	if _, err := s.ResultSummary(ctx, "2026-10", 4); !isNotFound(err) {
		t.Errorf("ResultSummary of a missing version: %v, want ErrNotFound", err)
	}
	if r, err := s.Result(ctx, "2026-10", 2); err != nil || r.Summary != nil || string(r.Body) != `{"n":2}` {
		t.Errorf("Result(2026-10, 2): %+v, %v; want the body and no summary", r, err)
	}
	fin, err := s.Finalize(ctx, "2026-10")
	if err != nil || fin.Summary != nil {
		t.Fatalf("Finalize: summary %d bytes, %v", len(fin.Summary), err)
	}
	if got, err := s.ResultSummary(ctx, "2026-10", 0); err != nil || !got.Final || !bytes.Equal(got.Summary, []byte(big.String())) {
		t.Errorf("ResultSummary of the finalised version: final %v, %d bytes, %v", got.Final, len(got.Summary), err)
	}
	list, err := s.Results(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if r.Summary != nil {
			t.Errorf("Results lists the summary of %s v%d", r.Period, r.Version)
		}
	}
}

package monthend

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// indexedStore is the memory store with a sparse index of the assignments
// that is complete or not, or cannot be told.
type indexedStore struct {
	*memstore.Store
	done bool
	err  error
}

func (s *indexedStore) AssignmentsIndexed(context.Context) (bool, error) { return s.done, s.err }

// TestUnindexedLoggedAtWarn: a month end computed on a table whose
// by_assigned is not marked complete still succeeds, and says at WARN, with
// the request id, that the months in summary were read the slow way and
// what puts it right; a complete index, a year and a finalisation say
// nothing of it.
func TestUnindexedLoggedAtWarn(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 5, 0, 0, shanghai(t))
	cases := []struct {
		name    string
		done    bool
		err     error
		payload string
		want    string // in the WARN line's message; "" for no WARN line
	}{
		{"not marked", false, nil, `{"month":"2026-10"}`, "hotline backfill"},
		{"marked", true, nil, `{"month":"2026-10"}`, ""},
		{"cannot tell", false, errors.New("throttled"), `{"month":"2026-10"}`, "cannot tell"},
		{"the year", false, nil, `{"year":"2026"}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, _, logs := newHandler(t, &now)
			h.Service.Store = &indexedStore{Store: h.Service.Store.(*memstore.Store), done: c.done, err: c.err}
			ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-7"})
			if _, err := h.Handle(ctx, json.RawMessage(c.payload)); err != nil {
				t.Fatal(err)
			}
			warns := testenv.WarnLines(t, logs)
			if c.want == "" {
				if len(warns) != 0 {
					t.Errorf("WARN lines %v, want none", warns)
				}
				return
			}
			if len(warns) != 1 {
				t.Fatalf("%d WARN lines, want 1:\n%s", len(warns), logs.String())
			}
			if msg, _ := warns[0]["msg"].(string); !strings.Contains(msg, c.want) {
				t.Errorf("WARN message %q does not say %q", msg, c.want)
			}
			if warns[0]["request_id"] != "req-7" || warns[0]["period"] != "2026-10" {
				t.Errorf("WARN line %v: want request_id req-7, period 2026-10", warns[0])
			}
		})
	}
}

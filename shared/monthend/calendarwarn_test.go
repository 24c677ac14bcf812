package monthend

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/shizhong/hotline/internal/testenv"
)

// TestUnknownYearLoggedAtWarn (SPEC §4: never silent): the month-end
// function logs at WARN, with the request id, a computed result that carries
// the warning of a year the calendar does not know; a month of a known year
// has no WARN line.
func TestUnknownYearLoggedAtWarn(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 5, 0, 0, shanghai(t))
	h, _, logs := newHandler(t, &now)
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-2001"})
	warns := func() []map[string]any { t.Helper(); return testenv.WarnLines(t, logs) }

	if _, err := h.Handle(ctx, json.RawMessage(`{"month":"2026-10"}`)); err != nil {
		t.Fatal(err)
	}
	if w := warns(); len(w) != 0 {
		t.Errorf("WARN for a month of 2026: %v", w)
	}

	// 2001: lunar-go's data holds only two make-up days of it.
	if _, err := h.Handle(ctx, json.RawMessage(`{"month":"2001-12"}`)); err != nil {
		t.Fatal(err)
	}
	w := warns()
	if len(w) != 1 {
		t.Fatalf("%d WARN lines, want 1:\n%s", len(w), logs.String())
	}
	if s, _ := w[0]["warning"].(string); !strings.Contains(s, "2001") {
		t.Errorf("the WARN line's warning %q does not name 2001", s)
	}
	if w[0]["period"] != "2001-12" || w[0]["request_id"] != "req-2001" {
		t.Errorf("WARN line %v: want period 2001-12, request_id req-2001", w[0])
	}

	// Finalising computes nothing and warns of nothing new.
	if _, err := h.Handle(ctx, json.RawMessage(`{"finalize":"2001-12"}`)); err != nil {
		t.Fatal(err)
	}
	if n := len(warns()); n != 1 {
		t.Errorf("%d WARN lines after finalising, want still 1", n)
	}
}

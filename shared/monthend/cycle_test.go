package monthend

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/store"
)

// newCycleHandler is newHandler with the month's cycle and auto_finalize:
// the schedule runs daily.
func newCycleHandler(t *testing.T, now *time.Time) (*Handler, *bucket, store.Appeals) {
	t.Helper()
	h, b, _ := newHandler(t, now)
	appeals := h.Service.Store.(store.Appeals)
	h.Cycle = &cycle.Cycle{Store: h.Service.Store, Appeals: appeals, Calendar: h.Service.Calendar, Days: 3}
	h.AutoFinalize = true
	return h, b, appeals
}

// TestScheduleDaily: SPEC §12, the daily schedule publishes October on 1
// November, leaves it alone on the days after, holds it while an appeal is
// open after the window closed (the end of Wednesday 4 November), and
// makes it final and publishes it once the appeal is decided; fired twice,
// the second run finalises nothing.
func TestScheduleDaily(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 5, 0, 0, shanghai(t))
	h, b, appeals := newCycleHandler(t, &now)
	ctx := context.Background()
	schedule := func(day string) Summary {
		t.Helper()
		d, err := time.ParseInLocation("2006-01-02 15:04", day, shanghai(t))
		if err != nil {
			t.Fatal(err)
		}
		now = d
		s, err := h.Handle(ctx, json.RawMessage(`{"source":"schedule"}`))
		if err != nil {
			t.Fatalf("schedule %s: %v", day, err)
		}
		return s
	}
	first := schedule("2026-11-01 00:05")
	if first.Period != "2026-10" || first.Version != 1 || first.Skipped != "" || len(first.Published) != 3 || len(first.Finalized) != 0 {
		t.Fatalf("the 1st: %+v", first)
	}
	puts := len(b.puts)
	if s := schedule("2026-11-02 00:05"); s.Skipped != "published" || s.Version != 1 || len(b.puts) != puts {
		t.Errorf("the 2nd: %+v, %d objects put", s, len(b.puts)-puts)
	}
	a := appeal.Filed(appeal.Appeal{ID: appeal.ID("2026-10", "u", "e", "overdue"), Month: "2026-10", UnitID: "u", EventID: "e",
		Rule: "overdue", Points: "0.5", Version: 1, Reason: "理由"}, "u-1", now)
	if err := appeals.CreateAppeal(ctx, a); err != nil {
		t.Fatal(err)
	}
	if s := schedule("2026-11-04 00:05"); len(s.Finalized) != 0 {
		t.Errorf("inside the window: finalised %+v", s.Finalized)
	}
	if s := schedule("2026-11-05 00:05"); len(s.Finalized) != 0 || len(b.puts) != puts {
		t.Errorf("with an open appeal: finalised %+v", s.Finalized)
	}
	// A manual finalize is refused too, naming the appeal.
	if _, err := h.Handle(ctx, json.RawMessage(`{"finalize":"2026-10"}`)); err == nil || !strings.Contains(err.Error(), a.ID) {
		t.Errorf("finalize with an open appeal: %v, want a refusal naming %s", err, a.ID)
	}
	r, _ := a.Decide(appeal.Rejected, "centre.li", now, "不予支持")
	if err := appeals.UpdateAppeal(ctx, r, appeal.Open); err != nil {
		t.Fatal(err)
	}
	s := schedule("2026-11-06 00:05")
	if len(s.Finalized) != 1 || s.Finalized[0].Period != "2026-10" || !s.Finalized[0].Final || len(s.Finalized[0].Published) != 3 {
		t.Fatalf("after the decision: %+v", s)
	}
	latest := b.puts[len(b.puts)-1]
	if latest.Key != "rankings/2026-10/latest.json" || !bytes.Contains(latest.Body, []byte(`"final": true`)) {
		t.Errorf("latest.json after the auto-finalisation: %s %s", latest.Key, latest.Body)
	}
	puts = len(b.puts)
	for _, day := range []string{"2026-11-06 00:05", "2026-11-07 00:05"} {
		if s := schedule(day); len(s.Finalized) != 0 || s.Skipped != "published" || len(b.puts) != puts {
			t.Errorf("fired again on %s: %+v, %d objects put", day, s, len(b.puts)-puts)
		}
	}
	// On 1 December the schedule finds October final and computes November.
	if s := schedule("2026-12-01 00:05"); s.Period != "2026-11" || s.Skipped != "" {
		t.Errorf("1 December: %+v", s)
	}
}

// TestScheduleCatchesUp: when the run of the 1st did not happen, the next
// daily run computes the previous month.
func TestScheduleCatchesUp(t *testing.T) {
	now := time.Date(2026, 11, 3, 0, 5, 0, 0, shanghai(t))
	h, _, _ := newCycleHandler(t, &now)
	s, err := h.Handle(context.Background(), json.RawMessage(`{}`))
	if err != nil || s.Period != "2026-10" || s.Version != 1 || s.Skipped != "" {
		t.Errorf("the 3rd without a run on the 1st: %+v, %v", s, err)
	}
}

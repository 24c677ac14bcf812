package cycle_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
)

var loc = calendar.DefaultLocation()

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func newCycle() (*cycle.Cycle, *memstore.Store) {
	st := memstore.New(loc)
	return &cycle.Cycle{Store: st, Appeals: st, Calendar: calendar.New(loc), Days: 3}, st
}

// version stores a version of period computed at computed (a fingerprint
// of its own, so that each is a new version).
func version(t *testing.T, st store.Store, period, computed string) store.Result {
	t.Helper()
	r, err := st.PutResult(context.Background(), store.Result{
		Header: store.Header{Period: period, Policy: "p", Fingerprint: period + "@" + computed, ComputedAt: at(t, computed)},
		Body:   []byte(`{}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func october() calendar.Month { return calendar.Month{Year: 2026, Month: time.October} }

// TestWindow: the publication is the first version computed after the
// month ended (SPEC §12.2); one computed while it ran is not.
func TestWindow(t *testing.T) {
	c, st := newCycle()
	ctx := context.Background()
	w, err := c.Window(ctx, october())
	if err != nil || w.IsPublished() || w.IsOpen(at(t, "2026-11-02 09:00")) {
		t.Fatalf("Window without a version = %+v, %v; want not published", w, err)
	}
	version(t, st, "2026-10", "2026-10-20 10:00") // the centre's recompute of the running month
	if w, _ := c.Window(ctx, october()); w.IsPublished() {
		t.Errorf("a version computed in October published October: %+v", w)
	}
	version(t, st, "2026-10", "2026-11-01 00:05") // the schedule
	version(t, st, "2026-10", "2026-11-03 15:00") // a recompute after an appeal
	version(t, st, "2026-09", "2026-10-08 00:05")
	w, err = c.Window(ctx, october())
	if err != nil {
		t.Fatal(err)
	}
	if !w.Published.Equal(at(t, "2026-11-01 00:05")) || !w.Closes.Equal(at(t, "2026-11-05 00:00")) {
		t.Errorf("Window = published %s, closes %s; want 2026-11-01 00:05 and 2026-11-05 00:00", c.Local(w.Published), c.Local(w.Closes))
	}
	if !w.IsOpen(at(t, "2026-11-04 23:59")) || w.IsOpen(at(t, "2026-11-05 00:00")) || !w.HasClosed(at(t, "2026-11-05 00:00")) {
		t.Error("the window is not open exactly until 2026-11-05 00:00")
	}
}

func file(t *testing.T, st store.Appeals, unitID, eventID, when string) appeal.Appeal {
	t.Helper()
	a := appeal.Filed(appeal.Appeal{ID: appeal.ID("2026-10", unitID, eventID, "overdue"), Month: "2026-10", UnitID: unitID,
		EventID: eventID, Rule: "overdue", Points: "0.5", Version: 1, Reason: "已按时办结"}, unitID+"-1", at(t, when))
	if err := st.CreateAppeal(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestFinalize: SPEC §12.4, a month is made final only after its window
// has closed and with no appeal open; each refusal is a conflict that
// names why, and changes nothing.
func TestFinalize(t *testing.T) {
	c, st := newCycle()
	ctx := context.Background()
	refused := func(now, want string) {
		t.Helper()
		_, err := c.Finalize(ctx, october(), at(t, now))
		if fault.CodeOf(err) != fault.Conflict || !strings.Contains(err.Error(), want) {
			t.Errorf("Finalize at %s: %v, want a conflict naming %q", now, err, want)
		}
		if r, err := st.Result(ctx, "2026-10", 0); err == nil && r.Final {
			t.Errorf("a refused Finalize at %s made version %d final", now, r.Version)
		}
	}
	refused("2026-11-01 00:01", "has not been published")
	version(t, st, "2026-10", "2026-11-01 00:05")
	refused("2026-11-04 23:59", "open until 2026-11-05 00:00 (Asia/Shanghai)")
	a := file(t, st, "wenhualu", "as-1", "2026-11-02 09:00")
	b := file(t, st, "gongan", "as-2", "2026-11-03 09:00")
	refused("2026-11-05 00:00", a.ID+", "+b.ID)
	w, _ := a.Decide(appeal.Withdrawn, a.FiledBy, at(t, "2026-11-04 10:00"), "")
	if err := st.UpdateAppeal(ctx, w, appeal.Open); err != nil {
		t.Fatal(err)
	}
	refused("2026-11-05 00:00", "1 appeal(s) of 2026-10 are open ("+b.ID+")")
	r, _ := b.Decide(appeal.Rejected, "centre.li", at(t, "2026-11-05 09:00"), "不予支持")
	if err := st.UpdateAppeal(ctx, r, appeal.Open); err != nil {
		t.Fatal(err)
	}
	got, err := c.Finalize(ctx, october(), at(t, "2026-11-05 09:30"))
	if err != nil || !got.Final || got.Version != 1 {
		t.Errorf("Finalize after the window with every appeal decided = %+v, %v; want version 1 final", got.Header, err)
	}
}

// TestAutoFinalize: the daily run makes final every month whose window
// has closed with no open appeal, oldest first; fired twice, the second
// run finalises nothing (SPEC §12.4, appeals.auto_finalize). The window
// of a month published before National Day runs after the holiday, with
// the make-up Saturday 2026-10-10 counted.
func TestAutoFinalize(t *testing.T) {
	c, st := newCycle()
	ctx := context.Background()
	version(t, st, "2026-08", "2026-09-30 10:00") // published late, before the holiday
	version(t, st, "2026-09", "2026-10-08 00:05")
	version(t, st, "2026", "2026-10-08 00:06") // a year: no window, never finalised here
	run := func(now string) []string {
		t.Helper()
		done, err := c.AutoFinalize(ctx, at(t, now))
		if err != nil {
			t.Fatal(err)
		}
		var periods []string
		for _, r := range done {
			if !r.Final {
				t.Errorf("AutoFinalize returned %s version %d not final", r.Period, r.Version)
			}
			periods = append(periods, r.Period)
		}
		return periods
	}
	same := func(what string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: finalised %v, want %v", what, got, want)
		}
	}
	same("on the 10th, the make-up Saturday", run("2026-10-10 23:59"))
	same("on the 11th", run("2026-10-11 00:05"), "2026-08")
	same("fired twice on the 11th", run("2026-10-11 00:05"))
	// 2026-09: published Thursday 8 October; 9, 10 (make-up), 12: closes
	// at the end of Monday 12 October. An open appeal holds it.
	a := file(t, st, "wenhualu", "as-9", "2026-10-09 09:00")
	a.Month = "2026-09"
	a.ID = appeal.ID("2026-09", "wenhualu", "as-9", "overdue")
	if err := st.CreateAppeal(ctx, a); err != nil {
		t.Fatal(err)
	}
	same("with an open appeal", run("2026-10-13 00:05"))
	g, _ := a.Decide(appeal.Granted, "centre.li", at(t, "2026-10-13 10:00"), "同意")
	if err := st.UpdateAppeal(ctx, g, appeal.Open); err != nil {
		t.Fatal(err)
	}
	version(t, st, "2026-09", "2026-10-13 10:00") // the recompute after the grant
	same("after the decision", run("2026-10-14 00:05"), "2026-09")
	if r, _ := st.Result(ctx, "2026-09", 0); !r.Final || r.Version != 2 {
		t.Errorf("2026-09 latest = version %d final %v, want version 2 (the recompute) final", r.Version, r.Final)
	}
	same("again", run("2026-10-15 00:05"))
	// A final month recomputed is left for a person to finalise again.
	version(t, st, "2026-08", "2026-10-20 10:00")
	same("a final month recomputed", run("2026-10-21 00:05"))
	if y, _ := st.Result(ctx, "2026", 0); y.Final {
		t.Error("AutoFinalize made a year final")
	}
}

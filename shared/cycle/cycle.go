package cycle

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// Cycle answers the month's cycle over one store.
type Cycle struct {
	Store    store.Store
	Appeals  store.Appeals
	Calendar *calendar.Calendar
	// Days is appeals.window_working_days (appeal.DefaultWindowDays when
	// 0).
	Days int
}

// Window is the appeal window of a month.
type Window struct {
	Month calendar.Month
	// Published is when the first provisional version of the month was
	// computed after the month ended: the first publication. Zero while
	// the month has none (it has not ended, or was not computed since).
	Published time.Time
	// Closes is the end of the window (appeal.Closes); zero with
	// Published.
	Closes time.Time
}

// IsPublished reports whether the month has been published since it ended.
func (w Window) IsPublished() bool { return !w.Published.IsZero() }

// IsOpen reports whether appeals may be filed at now.
func (w Window) IsOpen(now time.Time) bool { return w.IsPublished() && now.Before(w.Closes) }

// HasClosed reports whether the window has closed by now.
func (w Window) HasClosed(now time.Time) bool { return w.IsPublished() && !now.Before(w.Closes) }

// Window finds the appeal window of month m from the versions stored. The
// publication time is the computed_at of the first version of m computed
// at or after the end of m: a version computed while the month ran (the
// centre's recompute of the current month) is not its publication.
func (c *Cycle) Window(ctx context.Context, m calendar.Month) (Window, error) {
	headers, err := c.Store.Results(ctx)
	if err != nil {
		return Window{}, err
	}
	return c.window(headers, m), nil
}

// window is Window over headers read already.
func (c *Cycle) window(headers []store.Result, m calendar.Month) Window {
	w := Window{Month: m}
	end := m.End(c.Calendar.Location())
	for _, h := range headers {
		if h.Period != m.String() || h.ComputedAt.Before(end) {
			continue
		}
		if w.Published.IsZero() || h.ComputedAt.Before(w.Published) {
			w.Published = h.ComputedAt.UTC()
		}
	}
	if w.IsPublished() {
		w.Closes = appeal.Closes(w.Published, c.Days, c.Calendar).UTC()
	}
	return w
}

// Local writes t as a person in the calendar's zone reads it:
// 2026-11-05 00:00 (Asia/Shanghai).
func (c *Cycle) Local(t time.Time) string {
	loc := c.Calendar.Location()
	return t.In(loc).Format("2006-01-02 15:04") + " (" + loc.String() + ")"
}

// OpenAppeals returns the open appeals of month m, oldest first.
func (c *Cycle) OpenAppeals(ctx context.Context, m calendar.Month) ([]appeal.Appeal, error) {
	all, err := c.Appeals.MonthAppeals(ctx, m.String())
	if err != nil {
		return nil, err
	}
	var open []appeal.Appeal
	for _, a := range all {
		if a.Status == appeal.Open {
			open = append(open, a)
		}
	}
	return open, nil
}

// Finalize makes the latest version of month m final (SPEC §12.4), only
// once its appeal window has closed and no appeal of it is open: otherwise
// an error of code fault.Conflict that names the closing time or the open
// appeals, and nothing changes. A month never published since it ended has
// no window: it is refused too.
func (c *Cycle) Finalize(ctx context.Context, m calendar.Month, now time.Time) (store.Result, error) {
	w, err := c.Window(ctx, m)
	if err != nil {
		return store.Result{}, err
	}
	if err := c.finalizable(ctx, w, now); err != nil {
		return store.Result{}, err
	}
	return c.Store.Finalize(ctx, m.String())
}

// FinalizePeriod is Finalize of a month; a year, which has no appeals, is
// made final at once.
func (c *Cycle) FinalizePeriod(ctx context.Context, p calendar.Period, now time.Time) (store.Result, error) {
	if p.IsMonth() {
		return c.Finalize(ctx, p.Month(), now)
	}
	return c.Store.Finalize(ctx, p.String())
}

// finalizable says why month w.Month may not be made final at now, or nil.
func (c *Cycle) finalizable(ctx context.Context, w Window, now time.Time) error {
	m := w.Month
	switch {
	case !w.IsPublished():
		return fault.New(fault.Conflict, fmt.Sprintf("%s has not been published since it ended: compute it first; its appeal window opens then", m))
	case !w.HasClosed(now):
		return fault.New(fault.Conflict, fmt.Sprintf("the appeal window of %s is open until %s: it can be made final after that", m, c.Local(w.Closes)))
	}
	open, err := c.OpenAppeals(ctx, m)
	if err != nil {
		return err
	}
	if len(open) > 0 {
		ids := make([]string, len(open))
		for i, a := range open {
			ids[i] = a.ID
		}
		return fault.New(fault.Conflict, fmt.Sprintf("%d appeal(s) of %s are open (%s): decide them first", len(open), m, strings.Join(ids, ", ")))
	}
	return nil
}

// AutoFinalize makes final, as of now, every month that has never had a
// final version, has been published since it ended, whose appeal window
// has closed and that has no open appeal (SPEC §12.4, appeals.auto_finalize),
// and returns the versions it made final, oldest month first. Run twice,
// the second run finds them final and makes none: it is idempotent. A
// month that was final once and recomputed since is left for a person to
// finalise again.
func (c *Cycle) AutoFinalize(ctx context.Context, now time.Time) ([]store.Result, error) {
	headers, err := c.Store.Results(ctx)
	if err != nil {
		return nil, err
	}
	final := map[string]bool{}
	var months []calendar.Month
	seen := map[string]bool{}
	for _, h := range headers {
		p := h.CalendarPeriod()
		if !p.IsMonth() {
			continue
		}
		final[h.Period] = final[h.Period] || h.Final
		if !seen[h.Period] {
			seen[h.Period] = true
			months = append(months, p.Month())
		}
	}
	var done []store.Result
	for i := len(months) - 1; i >= 0; i-- { // Results lists the newest period first
		m := months[i]
		if final[m.String()] {
			continue
		}
		w := c.window(headers, m)
		if !w.HasClosed(now) {
			continue
		}
		if err := c.finalizable(ctx, w, now); err != nil {
			if fault.CodeOf(err) == fault.Conflict {
				continue // open appeals: a person decides them first
			}
			return done, err
		}
		r, err := c.Store.Finalize(ctx, m.String())
		if err != nil {
			return done, fmt.Errorf("finalize %s: %w", m, err)
		}
		done = append(done, r)
	}
	return done, nil
}

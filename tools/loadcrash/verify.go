package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
	"github.com/shizhong/hotline/tools/loadcrash/internal/load"
)

// maxListed is how many violations of one kind a check lists.
const maxListed = 10

// storeCheck compares the stored events with the acknowledged ones.
type storeCheck struct {
	stored     int    // events in the store
	acked      int    // events acknowledged
	unacked    int    // stored, sent, not (yet) acknowledged
	present    []bool // per plan event: in the store with the content sent
	violations []string
}

// checkStore holds the store to the contract: every acknowledged event is
// stored with the content sent; every stored event was sent, with that
// content, and is whole (it validates); no id is stored twice.
func checkStore(p *load.Plan, acked []bool, stored []event.Event) storeCheck {
	c := storeCheck{stored: len(stored), present: make([]bool, len(p.Events))}
	byID := make(map[string]int, len(p.Events))
	for i := range p.Events {
		byID[p.Events[i].ID] = i
	}
	kinds := map[string]int{}
	add := func(kind, format string, args ...any) {
		kinds[kind]++
		if kinds[kind] <= maxListed {
			c.violations = append(c.violations, fmt.Sprintf(format, args...))
		}
	}
	for i := range stored {
		e := &stored[i]
		idx, ok := byID[e.ID]
		switch {
		case !ok:
			add("unsent", "event %s is stored but was never sent", e.ID)
			continue
		case c.present[idx]:
			add("twice", "event %s is stored twice", e.ID)
		case e.ContentHash() != p.Hashes[idx]:
			add("content", "event %s is stored with other content than sent", e.ID)
			continue
		}
		if err := e.Validate(); err != nil {
			add("whole", "event %s is stored but does not validate: %v", e.ID, err)
		}
		c.present[idx] = true
	}
	for i, ok := range acked {
		if !ok {
			if c.present[i] {
				c.unacked++
			}
			continue
		}
		c.acked++
		if !c.present[i] {
			add("lost", "event %s was acknowledged but is not stored", p.Events[i].ID)
		}
	}
	for kind, n := range kinds {
		if n > maxListed {
			c.violations = append(c.violations, fmt.Sprintf("... %d more of kind %q", n-maxListed, kind))
		}
	}
	return c
}

// monthCheck is one month compared with the clean run.
type monthCheck struct {
	month  calendar.Month
	how    string // what was compared with the clean run
	equal  bool
	units  int // units in the result
	detail string
}

// compareMonths computes each generated month from the stored events with
// the engine, and the scored month with the month-end computation over the
// store (compute.Service: the store's month scope, as `hotline compute` and
// the monthly function read it), and compares each result, byte for byte,
// with the engine run on the generated events (`hotline score --format
// json` on them, with the same as-of instant).
func compareMonths(ctx context.Context, cfg config, d *district, stored []event.Event, st store.Store, work string) ([]monthCheck, error) {
	loc := gen.Shanghai()
	pol := policy.Builtin()
	cal := calendar.New(loc)
	reg, err := unit.NewRegistry(d.units)
	if err != nil {
		return nil, err
	}
	ledger := func(events []event.Event) (*score.Ledger, error) {
		l := score.NewLedger(reg)
		for i := range events {
			if _, err := l.Add(&events[i], score.Origin{File: "events", Line: i + 1}); err != nil {
				return nil, err
			}
		}
		return l, nil
	}
	clean, err := ledger(d.events)
	if err != nil {
		return nil, fmt.Errorf("the generated events: %w", err)
	}
	back, err := ledger(stored)
	if err != nil {
		return nil, fmt.Errorf("the stored events: %w", err)
	}
	now := time.Now()
	asOf := func(m calendar.Month) time.Time { return minTime(now, m.End(loc)) }
	monthJSON := func(l *score.Ledger, m calendar.Month) ([]byte, int, error) {
		res := score.New(l, pol, cal, asOf(m)).Month(m)
		var b bytes.Buffer
		err := score.WriteJSON(&b, res)
		return b.Bytes(), len(res.Units), err
	}
	var checks []monthCheck
	compare := func(m calendar.Month, how string, got, want []byte, units int) error {
		c := monthCheck{month: m, how: how, equal: bytes.Equal(got, want), units: units}
		if !c.equal {
			base := filepath.Join(work, fmt.Sprintf("%s-%d", m, len(checks)))
			if err := os.WriteFile(base+".clean.json", want, 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(base+".stored.json", got, 0o644); err != nil {
				return err
			}
			c.detail = "both written to " + base + ".{clean,stored}.json"
		}
		checks = append(checks, c)
		return nil
	}
	first := calendar.MonthFromIndex(cfg.month.Index() - cfg.months + 1)
	for m := first; m.Index() <= cfg.month.Index(); m = m.Next() {
		want, units, err := monthJSON(clean, m)
		if err != nil {
			return nil, err
		}
		got, _, err := monthJSON(back, m)
		if err != nil {
			return nil, err
		}
		if err := compare(m, "engine over the events read back", got, want, units); err != nil {
			return nil, err
		}
		if m != cfg.month {
			continue
		}
		svc := &compute.Service{Store: st, Policy: pol, Calendar: cal}
		res, err := svc.Month(ctx, m, now)
		if err != nil {
			return nil, fmt.Errorf("compute %s from the store: %w", m, err)
		}
		if err := compare(m, "month-end computation over the store", res.Body, want, units); err != nil {
			return nil, err
		}
	}
	return checks, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// scopeCheck compares what the store gives for a month with the stored
// events.
type scopeCheck struct {
	month      calendar.Month
	events     int // events the month reads
	violations []string
}

// checkScope compares the events the store gives for month m
// (MonthEvents: its indexes and, in DynamoDB, the copies in the ticket
// items) with the events of m's scope among all stored events (Events and
// store.Scope). They agree when every write, even one cut short, left the
// store consistent.
func checkScope(ctx context.Context, st store.Store, m calendar.Month, stored []event.Event) (scopeCheck, error) {
	c := scopeCheck{month: m}
	want := scopeOf(stored, m, store.Scope{Location: gen.Shanghai()})
	got := map[string]bool{}
	err := st.MonthEvents(ctx, m, func(b []event.Event) error {
		for i := range b {
			got[b[i].ID] = true
		}
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("MonthEvents(%s): %w", m, err)
	}
	c.events = len(got)
	var missing, extra []string
	for id := range want {
		if !got[id] {
			missing = append(missing, id)
		}
	}
	for id := range got {
		if !want[id] {
			extra = append(extra, id)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	if len(missing) > 0 {
		c.violations = append(c.violations, fmt.Sprintf("MonthEvents(%s) misses %d stored events of its scope, e.g. %v", m, len(missing), missing[:min(len(missing), maxListed)]))
	}
	if len(extra) > 0 {
		c.violations = append(c.violations, fmt.Sprintf("MonthEvents(%s) gives %d events outside its scope or not stored, e.g. %v", m, len(extra), extra[:min(len(extra), maxListed)]))
	}
	return c, nil
}

package gen

import (
	"fmt"
	"io"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/unit"
)

// flushSize is how many bytes of events are gathered before a write.
const flushSize = 256 << 10

// ProgressEvery is the number of tickets between two calls of Write's
// progress function.
const ProgressEvery = 100_000

// spillDays is how long after the last month the calendar table reaches:
// lifecycles that start late in a month end in the next ones.
const spillDays = 200

// Write writes units.yaml (the unit.Registry.Encode format) to units and the
// events, one JSON object per line in the form of event.AppendJSON, to
// events. It generates ticket by ticket, so memory stays small for any
// number of tickets, and calls progress (when not nil) with the number of
// tickets done every ProgressEvery tickets.
func Write(cfg Config, units, events io.Writer, progress func(tickets int)) (Stats, error) {
	var st Stats
	cfg, err := cfg.normalize()
	if err != nil {
		return st, err
	}
	d := newDistrict(cfg)
	reg, err := unit.NewRegistry(d.units)
	if err != nil {
		return st, fmt.Errorf("gen: %w", err)
	}
	if err := reg.Encode(units); err != nil {
		return st, err
	}
	st.Units = reg.Len()

	first := calendar.MonthFromIndex(cfg.Month.Index() - cfg.Months + 1)
	from := calendar.DateOf(first.Start(cfg.Location))
	days := int(cfg.Month.End(cfg.Location).Sub(first.Start(cfg.Location)).Hours()/24) + spillDays
	clk := newClock(cfg.Location, from, days)
	g := newGenerator(cfg.Seed, d, clk)
	flush := func() error {
		if _, err := events.Write(g.buf); err != nil {
			return fmt.Errorf("gen: write events: %w", err)
		}
		g.buf = g.buf[:0]
		return nil
	}
	for _, p := range newMonthPlans(cfg, clk, len(d.units)) {
		if err := g.unitEvents(p); err != nil {
			return st, fmt.Errorf("gen: %w", err)
		}
		for i := range p.tickets {
			g.ticketEvents(p, i)
			st.Tickets++
			if len(g.buf) >= flushSize {
				if err := flush(); err != nil {
					return st, err
				}
			}
			if progress != nil && st.Tickets%ProgressEvery == 0 {
				progress(st.Tickets)
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	st.Events = g.events
	return st, nil
}

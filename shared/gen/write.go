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
	r, err := start(cfg)
	if err != nil {
		return st, err
	}
	if err := r.reg.Encode(units); err != nil {
		return st, err
	}
	st.Units = r.reg.Len()
	g := r.g
	flush := func() error {
		if _, err := events.Write(g.buf); err != nil {
			return fmt.Errorf("gen: write events: %w", err)
		}
		g.buf = g.buf[:0]
		return nil
	}
	st.Tickets, err = r.tickets(func() error {
		if len(g.buf) >= flushSize {
			return flush()
		}
		return nil
	}, progress)
	if err != nil {
		return st, err
	}
	if err := flush(); err != nil {
		return st, err
	}
	st.Events = g.events
	return st, nil
}

// run is a generation under way: the normalized Config, its district and
// registry, the generator and the plans of the months.
type run struct {
	cfg   Config
	d     *district
	reg   *unit.Registry
	g     *generator
	plans []*monthPlan
}

// start prepares the generation of cfg.
func start(cfg Config) (*run, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	d := newDistrict(cfg)
	reg, err := unit.NewRegistry(d.units)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	first := calendar.MonthFromIndex(cfg.Month.Index() - cfg.Months + 1)
	from := calendar.DateOf(first.Start(cfg.Location))
	days := int(cfg.Month.End(cfg.Location).Sub(first.Start(cfg.Location)).Hours()/24) + spillDays
	clk := newClock(cfg.Location, from, days)
	return &run{cfg: cfg, d: d, reg: reg, g: newGenerator(cfg.Seed, d, clk), plans: newMonthPlans(cfg, clk, len(d.units))}, nil
}

// tickets generates every month, calling after (which may stop it with an
// error) after each ticket and progress every ProgressEvery tickets; it
// gives the number of tickets.
func (r *run) tickets(after func() error, progress func(tickets int)) (int, error) {
	n := 0
	for _, p := range r.plans {
		if err := r.g.unitEvents(p); err != nil {
			return n, fmt.Errorf("gen: %w", err)
		}
		for i := range p.tickets {
			r.g.ticketEvents(p, i)
			n++
			if err := after(); err != nil {
				return n, err
			}
			if progress != nil && n%ProgressEvery == 0 {
				progress(n)
			}
		}
	}
	return n, nil
}

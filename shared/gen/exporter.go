package gen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shizhong/hotline/shared/centrebook"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// exporter turns the generator's events into the rows of the platform's
// export and of the centre's workbook. The events of a ticket come
// together, in order, so it holds one ticket's at a time; the events of no
// ticket (a month's organisation assessments, criticisms, absences and
// their corrections) are held until the month's first ticket, so that a
// retraction can take back the event it names.
type exporter struct {
	cfg     Config
	reg     *unit.Registry
	variant map[string]string // unit id → the alias the export uses now and then
	noise   *rand.Rand
	ordersT table
	callsT  table
	centre  *centrebook.Writer
	closers []func() error // what abort closes

	ticket  string        // the ticket whose events are held
	evs     []event.Event // its events
	pending []event.Event // events of no ticket, not yet written
	rows    []orderRow    // scratch: the assignments of the ticket

	orders, callbacks, records, left int
	err                              error // the first error: the rest is skipped
}

// orderRow is one assignment of a ticket: a row of 工单明细.
type orderRow struct {
	assigned, returned, rejected *event.Event
	supervised, replied          time.Time
}

func newExporter(cfg Config, reg *unit.Registry, noise *rand.Rand) (*exporter, error) {
	x := &exporter{cfg: cfg, reg: reg, noise: noise, variant: map[string]string{}}
	for _, u := range reg.Units() {
		if len(u.Aliases) > 0 {
			x.variant[u.ID] = u.Aliases[0]
		}
	}
	c, err := centrebook.New(reg, centrebook.Options{Location: cfg.Location, UnitName: func(u unit.Unit) string { return x.name(u.ID) }})
	if err != nil {
		return nil, err
	}
	x.centre = c
	return x, nil
}

// take is the generator's sink: one event.
func (x *exporter) take(e *event.Event) {
	if x.err != nil {
		return
	}
	switch {
	case e.TicketID == "":
		x.err = x.unitEvent(e)
	case e.TicketID != x.ticket:
		x.err = x.flush()
		x.ticket = e.TicketID
		x.evs = append(x.evs[:0], *e)
	default:
		x.evs = append(x.evs, *e)
	}
}

// unitEvent holds an event of no ticket; a correction is left out, and a
// retraction takes back the event it names.
func (x *exporter) unitEvent(e *event.Event) error {
	switch e.Type {
	case event.DeductionWaived:
		x.left++
		return nil
	case event.Retracted:
		for i := len(x.pending) - 1; i >= 0; i-- {
			if x.pending[i].ID == e.EventID {
				x.pending = append(x.pending[:i], x.pending[i+1:]...)
				x.left += 2
				return nil
			}
		}
		return fmt.Errorf("gen: export: retraction %s names %s, not an event of its month", e.ID, e.EventID)
	}
	x.pending = append(x.pending, *e)
	return nil
}

// flush writes the held events: those of no ticket, then the ticket's.
func (x *exporter) flush() error {
	for i := range x.pending {
		if err := x.record(&x.pending[i]); err != nil {
			return err
		}
	}
	x.pending = x.pending[:0]
	if len(x.evs) == 0 {
		return nil
	}
	return x.flushTicket()
}

// record writes an event of the centre's into its workbook.
func (x *exporter) record(e *event.Event) error {
	x.records++
	return x.centre.Add(e)
}

// flushTicket writes the rows of the held ticket: an assignment row for
// each assigned, filled with its return, refusal, supervision and first
// reply; a callback row for each callback; the centre's events of the
// ticket into its workbook.
func (x *exporter) flushTicket() error {
	x.rows = x.rows[:0]
	latest := func(e *event.Event) (*orderRow, error) {
		for i := len(x.rows) - 1; i >= 0; i-- {
			if x.rows[i].assigned.UnitID == e.UnitID {
				return &x.rows[i], nil
			}
		}
		return nil, fmt.Errorf("gen: export: %s %s of unit %s comes before its assignment", e.Type, e.ID, e.UnitID)
	}
	for i := range x.evs {
		e := &x.evs[i]
		switch e.Type {
		case event.Assigned:
			x.rows = append(x.rows, orderRow{assigned: e})
		case event.Returned, event.ReturnRejected, event.Supervised, event.Replied:
			r, err := latest(e)
			if err != nil {
				return err
			}
			switch {
			case e.Type == event.Returned:
				r.returned = e
			case e.Type == event.ReturnRejected:
				r.rejected = e
			case e.Type == event.Supervised:
				r.supervised = e.At
			case r.replied.IsZero():
				r.replied = e.At
			default: // a later reply: the scoring reads the first
				x.left++
			}
		case event.Callback:
			if err := x.callRow(e); err != nil {
				return err
			}
		default:
			if err := x.record(e); err != nil {
				return err
			}
		}
	}
	for i := range x.rows {
		if err := x.orderRow(&x.rows[i]); err != nil {
			return err
		}
	}
	x.evs = x.evs[:0]
	return nil
}

// orderRow writes a row of 工单明细.
func (x *exporter) orderRow(r *orderRow) error {
	a := r.assigned
	x.orders++
	cells := []any{x.orders, untidy(x.noise, a.TicketID), channelLabels[a.Channel], blank(a.Category),
		untidy(x.noise, x.name(a.UnitID)), a.At, a.DueAt,
		nil, nil, nil, nil, nil, nil, instant(r.supervised), instant(r.replied)}
	if e := r.returned; e != nil {
		cells[7], cells[8], cells[9] = e.At, blank(e.Reason), yesNo(e.Noncompliant)
		if e.Noncompliant {
			cells[10] = yesNo(e.CitizenContacted)
		}
	}
	if e := r.rejected; e != nil {
		cells[11], cells[12] = e.At, blank(e.Reason)
	}
	return x.ordersT.row(cells)
}

// callRow writes a row of 回访明细.
func (x *exporter) callRow(e *event.Event) error {
	x.callbacks++
	cells := []any{x.callbacks, untidy(x.noise, e.TicketID), untidy(x.noise, x.name(e.UnitID)), e.At, yesNo(e.Connected), nil, nil}
	if e.Connected {
		cells[5], cells[6] = answerLabels[e.Result], answerLabels[e.Process]
	}
	return x.callsT.row(cells)
}

// name is the name the export gives the unit of id: its name, or about one
// time in five its alias when it has one.
func (x *exporter) name(id string) string {
	u, _ := x.reg.Lookup(id)
	if v := x.variant[id]; v != "" && chance(x.noise, variantShare) {
		return v
	}
	return u.Name
}

// end writes what is still held.
func (x *exporter) end() error {
	if x.err != nil {
		return x.err
	}
	return x.flush()
}

// abort releases what an unfinished export holds.
func (x *exporter) abort() {
	for _, c := range x.closers {
		_ = c()
	}
	if x.centre != nil {
		_ = x.centre.Write(discard{})
	}
}

// discard is io.Discard as a type, for abort.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// blank is s, or nil (a blank cell) when empty.
func blank(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// instant is t, or nil (a blank cell) when zero.
func instant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

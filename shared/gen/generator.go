package gen

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shizhong/hotline/shared/event"
)

// timeLayout is the layout of instants in events, as event.AppendJSON writes
// them.
const timeLayout = time.RFC3339

// generator writes the events of a district into a buffer, reusing one
// event and its buffers so that an event costs almost no allocation.
type generator struct {
	d      *district
	clk    *clock
	r      *rand.Rand
	fix    *rand.Rand  // the corrections' own stream (streamCorrections)
	buf    []byte      // JSON Lines not yet written out
	ev     event.Event // the event being built
	ticket string      // the current ticket's id
	seq    int         // events of the current ticket so far
	scr    []byte      // scratch for ids
	events int         // events generated
	// sink, when set, takes each event instead of buf (the export
	// formats); the event is reused after it returns.
	sink func(*event.Event)
}

// newGenerator starts a generator of the district with the ticket stream
// of the seed.
func newGenerator(seed uint64, d *district, clk *clock) *generator {
	return &generator{
		d: d, clk: clk,
		r:   rand.New(rand.NewPCG(seed, streamTickets)),
		fix: rand.New(rand.NewPCG(seed, streamCorrections)),
		buf: make([]byte, 0, flushSize+4096),
	}
}

// startTicket makes ticket i of the month the current ticket.
func (g *generator) startTicket(p *monthPlan, i int) {
	g.scr = p.ticketID(g.scr[:0], i)
	g.ticket = string(g.scr)
	g.seq = 0
}

// set starts an event of the current ticket of type t at instant at, of
// unit u (-1: none).
func (g *generator) set(t event.Type, at int64, u int) *event.Event {
	g.ev = event.Event{Type: t, At: g.clk.time(at), TicketID: g.ticket}
	if u >= 0 {
		g.ev.UnitID = g.d.units[u].ID
	}
	return &g.ev
}

// emit gives the event built by set the next id of its ticket,
// "<ticket>-<seq>", and writes it.
func (g *generator) emit() {
	g.seq++
	g.scr = append(g.scr[:0], g.ticket...)
	g.scr = append(g.scr, '-')
	g.scr = strconv.AppendInt(g.scr, int64(g.seq), 10)
	g.ev.ID = string(g.scr)
	g.write()
}

// write appends the event as one line of JSON.
func (g *generator) write() {
	if g.sink != nil {
		g.events++
		g.sink(&g.ev)
		return
	}
	g.buf = g.ev.AppendJSON(g.buf)
	g.buf = append(g.buf, '\n')
	g.events++
}

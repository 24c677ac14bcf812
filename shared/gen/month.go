package gen

import (
	"math/rand/v2"
	"slices"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// hourWeights are the relative numbers of demands by local hour of day.
var hourWeights = [24]int64{1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 16, 10, 11, 16, 17, 16, 13, 9, 8, 8, 7, 5, 3}

// Day weights: fewer demands on days off.
const (
	workdayWeight = 100
	dayOffWeight  = 60
)

// monthPlan is what one generated month holds besides its tickets' own
// lifecycles: how many tickets, when they arrive, and the unit-level events.
type monthPlan struct {
	month   calendar.Month
	tickets int
	prefix  []byte // ticket id prefix, e.g. "SZ2610"
	width   int    // digits of the ticket number

	hourAt  []int64 // first instant of each hour of the month
	hourCum []int64 // cumulative arrival weight up to and including each hour
	hour    int     // the hour of the latest arrival: arrivals come in order

	orgs    bool         // the first generated month of its year: org_assessed for every unit
	crit    int          // criticized without a ticket
	absent  int          // meeting_absent without a ticket
	attach  []attachment // unit events about a ticket, by ticket index
	attachN int          // attachments already written
}

// attachment is a criticized or meeting_absent about one ticket.
type attachment struct {
	ticket int
	typ    event.Type
}

// newMonthPlans plans the months of cfg, oldest first.
func newMonthPlans(cfg Config, clk *clock, units int) []*monthPlan {
	r := rand.New(rand.NewPCG(cfg.Seed, streamMonths))
	plans := make([]*monthPlan, cfg.Months)
	width := 6
	for i := range plans {
		m := calendar.MonthFromIndex(cfg.Month.Index() - cfg.Months + 1 + i)
		p := &monthPlan{month: m, tickets: cfg.Tickets}
		if i < cfg.Months-1 {
			p.tickets = max(cfg.Tickets*(900+r.IntN(201))/1000, 1)
		}
		for x := 1_000_000; p.tickets >= x && width < 18; x *= 10 {
			width++
		}
		p.prefix = appendPad([]byte("SZ"), m.Year%100, 2)
		p.prefix = appendPad(p.prefix, int(m.Month), 2)
		p.orgs = i == 0 || m.Month == 1
		p.hours(clk)
		p.crit = 2 + r.IntN(4) + units/20
		p.absent = 1 + r.IntN(3) + units/40
		for _, a := range []struct {
			typ event.Type
			n   *int
		}{{event.Criticized, &p.crit}, {event.MeetingAbsent, &p.absent}} {
			k := max(*a.n/3, 1) // about a third are about a ticket
			*a.n -= k
			for range k {
				p.attach = append(p.attach, attachment{r.IntN(p.tickets), a.typ})
			}
		}
		slices.SortStableFunc(p.attach, func(a, b attachment) int { return a.ticket - b.ticket })
		plans[i] = p
	}
	for _, p := range plans {
		p.width = width
	}
	return plans
}

// hours builds the arrival table of the month.
func (p *monthPlan) hours(clk *clock) {
	first := clk.day(p.month.Start(clk.loc).Unix())
	end := p.month.End(clk.loc).Unix()
	var total int64
	for d := first; clk.start[d] < end; d++ {
		dw := int64(dayOffWeight)
		if clk.work[d] {
			dw = workdayWeight
		}
		for h, hw := range hourWeights {
			total += dw * hw * 1000
			p.hourAt = append(p.hourAt, clk.start[d]+int64(h)*hour)
			p.hourCum = append(p.hourCum, total)
		}
	}
}

// arrival is the instant ticket i of the month is assigned: tickets arrive
// in the order of their numbers, more by day and on working days.
func (p *monthPlan) arrival(r *rand.Rand, i int) int64 {
	total := p.hourCum[len(p.hourCum)-1]
	pos := (int64(i)*total + r.Int64N(total)) / int64(p.tickets)
	for p.hour < len(p.hourCum)-1 && p.hourCum[p.hour] <= pos {
		p.hour++
	}
	prev := int64(0)
	if p.hour > 0 {
		prev = p.hourCum[p.hour-1]
	}
	return p.hourAt[p.hour] + (pos-prev)*hour/(p.hourCum[p.hour]-prev)
}

// ticketID appends the id of ticket i of the month, e.g. SZ2610000123.
func (p *monthPlan) ticketID(b []byte, i int) []byte {
	return appendPad(append(b, p.prefix...), i+1, p.width)
}

// label is the month in ids of unit-level events, e.g. 2026-10.
func (p *monthPlan) label() string { return p.month.String() }

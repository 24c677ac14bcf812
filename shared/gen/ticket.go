package gen

import "github.com/shizhong/hotline/shared/event"

// Rates of a ticket's lifecycle in parts per million, for a unit of middle
// quality; a unit's factor scales the bad ones.
const (
	returnFirst      = 80_000  // the first unit returns the ticket
	returnAgain      = 335_000 // a later unit returns it too: ~0.3% are returned 4 times or more
	maxReturns       = 8
	returnLate       = 100_000 // a return after more than 1 working day
	noncompliant     = 200_000 // a return as a demand for another channel
	contacted        = 800_000 // … with the citizen told first
	neverReplied     = 2_000   // never replied: with late replies about 3 overdue a month for a unit of 700 tickets
	replyLate        = 5_000
	superviseBad     = 100_000 // supervision of a late or unanswered ticket
	superviseGood    = 13_000  // … of another ticket
	supervisionFails = 280_000 // of supervised tickets that were replied
	reassignOverdue  = 30_000  // overdue_reassigned of a late or unanswered ticket
	callbackShare    = 900_000
	firstMissed      = 350_000 // the first callback attempt reaches nobody
	secondAttempt    = 900_000
	secondConnects   = 700_000
	dissatisfied     = 60_000  // result dissatisfied
	basically        = 220_000 // result basically satisfied
	redoDissatisfied = 80_000  // redo after a dissatisfied result
	redoOther        = 1_500
	unreasonableBad  = 100_000 // unreasonable demand approved after a dissatisfied result
	unreasonableAny  = 5_500
	categoryShare    = 900_000
	returnRefused    = 30_000 // the centre refuses an application to return (return_rejected)
)

const (
	minute = 60
	hour   = 3600
	day    = 86400
)

// ticketEvents writes the lifecycle of ticket i of the month.
func (g *generator) ticketEvents(p *monthPlan, i int) {
	r := g.r
	g.startTicket(p, i)
	at := p.arrival(r, i)
	channel := event.Channels[weighted(r, channelCum)]
	category := ""
	if chance(r, categoryShare) {
		category = categories[r.IntN(len(categories))]
	}
	u := g.d.pick(r, -1)
	var due int64
	for k := 0; ; k++ {
		due = g.clk.addWorkdays(at, dueDays[weighted(r, dueDayCum)])
		e := g.set(event.Assigned, at, u)
		e.DueAt, e.Channel, e.Category = g.clk.time(due), channel, category
		g.emit()
		rate := returnFirst
		if k > 0 {
			rate = returnAgain
		}
		if k == maxReturns || !chance(r, scale(rate, g.d.factor[u])) {
			break
		}
		at = g.returned(at, u) + 10*minute + r.Int64N(3*hour)
		u = g.d.pick(r, u)
	}
	last := g.handle(at, due, u)
	for ; p.attachN < len(p.attach) && p.attach[p.attachN].ticket == i; p.attachN++ {
		g.attached(p.attach[p.attachN].typ, at, last, u)
	}
}

// returned writes the return of the assignment received at `at` by unit u
// and gives its instant.
func (g *generator) returned(at int64, u int) int64 {
	r := g.r
	var ret int64
	if chance(r, scale(returnLate, g.d.factor[u])) { // after more than 1 working day
		ret = g.clk.addWorking(at, day+10*minute+r.Int64N(2*day))
		ret = g.clk.daytime(ret, g.clk.addWorking(at, day+1), noLimit)
	} else {
		ret = g.clk.addWorking(at, 5*minute+r.Int64N(r.Int64N(23*hour)+1))
		ret = g.clk.daytime(ret, at+minute, g.clk.addWorking(at, day))
	}
	e := g.set(event.Returned, ret, u)
	if chance(r, noncompliant) {
		e.Noncompliant, e.CitizenContacted = true, chance(r, contacted)
		e.Reason = noncompliantReasons[r.IntN(len(noncompliantReasons))]
	} else {
		e.Reason = returnReasons[r.IntN(len(returnReasons))]
	}
	g.emit()
	if chance(g.fix, returnRefused) {
		e := g.set(event.ReturnRejected, ret+5*minute+g.fix.Int64N(5*minute), u)
		e.Reason = refusalReasons[g.fix.IntN(len(refusalReasons))]
		g.emit()
	}
	return ret
}

// handle writes what follows the final assignment (received at `at`, due at
// `due`, of unit u): supervision, replies, callbacks, redo, approvals; it
// gives the instant of the last of them.
func (g *generator) handle(at, due int64, u int) int64 {
	r := g.r
	f := g.d.factor[u]
	never := chance(r, scale(neverReplied, f))
	late := !never && chance(r, scale(replyLate, f))
	var reply int64
	switch {
	case never:
	case late:
		reply = g.clk.addWorking(due, 30*minute+r.Int64N(4*day))
		reply = g.clk.daytime(reply, due+1, noLimit)
	default:
		reply = at + 5*minute + r.Int64N(max(due-at-5*minute, 1))
		reply = g.clk.daytime(reply, at+minute, due)
	}
	last := max(reply, due)

	rate := superviseGood
	if never || late {
		rate = superviseBad
	}
	supervised := chance(r, rate)
	if supervised {
		var s int64
		if never || late {
			s = at + (due-at)/2 + r.Int64N((due-at)/2+1)
			s = g.clk.daytime(s, at+minute, due)
		} else {
			s = at + minute + r.Int64N(max(reply-at-minute, 1))
			s = g.clk.daytime(s, at+minute, reply-1)
		}
		g.set(event.Supervised, s, u)
		g.emit()
	}
	if (never || late) && chance(r, reassignOverdue) {
		e := g.set(event.OverdueReassigned, g.later(due+hour+r.Int64N(3*day), due+1), u)
		if chance(r, 500_000) {
			e.ToUnitID = g.d.units[g.d.pick(r, u)].ID
		}
		g.emit()
		last = max(last, e.At.Unix())
	}
	if never {
		return last
	}
	g.set(event.Replied, reply, u)
	g.emit()
	if supervised && chance(r, supervisionFails) {
		rej := g.later(reply+hour+r.Int64N(2*day), reply+1)
		g.set(event.SupervisionRejected, rej, u)
		g.emit()
		reply = g.later(g.clk.addWorking(rej, 4*hour+r.Int64N(2*day)), rej+1)
		g.set(event.Replied, reply, u)
		g.emit()
	}
	last = max(last, reply)

	pd := scale(dissatisfied, f)
	var bad bool
	if chance(r, callbackShare) {
		var cb int64
		cb, bad = g.callbacks(reply, u, pd)
		last = max(last, cb)
	}
	reason := ""
	switch {
	case bad && chance(r, redoDissatisfied):
		reason = "callback_dissatisfied"
	case chance(r, redoOther):
		reason = redoReasons[r.IntN(len(redoReasons))]
	}
	if reason != "" {
		t := g.later(last+hour+r.Int64N(day), last+1)
		e := g.set(event.Redo, t, u)
		e.Reason = reason
		g.emit()
		last = g.later(g.clk.addWorking(t, 4*hour+r.Int64N(3*day)), t+1)
		g.set(event.Replied, last, u)
		g.emit()
		if chance(r, callbackShare) {
			var again bool
			last, again = g.callbacks(last, u, pd/2)
			bad = bad || again
		}
	}
	rate = unreasonableAny
	if bad {
		rate = unreasonableBad
	}
	if chance(r, rate) {
		last = g.later(last+day+r.Int64N(4*day), last+1)
		g.set(event.UnreasonableApproved, last, -1)
		g.emit()
	}
	return last
}

// attached writes a criticism or an absence about the ticket assigned at
// `at` to unit u, whose lifecycle ended at `last`.
func (g *generator) attached(typ event.Type, at, last int64, u int) {
	r := g.r
	t := g.later(at+day+r.Int64N(max(last-at, day)), at+1)
	e := g.set(typ, t, u)
	if typ == event.Criticized {
		e.Reason = event.CriticismReasons[r.IntN(len(event.CriticismReasons))]
	} else {
		e.Meeting = event.Meetings[r.IntN(len(event.Meetings))]
	}
	g.emit()
}

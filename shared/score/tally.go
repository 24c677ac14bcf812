package score

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// tally is one pass over every ticket: for each unit and month the counts
// that the items are computed from, with the deduction behind each count.
// It depends on the policy, the calendar and "now", never on event order.
type tally struct {
	months map[int][]acc   // month index → per unit
	years  map[int][]int32 // year → per unit: tickets with a callback in the year
	over   []overTicket    // tickets returned more than the limit
	orphan []orphanReturn  // returns without an assignment
	waived []bool          // by waiver in force: it matched a deduction
	table  *calendar.MonthTable

	reckoned map[int]int64 // month index → the earliest receipt a return of the month is judged from (calendarwarn.go)
}

// acc is what one unit did in one month.
type acc struct {
	assigned, late, noncompliant, overdue, supRejected, meetings, criticisms int32
	callbackTickets, connected, excluded, resultSat, procSat                 int32
	// yearFirst are the callback tickets of the month that had no callback
	// of the unit earlier in the month's year: summed over a year's months,
	// the year's distinct callback tickets (tally.years), which a year
	// computed from its months' summaries reads (summary.go).
	yearFirst int32
	deds      []dedRec
}

// dedRec is one deduction: counted, or listed as waived.
type dedRec struct {
	at     int64
	ticket uint32
	rec    int32 // the record of the event that caused it
	from   int32 // overdue moved from this unit, or -1
	waiver int32 // the waiver in force that cancels it, or -1
	rule   Rule
}

// item is a record of the ticket being read, with its index in the ledger.
type item struct {
	record
	i int32
}

type overTicket struct {
	ticket uint32
	ats    []int64 // every return, ascending
	units  []int32
}

type orphanReturn struct {
	at     int64
	ticket uint32
	unit   int32
}

// assignment is the state of one `assigned` event while a ticket is read.
type assignment struct {
	r, d    int64
	rec     int32  // the assigned record
	id      uint64 // its idHash
	replied int64  // first reply, or MaxInt64
	// returned is the first return not followed by a return_rejected of
	// this assignment (SPEC §6 v1.1), or MaxInt64.
	returned   int64
	reassigned bool
	reTo       int32
}

// answered is when the assignment was first answered: replied, or returned
// and not refused.
func (a *assignment) answered() int64 { return min(a.replied, a.returned) }

type tallyRules struct {
	cal        *calendar.Calendar
	now        int64
	lateLimit  time.Duration
	satisfied  [4]bool // by answerCode
	returnsMax int
	units      int
	fixes      *corrections
}

// newTally reads every ticket of the ledger on all CPUs, a ticket shard
// at a time.
func newTally(l *Ledger, rules tallyRules) *tally {
	first, last := 2000, 2100
	if lo, hi, ok := l.Span(); ok {
		loc := rules.cal.Location()
		first, last = lo.In(loc).Year()-1, hi.In(loc).Year()+1
	}
	table := calendar.NewMonthTable(rules.cal.Location(), first, last)
	workers := runtime.GOMAXPROCS(0)
	parts := make([]*tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &tally{months: map[int][]acc{}, years: map[int][]int32{}, table: table,
				waived: make([]bool, len(rules.fixes.waivers))}
			retracted := rules.fixes.retracted
			var buf []item
			var asg []assignment
			for s := w; s < numShards; s += workers {
				sh := &l.shards[s]
				for tk := range sh.head {
					buf = buf[:0]
					for i := sh.head[tk]; i >= 0; i = sh.next[i] {
						if len(retracted) > 0 && retracted[sh.recs[i].idHash()] {
							continue // withdrawn by a retracted event
						}
						buf = append(buf, item{sh.recs[i], recordNumber(s, i)})
					}
					if len(buf) > 0 {
						asg = t.ticket(uint32(tk)<<shardBits|uint32(s), buf, asg, &rules)
					}
				}
			}
			parts[w] = t
		}()
	}
	wg.Wait()
	out := parts[0]
	for _, p := range parts[1:] {
		out.merge(p)
	}
	return out
}

func (t *tally) merge(o *tally) {
	for m, accs := range o.months {
		mine, ok := t.months[m]
		if !ok {
			t.months[m] = accs
			continue
		}
		for u := range accs {
			mine[u].add(&accs[u])
		}
	}
	for y, counts := range o.years {
		mine, ok := t.years[y]
		if !ok {
			t.years[y] = counts
			continue
		}
		for u, c := range counts {
			mine[u] += c
		}
	}
	t.over = append(t.over, o.over...)
	t.orphan = append(t.orphan, o.orphan...)
	t.mergeReckoned(o)
	for i, w := range o.waived {
		t.waived[i] = t.waived[i] || w
	}
}

func (a *acc) add(o *acc) {
	a.assigned += o.assigned
	a.late += o.late
	a.noncompliant += o.noncompliant
	a.overdue += o.overdue
	a.supRejected += o.supRejected
	a.meetings += o.meetings
	a.criticisms += o.criticisms
	a.callbackTickets += o.callbackTickets
	a.connected += o.connected
	a.excluded += o.excluded
	a.resultSat += o.resultSat
	a.procSat += o.procSat
	a.yearFirst += o.yearFirst
	a.deds = append(a.deds, o.deds...)
}

func (t *tally) at(u int32, month int, units int) *acc {
	accs, ok := t.months[month]
	if !ok {
		accs = make([]acc, units)
		t.months[month] = accs
	}
	return &accs[u]
}

func compareRecords(a, b item) int {
	return cmp.Or(
		cmp.Compare(a.unit, b.unit),
		cmp.Compare(a.at, b.at),
		cmp.Compare(a.kind, b.kind),
		cmp.Compare(a.tie, b.tie),
	)
}

// ticket reads the records of one ticket. asg is scratch space, returned
// for reuse.
func (t *tally) ticket(tk uint32, recs []item, asg []assignment, rules *tallyRules) []assignment {
	slices.SortFunc(recs, compareRecords)
	unreasonable := false
	var returns []item
	for _, r := range recs {
		switch r.kind {
		case event.UnreasonableApproved:
			unreasonable = true
		case event.Returned:
			returns = append(returns, r)
		}
	}
	if tk != 0 && len(returns) > rules.returnsMax {
		o := overTicket{ticket: tk}
		slices.SortFunc(returns, func(a, b item) int { return cmp.Compare(a.at, b.at) })
		for _, r := range returns {
			o.ats = append(o.ats, r.at)
			if !slices.Contains(o.units, r.unit) {
				o.units = append(o.units, r.unit)
			}
		}
		t.over = append(t.over, o)
	}
	for i := 0; i < len(recs); {
		j := i + 1
		for j < len(recs) && recs[j].unit == recs[i].unit {
			j++
		}
		if recs[i].unit >= 0 {
			asg = t.unitTicket(tk, recs[i:j], unreasonable, asg[:0], rules)
		}
		i = j
	}
	return asg
}

// dedOf is a deduction of rule caused by record r of ticket tk, at its time.
func dedOf(r item, tk uint32, rule Rule) dedRec {
	return dedRec{at: r.at, ticket: tk, rec: r.i, from: -1, rule: rule}
}

// deduct lists a deduction on unit u and reports whether it counts: not when
// a waiver in force names it (its unit, rule and event), which it then
// marks as matched.
func (t *tally) deduct(a *acc, u int32, d dedRec, event uint64, rules *tallyRules) bool {
	d.waiver = -1
	if w, ok := rules.fixes.byKey[deductionKey{u, d.rule, event}]; ok {
		d.waiver = w
		t.waived[w] = true
	}
	a.deds = append(a.deds, d)
	return d.waiver < 0
}

// unitTicket reads the records of one ticket and one unit, sorted by time.
// Records of one instant are read in the order of their types (event.Type):
// an assignment before what belongs to it, a return before a
// return_rejected, which therefore refuses a return of the same instant.
func (t *tally) unitTicket(tk uint32, recs []item, unreasonable bool, asg []assignment, rules *tallyRules) []assignment {
	u := recs[0].unit
	cur := -1
	cbMonth, cbConnected, cbResult, cbProc := -1, false, uint8(0), uint8(0)
	lastYear := -1
	flush := func() {
		if cbMonth < 0 {
			return
		}
		a := t.at(u, cbMonth, rules.units)
		a.callbackTickets++
		if y := calendar.MonthFromIndex(cbMonth).Year; y != lastYear {
			t.yearCount(y, u, rules.units)
			a.yearFirst++
			lastYear = y
		}
		if cbConnected {
			if unreasonable {
				a.excluded++
			} else {
				a.connected++
				if rules.satisfied[cbResult] {
					a.resultSat++
				}
				if rules.satisfied[cbProc] {
					a.procSat++
				}
			}
		}
	}
	for _, r := range recs {
		m := t.table.Index(r.at)
		switch r.kind {
		case event.Assigned:
			asg = append(asg, assignment{r: r.at, d: r.due, rec: r.i, id: r.idHash(), replied: math.MaxInt64, returned: math.MaxInt64, reTo: -1})
			cur = len(asg) - 1
			t.at(u, m, rules.units).assigned++
		case event.Returned:
			a := t.at(u, m, rules.units)
			if cur >= 0 {
				asg[cur].returned = min(asg[cur].returned, r.at)
				t.reckonFrom(m, asg[cur].r)
				if rules.late(asg[cur].r, r.at) && t.deduct(a, u, dedOf(r, tk, RuleLateReturn), r.idHash(), rules) {
					a.late++
				}
			} else {
				t.orphan = append(t.orphan, orphanReturn{at: r.at, ticket: tk, unit: u})
			}
			if r.bits&bitNoncompliant != 0 && r.bits&bitContacted == 0 && t.deduct(a, u, dedOf(r, tk, RuleNoncompliantReturn), r.idHash(), rules) {
				a.noncompliant++
			}
		case event.ReturnRejected:
			if cur >= 0 {
				asg[cur].returned = math.MaxInt64 // every return so far was refused
			}
		case event.Replied:
			if cur >= 0 {
				asg[cur].replied = min(asg[cur].replied, r.at)
			}
		case event.SupervisionRejected:
			if a := t.at(u, m, rules.units); t.deduct(a, u, dedOf(r, tk, RuleSupervisionRejected), r.idHash(), rules) {
				a.supRejected++
			}
		case event.MeetingAbsent:
			if a := t.at(u, m, rules.units); t.deduct(a, u, dedOf(r, tk, RuleMeetingAbsent), r.idHash(), rules) {
				a.meetings++
			}
		case event.Criticized:
			if a := t.at(u, m, rules.units); t.deduct(a, u, dedOf(r, tk, RuleCriticized), r.idHash(), rules) {
				a.criticisms++
			}
		case event.Callback:
			if m != cbMonth {
				flush()
				cbMonth, cbConnected = m, false
			}
			if r.bits&bitConnected != 0 {
				cbConnected, cbResult, cbProc = true, r.result, r.proc
			}
		case event.OverdueReassigned:
			if cur >= 0 {
				asg[cur].reassigned, asg[cur].reTo = true, r.to
			}
		}
	}
	flush()
	for _, a := range asg {
		if a.d >= rules.now || a.answered() <= a.d {
			continue
		}
		to, from := u, int32(-1)
		if a.reassigned {
			if a.reTo < 0 {
				continue // waived by the centre
			}
			if a.reTo != u {
				to, from = a.reTo, u
			}
		}
		acc := t.at(to, t.table.Index(a.d), rules.units)
		if t.deduct(acc, to, dedRec{at: a.d, ticket: tk, rec: a.rec, from: from, rule: RuleOverdue}, a.id, rules) {
			acc.overdue++
		}
	}
	return asg
}

func (t *tally) yearCount(y int, u int32, units int) {
	c, ok := t.years[y]
	if !ok {
		c = make([]int32, units)
		t.years[y] = c
	}
	c[u]++
}

// late reports whether a return at `at` of an assignment received at r took
// more than the allowed working time.
func (rules *tallyRules) late(r, at int64) bool {
	if time.Duration(at-r) <= rules.lateLimit {
		return false // working time never exceeds wall time
	}
	return rules.cal.WorkingTime(time.Unix(0, r), time.Unix(0, at)) > rules.lateLimit
}

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
	table  *calendar.MonthTable

	reckoned map[int]int64 // month index → the earliest receipt a return of the month is judged from (calendarwarn.go)
}

// acc is what one unit did in one month.
type acc struct {
	assigned, late, noncompliant, overdue, supRejected, meetings, criticisms int32
	callbackTickets, connected, excluded, resultSat, procSat                 int32
	deds                                                                     []dedRec
}

type dedRec struct {
	at     int64
	ticket uint32
	from   int32 // overdue moved from this unit, or -1
	rule   Rule
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
	r, d       int64
	answered   int64 // first reply or return, or MaxInt64
	reassigned bool
	reTo       int32
}

type tallyRules struct {
	cal        *calendar.Calendar
	now        int64
	lateLimit  time.Duration
	satisfied  [4]bool // by answerCode
	returnsMax int
	units      int
}

// newTally reads every ticket of the ledger on all CPUs.
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
	n := len(l.head)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &tally{months: map[int][]acc{}, years: map[int][]int32{}, table: table}
			var buf []record
			var asg []assignment
			for tk := w * n / workers; tk < (w+1)*n/workers; tk++ {
				buf = buf[:0]
				for i := l.head[tk]; i >= 0; i = l.next[i] {
					buf = append(buf, l.recs[i])
				}
				if len(buf) > 0 {
					asg = t.ticket(uint32(tk), buf, asg, &rules)
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

func compareRecords(a, b record) int {
	return cmp.Or(
		cmp.Compare(a.unit, b.unit),
		cmp.Compare(a.at, b.at),
		cmp.Compare(a.kind, b.kind),
		cmp.Compare(a.tie, b.tie),
	)
}

// ticket reads the records of one ticket. asg is scratch space, returned
// for reuse.
func (t *tally) ticket(tk uint32, recs []record, asg []assignment, rules *tallyRules) []assignment {
	slices.SortFunc(recs, compareRecords)
	unreasonable := false
	var returns []record
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
		slices.SortFunc(returns, func(a, b record) int { return cmp.Compare(a.at, b.at) })
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

// unitTicket reads the records of one ticket and one unit, sorted by time.
func (t *tally) unitTicket(tk uint32, recs []record, unreasonable bool, asg []assignment, rules *tallyRules) []assignment {
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
			asg = append(asg, assignment{r: r.at, d: r.due, answered: math.MaxInt64, reTo: -1})
			cur = len(asg) - 1
			t.at(u, m, rules.units).assigned++
		case event.Returned:
			a := t.at(u, m, rules.units)
			if cur >= 0 {
				asg[cur].answered = min(asg[cur].answered, r.at)
				t.reckonFrom(m, asg[cur].r)
				if rules.late(asg[cur].r, r.at) {
					a.late++
					a.deds = append(a.deds, dedRec{at: r.at, ticket: tk, from: -1, rule: RuleLateReturn})
				}
			} else {
				t.orphan = append(t.orphan, orphanReturn{at: r.at, ticket: tk, unit: u})
			}
			if r.bits&bitNoncompliant != 0 && r.bits&bitContacted == 0 {
				a.noncompliant++
				a.deds = append(a.deds, dedRec{at: r.at, ticket: tk, from: -1, rule: RuleNoncompliantReturn})
			}
		case event.Replied:
			if cur >= 0 {
				asg[cur].answered = min(asg[cur].answered, r.at)
			}
		case event.SupervisionRejected:
			a := t.at(u, m, rules.units)
			a.supRejected++
			a.deds = append(a.deds, dedRec{at: r.at, ticket: tk, from: -1, rule: RuleSupervisionRejected})
		case event.MeetingAbsent:
			a := t.at(u, m, rules.units)
			a.meetings++
			a.deds = append(a.deds, dedRec{at: r.at, ticket: tk, from: -1, rule: RuleMeetingAbsent})
		case event.Criticized:
			a := t.at(u, m, rules.units)
			a.criticisms++
			a.deds = append(a.deds, dedRec{at: r.at, ticket: tk, from: -1, rule: RuleCriticized})
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
		if a.d >= rules.now || a.answered <= a.d {
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
		acc.overdue++
		acc.deds = append(acc.deds, dedRec{at: a.d, ticket: tk, from: from, rule: RuleOverdue})
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

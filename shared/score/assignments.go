package score

import (
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// summarySalt sets the fingerprint of a counted assignment apart from that
// of the same event added whole.
const summarySalt = 0x5a17_c0de_a551_6e3d

// CountAssignments counts, for month m read in summary, its assignments:
// `assigned` events whose `at` falls in m, each given once over all the
// calls for m. The staffing rule (四(一)) of a month reads each unit's number
// of assignments in every month from January to it, and nothing else of
// the months before the two that escalation looks back on; a store gives
// those months in summary (store.Store.MonthAssignments) instead of with the
// whole histories of their tickets, a sixteenth of the reads.
//
// From the first call for m, the staffing rule takes month m's assignments
// from these counts only, and the events added whole count for nothing in
// it; no other rule reads m, so a ledger with m in summary scores only
// months whose rules do not read m otherwise (compute.Service.Month picks
// them). The store gives assignments only (event.Brief has no type);
// assignments of a unit not in the registry are not counted. Call it with
// no assignments to mark a month that has none. The counted assignments
// enter the fingerprint, each as its whole event would (by id and content
// hash, salted).
func (l *Ledger) CountAssignments(m calendar.Month, assignments []event.Brief) {
	if l.assignments == nil {
		l.assignments = map[int][]int32{}
	}
	counts := l.assignments[m.Index()]
	if counts == nil {
		counts = make([]int32, l.reg.Len())
		l.assignments[m.Index()] = counts
	}
	for i := range assignments {
		a := &assignments[i]
		addToPrint(&l.sum, a.Key(), a.Hash^summarySalt)
		if u, ok := l.reg.Index(a.UnitID); ok {
			counts[u]++
		}
	}
}

// summarized returns unit u's assignments in month index k when k was read
// in summary.
func (l *Ledger) summarized(k, u int) (n int32, ok bool) {
	counts, ok := l.assignments[k]
	if !ok {
		return 0, false
	}
	return counts[u], true
}

package score

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/shizhong/hotline/shared/event"
)

// waiver is a deduction_waived event (SPEC §3, §5 v1.1), kept whole: a
// district has few of them.
type waiver struct {
	id      string // the waiver's own id
	key     uint64 // idHash of its own id
	at      int64
	unit    int32 // the unit whose deduction is cancelled
	rule    Rule
	event   uint64 // idHash of the deduction's event id
	eventID string
	reason  string
	appeal  string
}

// retraction is a retracted event: the centre withdraws the event it names.
type retraction struct {
	id      string // the retraction's own id
	key     uint64 // idHash of its own id
	at      int64
	target  event.IDKey // the key of the event withdrawn
	eventID string
}

// corrections is what the ledger's corrections decide (SPEC §5 v1.1): the
// events withdrawn, the waivers in force, and the warnings about
// corrections that change nothing. It depends only on the set of events.
type corrections struct {
	// retracted holds the idHash of every event withdrawn; empty when none.
	retracted map[uint64]bool
	// waivers are the waivers in force (not withdrawn), by time and id; the
	// first of them for a deduction gives its reason.
	waivers []waiver
	byKey   map[deductionKey]int32 // deduction → its first waiver
	// warnings are about retractions that withdraw nothing, each at the
	// instant of its retraction.
	warnings []timedWarning
}

// deductionKey is what a waiver names: the unit that carries the deduction,
// its rule and the event that caused it.
type deductionKey struct {
	unit  int32
	rule  Rule
	event uint64
}

// timedWarning is a warning that belongs to the period of its instant.
type timedWarning struct {
	at   int64
	text string
}

// corrections reads the ledger's retractions and waivers. A retraction
// withdraws the event it names, whatever its type, except a retraction:
// retracting a retraction is ignored (post the event again with a new id);
// withdrawing a deduction_waived cancels the waiver. A retraction of an id
// the ledger does not hold withdraws nothing: both are warned about.
func (l *Ledger) corrections() *corrections {
	c := &corrections{retracted: map[uint64]bool{}, byKey: map[deductionKey]int32{}}
	isRetraction := map[uint64]string{}
	for _, r := range l.retractions {
		isRetraction[r.key] = r.id
	}
	rs := slices.Clone(l.retractions)
	slices.SortFunc(rs, func(a, b retraction) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.id, b.id)) })
	for _, r := range rs {
		h := idHash(r.target)
		other, ofRetraction := isRetraction[h]
		known := l.has(r.target)
		switch {
		case ofRetraction:
			c.warnings = append(c.warnings, timedWarning{r.at, fmt.Sprintf(
				"retraction %q names retraction %q: a retraction cannot itself be withdrawn, ignored; post the event again with a new id (撤销记录不能被撤销，已忽略；请以新编号重新录入该事件)",
				r.id, other)})
		case !known:
			c.warnings = append(c.warnings, timedWarning{r.at, fmt.Sprintf(
				"retraction %q names event %q, which is not among the events: nothing withdrawn, probably a typo (撤销的事件编号不存在，未撤销任何事件，请核对)",
				r.id, r.eventID)})
		default:
			c.retracted[h] = true
		}
	}
	for _, w := range l.waivers {
		if !c.retracted[w.key] {
			c.waivers = append(c.waivers, w)
		}
	}
	slices.SortFunc(c.waivers, func(a, b waiver) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.id, b.id)) })
	for i, w := range c.waivers {
		k := deductionKey{w.unit, w.rule, w.event}
		if _, ok := c.byKey[k]; !ok {
			c.byKey[k] = int32(i)
		}
	}
	return c
}

// unmatched warns about each waiver in force that matched no deduction:
// it changes nothing, and is probably a typo in its rule or event id. The
// tally marks the first waiver of a deduction; the others of the same
// deduction matched it as well.
func (c *corrections) unmatched(matched []bool, unitID func(int32) string) []timedWarning {
	var out []timedWarning
	for _, w := range c.waivers {
		if matched[c.byKey[deductionKey{w.unit, w.rule, w.event}]] {
			continue
		}
		out = append(out, timedWarning{w.at, fmt.Sprintf(
			"deduction_waived %q of unit %q names no %s deduction of event %q: nothing waived (核销未匹配任何扣分，请核对单位、规则和事件编号)",
			w.id, unitID(w.unit), w.rule, w.eventID)})
	}
	return out
}

// inPeriod returns the texts of the warnings of [start, end), by time.
func inPeriod(ws []timedWarning, start, end int64) []string {
	var in []timedWarning
	for _, w := range ws {
		if w.at >= start && w.at < end {
			in = append(in, w)
		}
	}
	slices.SortStableFunc(in, func(a, b timedWarning) int { return cmp.Compare(a.at, b.at) })
	out := make([]string, len(in))
	for i, w := range in {
		out[i] = w.text
	}
	return out
}

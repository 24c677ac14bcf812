package score

import "github.com/shizhong/hotline/shared/calendar"

// Official is the official record of earlier months (SPEC §12.4): for each
// month that has a final version, the ids of the units that version marks
// bottom. Escalation counts such a month by these flags, the notice that
// was really issued, and a month not in it by its events; a unit absent
// from a month's set was not bottom in it (or not assessed), which breaks
// its run.
type Official map[calendar.Month]map[string]bool

// WithOfficial makes e count the bottom runs of its months by o for the
// months o holds that come before the month scored: the month scored is
// always judged by its events. It returns e, and must be called before e
// scores anything.
func (e *Engine) WithOfficial(o Official) *Engine {
	e.official = o
	return e
}

// wasBottom says whether unit u was bottom in month mi, as the run of the
// month scored (at) counts it: by the official record for an earlier month
// it holds, else by the events.
func (e *Engine) wasBottom(mi, at, u int) bool {
	if mi < at {
		if bottoms, ok := e.official[calendar.MonthFromIndex(mi)]; ok {
			return bottoms[e.ledger.reg.At(u).ID]
		}
	}
	return e.month(mi).units[u].bottom
}

// inOfficial says whether the official record holds month mi.
func (e *Engine) inOfficial(mi int) bool {
	_, ok := e.official[calendar.MonthFromIndex(mi)]
	return ok
}

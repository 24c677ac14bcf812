package score

import (
	"slices"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// Reads is what scoring a period reads from a store, so that the store reads
// that and no more, and the rule lives here, beside the rules that need it,
// not in each caller:
//
//   - Whole: months read whole (store.Scope: every event of every ticket
//     active in the month), whose scores the result holds or counts;
//   - Summary: months read in summary, only the number of assignments of
//     each unit (Ledger.CountAssignments), which the staffing rule of a
//     whole month reads from January of its year (四(一), SPEC §6 v1.1);
//   - Results: earlier months whose final version, where there is one,
//     counts instead of their events (SPEC §12.4): escalation (七) takes a
//     unit's bottom flag in them from that version (WithOfficial).
//
// Window gives the reads when no month of Results is final; Given, once the
// store has said which are. The two together give the result the engine
// gives over all events with the same official record.
type Reads struct {
	Whole, Summary, Results []calendar.Month
}

// Window is what scoring period p reads. A month m is scored from its own
// events; escalation looks back MaxBottomRun−1 months for a run of bottom
// months, and each of those months counts by its final version or, if it has
// none, by its own events, so they are both in Results and, until Given
// says they are final, in Whole. A year reads its twelve months whole.
func Window(p calendar.Period) Reads {
	var r Reads
	switch {
	case p.IsMonth():
		m := p.Month()
		for k := 1; k < MaxBottomRun; k++ {
			m = m.Prev()
			r.Results = append(r.Results, m)
		}
		slices.Reverse(r.Results)
		r.Whole = append(slices.Clone(r.Results), p.Month())
	case p.IsYear():
		for m := p.First(); m.Index() <= p.Last().Index(); m = m.Next() {
			r.Whole = append(r.Whole, m)
		}
	}
	r.Summary = summaryOf(r.Whole)
	return r
}

// Given is r once the store has said which months of Results have a final
// version: those leave Whole, and the summaries are what the months still
// whole need.
func (r Reads) Given(final func(calendar.Month) bool) Reads {
	out := Reads{Results: slices.Clone(r.Results)}
	for _, m := range r.Whole {
		if !slices.Contains(r.Results, m) || !final(m) {
			out.Whole = append(out.Whole, m)
		}
	}
	out.Summary = summaryOf(out.Whole)
	return out
}

// summaryOf is the months the staffing rule of the whole months reads and
// the ledger does not hold whole: January of each whole month's year to the
// month before it, less the whole months; sorted.
func summaryOf(whole []calendar.Month) []calendar.Month {
	var out []calendar.Month
	for _, w := range whole {
		for m := (calendar.Month{Year: w.Year, Month: time.January}); m.Index() < w.Index(); m = m.Next() {
			if !slices.Contains(whole, m) && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b calendar.Month) int { return a.Index() - b.Index() })
	return out
}

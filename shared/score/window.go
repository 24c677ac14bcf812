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
//   - Results: months whose stored result, where one can stand, counts
//     instead of their events: for a month, the earlier months escalation
//     (七) looks back to, by their final versions (SPEC §12.4,
//     WithOfficial); for a year, its twelve months, by the summaries
//     stored beside their final (else latest) versions (YearFromMonths).
//
// Window gives the reads when no result of Results can stand; Given, once
// the store has said which can. The two together give the result the
// engine gives over all events with the same official record.
type Reads struct {
	Whole, Summary, Results []calendar.Month
}

// Window is what scoring period p reads. A month m is scored from its own
// events; escalation looks back MaxBottomRun−1 months for a run of bottom
// months, and each of those months counts by its final version or, if it
// has none, by its own events, so they are both in Results and, until
// Given says they are final, in Whole. A year counts each month by its
// stored summary or, where none can stand, by its events; a month read
// from its events is read as Alone says, one at a time, so that a year
// holds one month's events at most.
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
			r.Results = append(r.Results, m)
		}
		r.Whole = slices.Clone(r.Results)
	}
	r.Summary = summaryOf(r.Whole)
	return r
}

// Alone is what month m's own scores read, escalation aside (a month's
// summary for the year, Summary): m whole, and in summary the months of its
// year before it, for the staffing rule.
func Alone(m calendar.Month) Reads {
	whole := []calendar.Month{m}
	return Reads{Whole: whole, Summary: summaryOf(whole)}
}

// Given is r once the store has said which months of Results have a
// result that stands (stands: a final version for a month's escalation, a
// usable summary for a year): those leave Whole, and the summaries are what
// the months still whole need.
func (r Reads) Given(stands func(calendar.Month) bool) Reads {
	out := Reads{Results: slices.Clone(r.Results)}
	for _, m := range r.Whole {
		if !slices.Contains(r.Results, m) || !stands(m) {
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

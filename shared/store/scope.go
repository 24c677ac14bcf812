package store

import (
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// Scope says which events the assessment of a month reads, so that a store
// can fetch a month in time proportional to the month, not to its history.
//
// Month m reads:
//   - every event of every ticket that is active in m: a ticket with an
//     event whose `at` falls in m, or with an assignment due in m. A ticket's
//     whole history comes with it, earlier and later events alike: returns
//     belong to earlier assignments, a deadline of m to an assignment made
//     before, and an unreasonable-demand approval counts at any time;
//   - every event without a ticket whose `at` falls in m;
//   - every org_assessed event before the end of m;
//   - every correction (deduction_waived, retracted), whatever its month
//     (SPEC §5): the events scored are the stored ones minus those a
//     retraction names, and a waiver cancels its deduction in whatever month
//     that deduction falls, so a retraction in December of an October event
//     and a waiver decided in November for an October deduction are both
//     part of October. Corrections are few (the centre's, one per mistake or
//     granted appeal), and every store keeps them apart (an index or a
//     partition of their own), so that reading them all costs a read of the
//     corrections only, never of the months they were made in;
//   - every event a correction names (its event_id; a correction named, a
//     retraction's target, comes anyway) and, when that event has a ticket
//     and is not a correction, the ticket's whole history. A correction
//     that corrects nothing is warned about in the month of its
//     own `at` (SPEC §5: a waiver that matches no deduction, a retraction of
//     an id not stored), and the engine can only tell with what it names at
//     hand: the November read of a waiver of an October deduction holds the
//     October event and the history its deduction is judged from, though
//     the ticket is not active in November. An id that names nothing is
//     simply absent. Each store reads these by id (a key or the primary
//     key), as few as the corrections.
//
// A correction makes no ticket active, even when it names one: it comes to
// every month by itself, and what it corrects comes by its event_id, with
// its own ticket; the ticket_id of a correction, named or not, brings
// nothing (what a named correction corrects comes by its own event_id).
// (Events a retraction withdraws only ever shrink a month's tickets, so
// reading the stored set's tickets reads every ticket the scored set has.)
//
// A ticket's history read in m although the ticket is not active in m
// changes none of m's counts, as long as it is whole: the engine counts an
// event in the month of its `at` and an assignment's overdue in the month of
// its deadline (Months), judging each from the ticket's history; a ticket
// not active in m has neither in m, so its events count only in other
// months, and what they decide there (a deduction a waiver matches, an id a
// retraction finds) is decided as over every event, the history being
// whole. The same holds of a ticketless event of another month. A partial
// history could count wrongly in its own months (an assignment whose reply
// is missing looks overdue), which is why a ticket always comes whole.
//
// The engine's counts of month m over these events equal its counts over
// all events, warnings included (a property test in storetest checks this,
// with corrections dated in other months than the events they correct).
type Scope struct {
	Location *time.Location
}

// Months are the months in which an event makes its ticket active: the
// month of `at` and, for an assignment, the month of its deadline; none for
// a correction, which every month reads anyway.
func (s Scope) Months(e *event.Event) []calendar.Month {
	if e.Type.IsCorrection() {
		return nil
	}
	m := calendar.MonthOf(e.At, s.Location)
	if e.Type == event.Assigned {
		if d := calendar.MonthOf(e.DueAt, s.Location); d != m {
			return []calendar.Month{m, d}
		}
	}
	return []calendar.Month{m}
}

// MonthKey is the month of `at` written 2006-01.
func (s Scope) MonthKey(e *event.Event) string {
	return calendar.MonthOf(e.At, s.Location).String()
}

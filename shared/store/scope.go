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
//   - every org_assessed event before the end of m.
//
// The engine's counts of month m over these events equal its counts over
// all events (a property test in storetest checks this).
type Scope struct {
	Location *time.Location
}

// Months are the months in which an event makes its ticket active: the
// month of `at` and, for an assignment, the month of its deadline.
func (s Scope) Months(e *event.Event) []calendar.Month {
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

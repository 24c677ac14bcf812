package score

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/calendar"
)

// Usable reports why the summary s cannot stand for month m in a year
// computed by this engine, nil when it can: it must be of the current
// format, of month m, computed under the engine's policy (id and content)
// and calendar, for the same units in the same order and groups, and
// judged as of the instant the year judges m by (its "now", or the end of
// m when that is earlier), so that its counts are the ones the year would
// count from the events.
func (e *Engine) Usable(m calendar.Month, s *MonthSummary) error {
	switch {
	case s == nil:
		return errors.New("no summary")
	case s.Format != SummaryFormat:
		return fmt.Errorf("summary format %d, not %d", s.Format, SummaryFormat)
	case s.Month != m.String():
		return fmt.Errorf("the summary of %s, not %s", s.Month, m)
	case s.Policy != e.pol.ID || s.PolicyFingerprint != e.pol.Fingerprint():
		return fmt.Errorf("computed under policy %s (%s), not %s (%s)", s.Policy, s.PolicyFingerprint, e.pol.ID, e.pol.Fingerprint())
	case s.Calendar != e.cal.Fingerprint():
		return errors.New("computed under another calendar")
	}
	end := m.End(e.loc)
	if s.AsOfBound && !s.AsOf.Equal(e.now) {
		return fmt.Errorf("its warnings hold as of %s only, not %s", s.AsOf.UTC().Format(time.RFC3339), e.now.UTC().Format(time.RFC3339))
	}
	if got, want := minInstant(s.AsOf, end), minInstant(e.now, end); !got.Equal(want) {
		return fmt.Errorf("judged as of %s, not %s", got.UTC().Format(time.RFC3339), want.UTC().Format(time.RFC3339))
	}
	reg := e.ledger.reg
	if len(s.Units) != reg.Len() {
		return fmt.Errorf("%d units, the registry has %d", len(s.Units), reg.Len())
	}
	for u := range s.Units {
		if un := reg.At(u); s.Units[u].UnitID != un.ID || s.Units[u].Group != un.Group {
			return fmt.Errorf("unit %d is %s (%s), the registry's is %s (%s)", u, s.Units[u].UnitID, s.Units[u].Group, un.ID, un.Group)
		}
	}
	return nil
}

// YearFromMonths is the annual result of year y computed from the
// summaries of its twelve months, January first (MonthSummary), each
// Usable: exactly the result Year computes from the year's events. The
// engine's ledger is read only for its registry.
func (e *Engine) YearFromMonths(y int, months []*MonthSummary) (*Result, error) {
	if len(months) != 12 {
		return nil, fmt.Errorf("year %d: %d months, not 12", y, len(months))
	}
	first := calendar.Month{Year: y, Month: time.January}
	n := e.ledger.reg.Len()
	sums := make([]acc, n)
	totals := make([]decimal.Decimal, n)
	assessed := make([]int, n)
	over := map[string]ReturnedTicket{}
	unknown := map[string]int{}
	var corrections []string
	from := y
	for i, s := range months {
		m := calendar.MonthFromIndex(first.Index() + i)
		if err := e.Usable(m, s); err != nil {
			return nil, fmt.Errorf("month %s: %w", m, err)
		}
		for u, um := range s.Units {
			a := accOf(um.Counts)
			a.callbackTickets = int32(um.YearFirst)
			sums[u].add(&a)
			if um.Assessed {
				totals[u] = totals[u].Add(um.Total.Decimal)
				assessed[u]++
			}
		}
		for _, t := range s.ReturnedOverLimit {
			over[t.TicketID] = t // the last month with a return of it counts all its returns
		}
		for id, c := range s.Unknown {
			unknown[id] += c
		}
		corrections = append(corrections, s.Corrections...)
		if s.ReckonedFrom != 0 {
			from = min(from, s.ReckonedFrom)
		}
	}
	tickets := make([]ReturnedTicket, 0, len(over))
	for _, t := range over {
		tickets = append(tickets, t)
	}
	sortReturned(tickets)
	warnings := append(unknownUnitWarnings(unknown), corrections...)
	return e.annual(y, sums, totals, assessed, tickets, e.unknownYears(from, y, warnings)), nil
}

// accOf is the acc of a month's counts, without its deductions.
func accOf(c Counts) acc {
	return acc{
		assigned: int32(c.Assigned), late: int32(c.LateReturns), noncompliant: int32(c.NoncompliantUncontacted),
		overdue: int32(c.Overdue), supRejected: int32(c.SupervisionRejected), meetings: int32(c.MeetingsAbsent),
		criticisms: int32(c.Criticisms), callbackTickets: int32(c.CallbackTickets), connected: int32(c.Connected),
		excluded: int32(c.ExcludedUnreasonable), resultSat: int32(c.ResultSatisfied), procSat: int32(c.ProcessSatisfied),
	}
}

func minInstant(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

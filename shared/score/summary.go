package score

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// SummaryFormat is the layout of MonthSummary. A summary of another format
// is not read: the year computes that month from its events.
const SummaryFormat = 1

// MonthSummary is what the annual result (SPEC §7 Annual) reads of a month
// beyond the month's pinned output, so that a year is computed from its
// twelve monthly results without reading their events (YearFromMonths).
// It is stored beside the result version, never in its body.
//
// The year sums the units' counts over its months (the pooled averages and
// the annual counts), averages their totals over the months they were
// assessed in, and counts their distinct callback tickets as the sum of
// each month's tickets that had no callback of the unit earlier in the
// year. Its tickets returned more than the limit are each ticket's entry
// of the last month of the year with a return of it: no return follows it
// in the year, so the count is the year's. Its warnings are the months'
// unknown units (counted again over the year) and their corrections that
// change nothing, in the order of the months, after the years the calendar
// does not know, back to the earliest receipt a return was judged from.
type MonthSummary struct {
	Format int    `json:"format"` // SummaryFormat
	Month  string `json:"month"`  // 2006-01
	// Policy and PolicyFingerprint are the policy's id and content,
	// Calendar the calendar's fingerprint and AsOf the instant deadlines
	// were judged against: a year reads the summary only under the same
	// (Engine.Usable).
	Policy            string    `json:"policy"`
	PolicyFingerprint string    `json:"policy_fingerprint"`
	Calendar          string    `json:"calendar"`
	AsOf              time.Time `json:"as_of"`
	// Units are in the order of the registry the month was computed with.
	Units             []UnitMonth      `json:"units"`
	ReturnedOverLimit []ReturnedTicket `json:"tickets_returned_over_limit"`
	// Unknown is the number of events of the month left out per unit id
	// not in the registry.
	Unknown map[string]int `json:"unknown_units,omitempty"`
	// Corrections are the month's warnings of corrections that change
	// nothing, by time.
	Corrections []string `json:"corrections,omitempty"`
	// ReckonedFrom is the year of the earliest receipt a return of the
	// month was judged from (late returns), 0 when none was.
	ReckonedFrom int `json:"reckoned_from,omitempty"`
	// AsOfBound is set when a waiver of the month names an overdue
	// deduction whose deadline falls after the month: whether it matches,
	// and so the month's warnings, depend on the instant deadlines are
	// judged against, and the summary stands only for a year judged as of
	// AsOf itself.
	AsOfBound bool `json:"as_of_bound,omitempty"`
}

// UnitMonth is one unit's month in a MonthSummary.
type UnitMonth struct {
	UnitID   string     `json:"unit_id"`
	Group    unit.Group `json:"group"`
	Assessed bool       `json:"assessed"`
	Total    Points     `json:"total"` // 0 when not assessed
	// Counts are the month's, as its result has them.
	Counts Counts `json:"counts"`
	// YearFirst are the tickets with a callback of the unit in the month
	// and none earlier in the year.
	YearFirst int `json:"year_first"`
}

// Summary is the summary of month m (MonthSummary), for the year.
func (e *Engine) Summary(m calendar.Month) *MonthSummary {
	mi := m.Index()
	ms := e.month(mi)
	reg := e.ledger.reg
	start, end := m.Start(e.loc).UnixNano(), m.End(e.loc).UnixNano()
	s := &MonthSummary{
		Format:            SummaryFormat,
		Month:             m.String(),
		Policy:            e.pol.ID,
		PolicyFingerprint: e.pol.Fingerprint(),
		Calendar:          e.cal.Fingerprint(),
		AsOf:              e.now.UTC(),
		Units:             make([]UnitMonth, reg.Len()),
		ReturnedOverLimit: e.returnedOverLimit(start, end),
		Unknown:           e.ledger.unknownCounts(start, end, e.fixes.retracted),
		Corrections:       e.correctionWarnings(start, end),
	}
	s.AsOfBound = e.judgedLater(start, end)
	if y, ok := e.reckonedYear(mi); ok {
		s.ReckonedFrom = y
	}
	for u := range ms.units {
		us := &ms.units[u]
		base := e.unitBase(u, us)
		um := UnitMonth{UnitID: base.UnitID, Group: base.Group, Assessed: us.assessed, Counts: base.Counts, YearFirst: int(us.acc.yearFirst)}
		if us.assessed {
			um.Total = P(us.total)
		}
		s.Units[u] = um
	}
	return s
}

// judgedLater reports whether a waiver in force of [start, end) names an
// overdue deduction whose deadline is at or after end: whether it matches
// depends on "now" beyond the end of the month (MonthSummary.AsOfBound).
// Waivers are few; the ledger is scanned only when one of the month names
// an overdue.
func (e *Engine) judgedLater(start, end int64) bool {
	named := map[uint64]bool{}
	for _, w := range e.fixes.waivers {
		if w.at >= start && w.at < end && w.rule == RuleOverdue {
			named[w.event] = true
		}
	}
	if len(named) == 0 {
		return false
	}
	for s := range e.ledger.shards {
		recs := e.ledger.shards[s].recs
		for i := range recs {
			if r := &recs[i]; r.kind == event.Assigned && r.due >= end && named[r.idHash()] {
				return true
			}
		}
	}
	return false
}

// unknownCounts counts the events of [start, end) left out per unit not in
// the registry, retracted ones not counted, as unknownWarnings does; nil
// when there is none.
func (l *Ledger) unknownCounts(start, end int64, retracted map[uint64]bool) map[string]int {
	var counts map[string]int
	for _, u := range l.unknown {
		if u.at >= start && u.at < end && !retracted[u.id] {
			if counts == nil {
				counts = map[string]int{}
			}
			counts[u.unit]++
		}
	}
	return counts
}

// unknownUnitWarnings is a warning for each unit id not in the registry with
// the number of its events left out, by id.
func unknownUnitWarnings(counts map[string]int) []string {
	ids := slices.Sorted(maps.Keys(counts))
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("unit %q is not in the unit registry: %d events left out (单位不在单位名录中，相关事件未计入)", id, counts[id])
	}
	return out
}

package score

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
)

// Engine scores the events of a ledger under one policy, one calendar and
// one "now": the instant against which deadlines count as passed. Build it
// with New; its methods are safe for concurrent use.
type Engine struct {
	ledger *Ledger
	pol    *policy.Policy
	cal    *calendar.Calendar
	loc    *time.Location
	now    time.Time
	tally  *tally
	orgs   [][]orgRecord // per unit, by time
	fixes  *corrections
	// official is the record of earlier final months (WithOfficial).
	official Official

	mu     sync.Mutex
	scored map[int]*monthScore
}

// New reads the ledger once and returns an engine ready to score any month
// or year. The calendar's zone is the zone of months and working days. The
// events it scores are the ledger's without those a retracted event
// withdraws, and deductions named by a deduction_waived in force are listed
// as waived and not counted (SPEC §5 v1.1).
func New(l *Ledger, pol *policy.Policy, cal *calendar.Calendar, now time.Time) *Engine {
	fixes := l.corrections()
	rules := tallyRules{
		cal:        cal,
		now:        now.UnixNano(),
		lateLimit:  time.Duration(pol.LateReturns.WorkingHours) * time.Hour,
		returnsMax: pol.Returns.SuperviseOver,
		units:      l.reg.Len(),
		fixes:      fixes,
	}
	for _, s := range pol.Satisfaction.SatisfiedLevels {
		rules.satisfied[answerCode(s)] = true
	}
	e := &Engine{
		ledger: l, pol: pol, cal: cal, loc: cal.Location(), now: now,
		tally:  newTally(l, rules),
		orgs:   make([][]orgRecord, l.reg.Len()),
		fixes:  fixes,
		scored: map[int]*monthScore{},
	}
	for _, o := range l.orgs {
		if !fixes.retracted[o.id] {
			e.orgs[o.unit] = append(e.orgs[o.unit], o)
		}
	}
	for _, list := range e.orgs {
		slices.SortFunc(list, func(a, b orgRecord) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.tie, b.tie)) })
	}
	return e
}

// Month computes the monthly result of a set of events: the convenience form
// of NewLedger, Add and New for events held in memory. A conflicting
// duplicate id is an error.
func Month(events []event.Event, l *Ledger, pol *policy.Policy, cal *calendar.Calendar, m calendar.Month, now time.Time) (*Result, error) {
	if err := addAll(l, events); err != nil {
		return nil, err
	}
	return New(l, pol, cal, now).Month(m), nil
}

// Year computes the annual result of a set of events; see Month.
func Year(events []event.Event, l *Ledger, pol *policy.Policy, cal *calendar.Calendar, year int, now time.Time) (*Result, error) {
	if err := addAll(l, events); err != nil {
		return nil, err
	}
	return New(l, pol, cal, now).Year(year), nil
}

func addAll(l *Ledger, events []event.Event) error {
	for i := range events {
		if err := events[i].Validate(); err != nil {
			return fmt.Errorf("event %d (%s): %w", i, events[i].ID, err)
		}
		if _, err := l.Add(&events[i], Origin{File: "events", Line: i + 1}); err != nil {
			return err
		}
	}
	return nil
}

// firstMonth is the earliest month index with any data.
func (e *Engine) firstMonth() int {
	first, _, ok := e.ledger.Span()
	if !ok {
		return 0
	}
	return calendar.MonthOf(first, e.loc).Index()
}

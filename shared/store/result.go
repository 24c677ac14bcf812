package store

import (
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// Header says which version of which period's result a thing is, and how
// it was made: the tuple that the stored result, the API's answer to
// recompute and finalize, latest.json, the SNS message and the month-end
// summary all carry. Embedded in each, it keeps their JSON flat: these six
// keys in this order.
type Header struct {
	Period      string    `json:"period"`      // "2026-10" or "2026": calendar.Period.String
	Version     int       `json:"version"`     // 1, 2, … per period
	Policy      string    `json:"policy"`      // the policy id it was computed under
	Fingerprint string    `json:"fingerprint"` // of its input: events, units, policy, calendar, as-of
	ComputedAt  time.Time `json:"computed_at"`
	Final       bool      `json:"final"`
}

// Result is one stored version of a computed result: its header and body,
// and beside them its summary.
type Result struct {
	Header
	Body []byte `json:"-"` // the result as `hotline score --format json` writes it
	// Summary is what a year computed from its months reads of a monthly
	// version instead of its events (score.MonthSummary, as JSON); nil for
	// a year, and for a month stored without one (by an earlier program).
	// Only ResultSummary reads it back: Result and Results leave it nil.
	Summary []byte `json:"-"`
}

// UTC is h with ComputedAt in UTC, as the API, latest.json and the SNS
// message write it.
func (h Header) UTC() Header {
	h.ComputedAt = h.ComputedAt.UTC()
	return h
}

// CalendarPeriod is the period of h read back from its written form, the
// one conversion from the stored string; the zero Period for a string no
// writer stores.
func (h Header) CalendarPeriod() calendar.Period {
	p, err := calendar.ParsePeriod(h.Period)
	if err != nil {
		return calendar.Period{}
	}
	return p
}

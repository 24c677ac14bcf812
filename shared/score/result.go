package score

import (
	"time"

	"github.com/shizhong/hotline/shared/unit"
)

// Result is the assessment of a period: the pinned output of SPEC §8.
type Result struct {
	Period   string    `json:"period"` // "2026-10" or "2026"
	Policy   string    `json:"policy"` // the policy id
	AsOf     time.Time `json:"as_of"`  // the "now" deadlines were judged against
	Averages Averages  `json:"averages"`
	// GroupAverages are each group's pooled rates, set only under the
	// policy switch satisfaction.average: group (SPEC §6 v1.1), when they
	// are what each unit is compared with.
	GroupAverages map[unit.Group]Averages `json:"group_averages,omitempty"`
	Units         []UnitResult            `json:"units"`
	// ReturnedOverLimit are the tickets returned more than the policy's limit
	// (3) times, for supervision by the centre.
	ReturnedOverLimit []ReturnedTicket `json:"tickets_returned_over_limit"`
	Warnings          []string         `json:"warnings"`

	// Summary is what a year computed from its months reads of a monthly
	// result beyond its output (MonthSummary, stored beside the result);
	// set by Engine.Month, nil in annual results, never written in JSON.
	Summary *MonthSummary `json:"-"`
}

// Averages are the district's pooled satisfaction rates; null when no
// callback of the period was connected.
type Averages struct {
	ResultSatisfaction  *Ratio `json:"result_satisfaction"`
	ProcessSatisfaction *Ratio `json:"process_satisfaction"`
}

// UnitResult is one unit's assessment.
type UnitResult struct {
	UnitID   string     `json:"unit_id"`
	Name     string     `json:"name"`
	Group    unit.Group `json:"group"`
	Assessed bool       `json:"assessed"`
	Rank     *int       `json:"rank"`
	Total    *Points    `json:"total"`
	Grade    *Grade     `json:"grade"`
	Bottom   bool       `json:"bottom"`
	// Escalation is set for a bottom unit of a monthly result.
	Escalation *Escalation `json:"escalation"`
	// BottomRun is the number of consecutive bottom months ending at this
	// one, counted up to MaxBottomRun (3 means 3 or more; monthly results).
	BottomRun int `json:"bottom_run"`
	// MonthsAssessed is set in annual results.
	MonthsAssessed *int `json:"months_assessed,omitempty"`
	// Scores are the items; nil in annual results.
	Scores     *Scores     `json:"scores"`
	Counts     Counts      `json:"counts"`
	Flags      []string    `json:"flags"`
	Deductions []Deduction `json:"deductions"`
}

// Scores are a unit's items (pinned keys). Criticism is the amount
// subtracted from the total.
type Scores struct {
	Organization        Points `json:"organization"`
	LateReturns         Points `json:"late_returns"`
	NoncompliantReturns Points `json:"noncompliant_returns"`
	Overdue             Points `json:"overdue"`
	Supervision         Points `json:"supervision"`
	ResultSatisfaction  Points `json:"result_satisfaction"`
	ProcessSatisfaction Points `json:"process_satisfaction"`
	Criticism           Points `json:"criticism"`
}

// Get returns the item's points.
func (s *Scores) Get(i Item) Points {
	switch i {
	case Organization:
		return s.Organization
	case LateReturns:
		return s.LateReturns
	case NoncompliantReturns:
		return s.NoncompliantReturns
	case Overdue:
		return s.Overdue
	case Supervision:
		return s.Supervision
	case ResultSatisfaction:
		return s.ResultSatisfaction
	case ProcessSatisfaction:
		return s.ProcessSatisfaction
	case Criticism:
		return s.Criticism
	}
	return Points{}
}

// Counts are what the items were computed from (pinned keys).
type Counts struct {
	LateReturns             int `json:"late_returns"`
	NoncompliantUncontacted int `json:"noncompliant_uncontacted"`
	Overdue                 int `json:"overdue"`
	SupervisionRejected     int `json:"supervision_rejected"`
	MeetingsAbsent          int `json:"meetings_absent"`
	Criticisms              int `json:"criticisms"`
	CallbackTickets         int `json:"callback_tickets"`
	Connected               int `json:"connected"`
	ExcludedUnreasonable    int `json:"excluded_unreasonable"`
	ResultSatisfied         int `json:"result_satisfied"`
	ProcessSatisfied        int `json:"process_satisfied"`
	Assigned                int `json:"assigned"`
}

// Deduction is one cause of lost points, so a unit can check its score
// (SPEC §8 v1.1). A deduction of an event names it: EventID with Rule is
// what an appeal and a deduction_waived name. Organisation and satisfaction
// deductions have no event: their event_id is left out of the JSON, as
// ticket_id is when there is no ticket.
type Deduction struct {
	TicketID string `json:"ticket_id,omitempty"`
	// EventID is the event that caused the deduction: for overdue, the
	// assigned event.
	EventID string `json:"event_id,omitempty"`
	Rule    Rule   `json:"rule"`
	Points  Points `json:"points"`
	// Waived is set when a deduction_waived cancels the deduction: it is
	// listed, and counts in neither counts nor scores.
	Waived       bool      `json:"waived"`
	WaiverReason string    `json:"waiver_reason,omitempty"`
	WaiverID     string    `json:"waiver_id,omitempty"` // the deduction_waived event
	AppealID     string    `json:"appeal_id,omitempty"` // the appeal it decided, if any
	At           time.Time `json:"at,omitzero"`
	// FromUnitID is set on an overdue count moved here by the centre.
	FromUnitID string `json:"from_unit_id,omitempty"`
	Note       string `json:"note,omitempty"`
}

// ReturnedTicket is a ticket returned more than the limit.
type ReturnedTicket struct {
	TicketID string   `json:"ticket_id"`
	Returns  int      `json:"returns"`
	Units    []string `json:"unit_ids"`
}

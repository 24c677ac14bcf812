package event

import (
	"time"

	"github.com/shopspring/decimal"
)

// Event is one hotline event as SPEC §3 defines it. Fields that do not apply
// to the event's type are zero.
type Event struct {
	ID       string    // idempotency key, 1–128 characters
	Type     Type      // what happened
	At       time.Time // when it happened
	TicketID string    // the ticket, where the type has one
	UnitID   string    // the handling unit, where the type has one

	DueAt    time.Time // assigned: the reply deadline
	Channel  string    // assigned: one of Channels
	Category string    // assigned: free text, optional

	Noncompliant     bool // returned: a demand for another channel
	CitizenContacted bool // returned: the citizen was told before the return

	// Reason is free text for returned, return_rejected, deduction_waived
	// and retracted, one of RedoReasons for redo and one of CriticismReasons
	// for criticized.
	Reason string

	Meeting string // meeting_absent: one of Meetings, optional

	Connected bool   // callback: the citizen was reached
	Result    string // callback: satisfaction with the result, one of Answers
	Process   string // callback: satisfaction with the process, one of Answers

	ToUnitID string // overdue_reassigned: the unit that takes the overdue count
	AppealID string // overdue_reassigned, deduction_waived: the appeal decided, optional

	Rule    string // deduction_waived: the deduction's rule, one of DeductionRules
	EventID string // deduction_waived: the deduction's event; retracted: the event withdrawn

	// RecordedBy is the account that entered the event through the page
	// (SPEC §11), on any type; empty for events posted by machines.
	RecordedBy string

	Leadership    decimal.Decimal // org_assessed: 0–5
	Staffing      decimal.Decimal // org_assessed: 0–5
	StaffCount    int             // org_assessed: number of staff, when HasStaffCount
	HasStaffCount bool            // org_assessed: StaffCount was given
}

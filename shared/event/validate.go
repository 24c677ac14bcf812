package event

import (
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/unit"
)

var five = decimal.NewFromInt(5)

// Validate checks the rules of SPEC §3 that a decoded or hand-built event
// must meet: lengths, forms, enumerations, the deadline after the receipt,
// ratings from 0 to 5. Presence of booleans can only be checked when
// decoding; everything else is checked here.
func (e *Event) Validate() error {
	if n := utf8.RuneCountInString(e.ID); n == 0 || n > 128 || !utf8.ValidString(e.ID) {
		return fieldErr("id", "must be 1 to 128 characters")
	}
	if e.Type < Assigned || e.Type > lastType {
		return fieldErr("type", "unknown event type")
	}
	if e.At.IsZero() {
		return fieldErr("at", "is required")
	}
	if !InRange(e.At) {
		return fieldErr("at", "%s is outside the years %d–%d", e.At.Format(time.RFC3339), FirstYear, LastYear)
	}
	if e.RecordedBy != "" && !ValidAccountID(e.RecordedBy) {
		return fieldErr("recorded_by", "%q %s", e.RecordedBy, AccountIDRule)
	}
	if e.AppealID != "" && !validText(e.AppealID, 128) {
		return fieldErr("appeal_id", "must be 1 to 128 characters")
	}
	sh := shapes[e.Type]
	if e.TicketID != "" || sh.required.has(fTicket) {
		if n := utf8.RuneCountInString(e.TicketID); n == 0 || n > 64 {
			return fieldErr("ticket_id", "must be 1 to 64 characters")
		}
	}
	if e.UnitID != "" || sh.required.has(fUnit) {
		if !unit.ValidID(e.UnitID) {
			return fieldErr("unit_id", "%q %s", e.UnitID, unit.IDRule)
		}
	}
	switch e.Type {
	case Assigned:
		if !InRange(e.DueAt) {
			return fieldErr("due_at", "%s is outside the years %d–%d", e.DueAt.Format(time.RFC3339), FirstYear, LastYear)
		}
		if !e.DueAt.After(e.At) {
			return fieldErr("due_at", "must be after at")
		}
		if !oneOf(Channels, e.Channel) {
			return fieldErr("channel", "%q is not one of %v", e.Channel, Channels)
		}
	case Callback:
		if e.Connected {
			if !oneOf(Answers, e.Result) {
				return fieldErr("result", "%q is not one of %v", e.Result, Answers)
			}
			if !oneOf(Answers, e.Process) {
				return fieldErr("process", "%q is not one of %v", e.Process, Answers)
			}
		}
	case MeetingAbsent:
		if e.Meeting != "" && !oneOf(Meetings, e.Meeting) {
			return fieldErr("meeting", "%q is not one of %v", e.Meeting, Meetings)
		}
	case Redo:
		if !oneOf(RedoReasons, e.Reason) {
			return fieldErr("reason", "%q is not one of %v", e.Reason, RedoReasons)
		}
	case Criticized:
		if !oneOf(CriticismReasons, e.Reason) {
			return fieldErr("reason", "%q is not one of %v", e.Reason, CriticismReasons)
		}
	case OverdueReassigned:
		if e.ToUnitID != "" && !unit.ValidID(e.ToUnitID) {
			return fieldErr("to_unit_id", "%q %s", e.ToUnitID, unit.IDRule)
		}
	case DeductionWaived:
		if !oneOf(DeductionRules, e.Rule) {
			return fieldErr("rule", "%q is not one of %v", e.Rule, DeductionRules)
		}
		fallthrough
	case Retracted:
		if !validText(e.EventID, 128) {
			return fieldErr("event_id", "must be 1 to 128 characters")
		}
		if !validText(e.Reason, 500) {
			return fieldErr("reason", "must be 1 to 500 characters")
		}
	case OrgAssessed:
		return e.orgRanges()
	}
	return nil
}

// validateDecoded is Validate for an event that decodeFields built, which
// has checked every field on the way already: what remains are the checks
// between fields (a deadline after its event) and of ranges, in Validate's
// order, so that an event gives the error Validate would.
func (e *Event) validateDecoded() error {
	switch e.Type {
	case Assigned:
		if !e.DueAt.After(e.At) {
			return fieldErr("due_at", "must be after at")
		}
	case OrgAssessed:
		return e.orgRanges()
	}
	return nil
}

// orgRanges checks the ranges of an org_assessed event's scores and staff.
func (e *Event) orgRanges() error {
	if e.Leadership.IsNegative() || e.Leadership.GreaterThan(five) {
		return fieldErr("leadership", "%s must be from 0 to 5", e.Leadership)
	}
	if e.Staffing.IsNegative() || e.Staffing.GreaterThan(five) {
		return fieldErr("staffing", "%s must be from 0 to 5", e.Staffing)
	}
	if e.HasStaffCount && e.StaffCount < 0 {
		return fieldErr("staff_count", "must be 0 or more")
	}
	return nil
}

// validText reports whether s is valid UTF-8 of 1 to max characters.
func validText(s string, max int) bool {
	n := utf8.RuneCountInString(s)
	return n > 0 && n <= max && utf8.ValidString(s)
}

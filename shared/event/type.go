package event

import "fmt"

// Type is the kind of an event (SPEC §3, pinned values).
type Type uint8

// The event types, in the order the engine sorts events of the same instant:
// an assignment comes before everything that may belong to it.
const (
	Assigned Type = iota + 1
	Returned
	Replied
	Supervised
	SupervisionRejected
	MeetingAbsent
	Callback
	UnreasonableApproved
	Redo
	OverdueReassigned
	Criticized
	OrgAssessed
	// The types of v1.1, numbered after the others so that the numbers
	// already stored and hashed keep their meaning.
	ReturnRejected
	DeductionWaived
	Retracted
)

// lastType is the highest event type.
const lastType = Retracted

var typeNames = [...]string{
	Assigned:             "assigned",
	Returned:             "returned",
	Replied:              "replied",
	Supervised:           "supervised",
	SupervisionRejected:  "supervision_rejected",
	MeetingAbsent:        "meeting_absent",
	Callback:             "callback",
	UnreasonableApproved: "unreasonable_approved",
	Redo:                 "redo",
	OverdueReassigned:    "overdue_reassigned",
	Criticized:           "criticized",
	OrgAssessed:          "org_assessed",
	ReturnRejected:       "return_rejected",
	DeductionWaived:      "deduction_waived",
	Retracted:            "retracted",
}

// IsCorrection reports whether events of type t correct other events
// (SPEC §3, §5: deduction_waived, retracted): the centre's, posted only by
// clients and accounts allowed them by name.
func (t Type) IsCorrection() bool { return t == DeductionWaived || t == Retracted }

// Types lists every event type in order.
func Types() []Type {
	ts := make([]Type, 0, len(typeNames)-1)
	for t := Assigned; t <= lastType; t++ {
		ts = append(ts, t)
	}
	return ts
}

// String returns the wire name of the type.
func (t Type) String() string {
	if t >= Assigned && t <= lastType {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// ParseType returns the type with the given wire name.
func ParseType(s string) (Type, bool) {
	for t := Assigned; t <= lastType; t++ {
		if typeNames[t] == s {
			return t, true
		}
	}
	return 0, false
}

// parseTypeBytes is ParseType of the bytes of a name, without copying them.
func parseTypeBytes(b []byte) (Type, bool) {
	for t := Assigned; t <= lastType; t++ {
		if typeNames[t] == string(b) {
			return t, true
		}
	}
	return 0, false
}

// MarshalText implements encoding.TextMarshaler.
func (t Type) MarshalText() ([]byte, error) {
	if t < Assigned || t > lastType {
		return nil, fmt.Errorf("unknown event type %d", uint8(t))
	}
	return []byte(typeNames[t]), nil
}

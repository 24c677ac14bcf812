package event

import (
	"strconv"
	"time"
)

// AppendJSON appends the event as one JSON object in the contract's form,
// with its fields in a fixed order and times in RFC 3339 with their offset.
func (e *Event) AppendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendQuoted(b, e.ID)
	b = append(b, `,"type":"`...)
	b = append(b, e.Type.String()...)
	b = append(b, `","at":"`...)
	b = e.At.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	b = appendString(b, "ticket_id", e.TicketID)
	b = appendString(b, "unit_id", e.UnitID)
	switch e.Type {
	case ReturnRejected:
		b = appendString(b, "reason", e.Reason)
	case DeductionWaived:
		b = appendString(b, "rule", e.Rule)
		b = appendString(b, "event_id", e.EventID)
		b = appendString(b, "reason", e.Reason)
	case Retracted:
		b = appendString(b, "event_id", e.EventID)
		b = appendString(b, "reason", e.Reason)
	case Assigned:
		b = append(b, `,"due_at":"`...)
		b = e.DueAt.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
		b = appendString(b, "channel", e.Channel)
		b = appendString(b, "category", e.Category)
	case Returned:
		if e.Noncompliant {
			b = append(b, `,"noncompliant":true`...)
		}
		if e.Noncompliant || e.CitizenContacted {
			b = append(b, `,"citizen_contacted":`...)
			b = strconv.AppendBool(b, e.CitizenContacted)
		}
		b = appendString(b, "reason", e.Reason)
	case MeetingAbsent:
		b = appendString(b, "meeting", e.Meeting)
	case Callback:
		b = append(b, `,"connected":`...)
		b = strconv.AppendBool(b, e.Connected)
		b = appendString(b, "result", e.Result)
		b = appendString(b, "process", e.Process)
	case Redo, Criticized:
		b = appendString(b, "reason", e.Reason)
	case OverdueReassigned:
		b = appendString(b, "to_unit_id", e.ToUnitID)
	case OrgAssessed:
		b = append(b, `,"leadership":`...)
		b = append(b, e.Leadership.String()...)
		b = append(b, `,"staffing":`...)
		b = append(b, e.Staffing.String()...)
		if e.HasStaffCount {
			b = append(b, `,"staff_count":`...)
			b = strconv.AppendInt(b, int64(e.StaffCount), 10)
		}
	}
	b = appendString(b, "appeal_id", e.AppealID)
	b = appendString(b, "recorded_by", e.RecordedBy)
	return append(b, '}')
}

// MarshalJSON implements json.Marshaler with AppendJSON.
func (e Event) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }

// UnmarshalJSON implements json.Unmarshaler with Decode.
func (e *Event) UnmarshalJSON(data []byte) error {
	ev, err := Decode(data)
	if err != nil {
		return err
	}
	*e = ev
	return nil
}

func appendString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, `,"`...)
	b = append(b, key...)
	b = append(b, `":`...)
	return appendQuoted(b, s)
}

// appendQuoted appends s as a JSON string: quotes, backslashes and control
// characters escaped, everything else as it is (the decoder checked UTF-8).
func appendQuoted(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

package event

import (
	"math/bits"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/valyala/fastjson"

	"github.com/shizhong/hotline/shared/unit"
)

// field is a known JSON key of the contract.
type field uint8

const (
	fID field = iota
	fType
	fAt
	fTicket
	fUnit
	fDue
	fChannel
	fCategory
	fNoncompliant
	fContacted
	fReason
	fMeeting
	fConnected
	fResult
	fProcess
	fToUnit
	fLeadership
	fStaffing
	fStaffCount
	fAppeal
	fRule
	fEventID
	fRecordedBy
	numFields
)

var fieldNames = [numFields]string{
	fID: "id", fType: "type", fAt: "at", fTicket: "ticket_id", fUnit: "unit_id",
	fDue: "due_at", fChannel: "channel", fCategory: "category",
	fNoncompliant: "noncompliant", fContacted: "citizen_contacted", fReason: "reason",
	fMeeting: "meeting", fConnected: "connected", fResult: "result", fProcess: "process",
	fToUnit: "to_unit_id", fLeadership: "leadership", fStaffing: "staffing", fStaffCount: "staff_count",
	fAppeal: "appeal_id", fRule: "rule", fEventID: "event_id", fRecordedBy: "recorded_by",
}

func lookupField(key []byte) (field, bool) {
	switch string(key) {
	case "id":
		return fID, true
	case "type":
		return fType, true
	case "at":
		return fAt, true
	case "ticket_id":
		return fTicket, true
	case "unit_id":
		return fUnit, true
	case "due_at":
		return fDue, true
	case "channel":
		return fChannel, true
	case "category":
		return fCategory, true
	case "noncompliant":
		return fNoncompliant, true
	case "citizen_contacted":
		return fContacted, true
	case "reason":
		return fReason, true
	case "meeting":
		return fMeeting, true
	case "connected":
		return fConnected, true
	case "result":
		return fResult, true
	case "process":
		return fProcess, true
	case "to_unit_id":
		return fToUnit, true
	case "leadership":
		return fLeadership, true
	case "staffing":
		return fStaffing, true
	case "staff_count":
		return fStaffCount, true
	case "appeal_id":
		return fAppeal, true
	case "rule":
		return fRule, true
	case "event_id":
		return fEventID, true
	case "recorded_by":
		return fRecordedBy, true
	}
	return 0, false
}

// fieldSet is a set of fields as a bit mask.
type fieldSet uint32

func set(fs ...field) fieldSet {
	var s fieldSet
	for _, f := range fs {
		s |= 1 << f
	}
	return s
}

func (s fieldSet) has(f field) bool { return s&(1<<f) != 0 }

// Fields every event may carry; ticket_id and unit_id are checked for form
// wherever they appear and required where the type says so.
var common = set(fID, fType, fAt, fTicket, fUnit, fRecordedBy)

// shape says, per type, which fields are required and which further fields
// are allowed (SPEC §3 table).
type shape struct{ required, optional fieldSet }

var shapes = [...]shape{
	Assigned:             {set(fTicket, fUnit, fDue, fChannel), set(fCategory)},
	Returned:             {set(fTicket, fUnit), set(fNoncompliant, fContacted, fReason)},
	Replied:              {set(fTicket, fUnit), 0},
	Supervised:           {set(fTicket, fUnit), 0},
	SupervisionRejected:  {set(fTicket, fUnit), 0},
	MeetingAbsent:        {set(fUnit), set(fMeeting)},
	Callback:             {set(fTicket, fUnit, fConnected), set(fResult, fProcess)},
	UnreasonableApproved: {set(fTicket), 0},
	Redo:                 {set(fTicket, fUnit, fReason), 0},
	OverdueReassigned:    {set(fTicket, fUnit), set(fToUnit, fAppeal)},
	Criticized:           {set(fUnit, fReason), 0},
	OrgAssessed:          {set(fUnit, fLeadership, fStaffing), set(fStaffCount)},
	ReturnRejected:       {set(fTicket, fUnit), set(fReason)},
	DeductionWaived:      {set(fUnit, fRule, fEventID, fReason), set(fAppeal)},
	Retracted:            {set(fEventID, fReason), 0},
}

// Decoder decodes events from JSON. It reuses its parser's memory between
// calls, so one Decoder must not be used by two goroutines at once.
type Decoder struct {
	p     fastjson.Parser
	names names
	vals  [numFields]value // scanFlat's, cleared field by field after each event
}

// Decode decodes one event from a JSON object and validates it against the
// contract. A rejected event gives a *FieldError naming the field.
func Decode(data []byte) (Event, error) {
	var d Decoder
	return d.Decode(data)
}

// Decode decodes one event; see the package function Decode. A flat
// object without escapes, the usual line, is read by scanFlat; anything
// else, and every input it refuses, by the parser.
func (d *Decoder) Decode(data []byte) (Event, error) {
	var e Event
	err := d.decodeInto(data, &e)
	return e, err
}

// decodeInto is Decode into *e, which must be the zero Event: the reading
// of a file decodes each line in its place in the batch, without copying an
// Event (344 bytes) out of each call and into the batch.
func (d *Decoder) decodeInto(data []byte, e *Event) error {
	present, seen, ok := scanFlat(data, &d.vals)
	if ok {
		err := decodeFieldsInto(e, &d.vals, present, &d.names)
		d.clearVals(seen)
		return err
	}
	d.clearVals(seen)
	v, err := d.p.ParseBytes(data)
	if err != nil {
		return &FieldError{Reason: "not valid JSON: " + err.Error()}
	}
	if *e, err = fromValue(v, &d.names); err != nil {
		return err // an unknown or malformed key is named as the input has it
	}
	if err := CheckEscapes(data); err != nil {
		*e = Event{}
		return err
	}
	return nil
}

// clearVals empties the values of the fields in seen: the ones scanFlat
// set, so that the next event starts from none, without clearing all of
// them.
func (d *Decoder) clearVals(seen fieldSet) {
	for ; seen != 0; seen &= seen - 1 {
		d.vals[bits.TrailingZeros32(uint32(seen))] = value{}
	}
}

// FromValue decodes an event from a parsed JSON value. The parser cannot
// tell a broken surrogate escape from text: callers holding the raw JSON
// check it with CheckEscapes first (Decode does).
func FromValue(v *fastjson.Value) (Event, error) { return fromValue(v, nil) }

func fromValue(v *fastjson.Value, nm *names) (Event, error) {
	obj, err := v.Object()
	if err != nil {
		return Event{}, &FieldError{Reason: "an event must be a JSON object"}
	}
	var vals [numFields]value
	var present fieldSet
	var ferr *FieldError
	obj.Visit(func(key []byte, v *fastjson.Value) {
		if ferr != nil {
			return
		}
		f, ok := lookupField(key)
		if !ok {
			ferr = fieldErr(string(key), "unknown field")
			return
		}
		if present.has(f) || vals[f].kind == nullValue {
			ferr = fieldErr(string(key), "appears twice")
			return
		}
		if v.Type() == fastjson.TypeNumber && !isJSONNumber(string(v.MarshalTo(nil))) {
			ferr = fieldErr(string(key), "%s is not a JSON value (NaN and Infinity are not JSON numbers)", v.MarshalTo(nil))
			return
		}
		vals[f] = valueOf(v)
		if vals[f].kind != nullValue {
			present |= 1 << f
		}
	})
	if ferr != nil {
		return Event{}, ferr
	}
	return decodeFields(&vals, present, nm)
}

// decodeFields builds the event from its fields' values; nm, if not nil,
// shares the strings of fields that repeat from event to event.
func decodeFields(vals *[numFields]value, present fieldSet, nm *names) (Event, error) {
	var e Event
	err := decodeFieldsInto(&e, vals, present, nm)
	return e, err
}

// decodeFieldsInto is decodeFields into *e, which must be the zero Event.
func decodeFieldsInto(e *Event, vals *[numFields]value, present fieldSet, nm *names) error {
	id, err := strBytes(vals, fID, 128)
	if err != nil {
		return err
	}
	if !present.has(fTicket) {
		e.ID = string(id) // else in one string with the ticket's id, below
	}
	typ, err := strBytes(vals, fType, 64)
	if err != nil {
		return err
	}
	var ok bool
	if e.Type, ok = parseTypeBytes(typ); !ok {
		return fieldErr("type", "unknown event type %q", typ)
	}
	// The first field, in the fields' order, that the type requires and
	// is missing or that is present and not the type's.
	sh := shapes[e.Type]
	missing, extra := sh.required&^present, present&^(common|sh.required|sh.optional)
	if wrong := missing | extra; wrong != 0 {
		f := field(bits.TrailingZeros32(uint32(wrong)))
		if missing.has(f) {
			return fieldErr(fieldNames[f], "is required for %s events", e.Type)
		}
		return fieldErr(fieldNames[f], "is not a field of %s events", e.Type)
	}
	if e.At, err = instant(vals, fAt); err != nil {
		return err
	}
	if present.has(fTicket) {
		ticket, err := strBytes(vals, fTicket, 64)
		if err != nil {
			return err
		}
		// One string for the two ids, which the event keeps together.
		both := nm.joined(id, ticket)
		e.ID, e.TicketID = both[:len(id)], both[len(id):]
	}
	if present.has(fUnit) {
		if e.UnitID, err = unitID(vals, fUnit, nm); err != nil {
			return err
		}
	}
	if present.has(fRecordedBy) {
		if e.RecordedBy, err = accountID(vals, fRecordedBy, nm); err != nil {
			return err
		}
	}
	if present.has(fAppeal) {
		if e.AppealID, err = str(vals, fAppeal, 128); err != nil {
			return err
		}
	}
	switch e.Type {
	case Assigned:
		if e.DueAt, err = instant(vals, fDue); err != nil {
			return err
		}
		if e.Channel, err = enum(vals, fChannel, Channels); err != nil {
			return err
		}
		if present.has(fCategory) {
			if e.Category, err = nm.str(vals, fCategory, 128); err != nil {
				return err
			}
		}
	case Returned:
		if present.has(fNoncompliant) {
			if e.Noncompliant, err = boolean(vals, fNoncompliant); err != nil {
				return err
			}
		}
		if e.Noncompliant && !present.has(fContacted) {
			return fieldErr("citizen_contacted", "is required when noncompliant is true")
		}
		if present.has(fContacted) {
			if e.CitizenContacted, err = boolean(vals, fContacted); err != nil {
				return err
			}
		}
		if present.has(fReason) {
			if e.Reason, err = nm.str(vals, fReason, 1024); err != nil {
				return err
			}
		}
	case ReturnRejected:
		if present.has(fReason) {
			if e.Reason, err = nm.str(vals, fReason, 1024); err != nil {
				return err
			}
		}
	case DeductionWaived:
		if e.Rule, err = enum(vals, fRule, DeductionRules); err != nil {
			return err
		}
		if e.EventID, err = str(vals, fEventID, 128); err != nil {
			return err
		}
		if e.Reason, err = str(vals, fReason, 500); err != nil {
			return err
		}
	case Retracted:
		if e.EventID, err = str(vals, fEventID, 128); err != nil {
			return err
		}
		if e.Reason, err = str(vals, fReason, 500); err != nil {
			return err
		}
	case MeetingAbsent:
		if present.has(fMeeting) {
			if e.Meeting, err = enum(vals, fMeeting, Meetings); err != nil {
				return err
			}
		}
	case Callback:
		if e.Connected, err = boolean(vals, fConnected); err != nil {
			return err
		}
		for _, f := range []field{fResult, fProcess} {
			if e.Connected && !present.has(f) {
				return fieldErr(fieldNames[f], "is required when connected is true")
			}
		}
		if present.has(fResult) {
			if e.Result, err = enum(vals, fResult, Answers); err != nil {
				return err
			}
		}
		if present.has(fProcess) {
			if e.Process, err = enum(vals, fProcess, Answers); err != nil {
				return err
			}
		}
	case Redo:
		if e.Reason, err = enum(vals, fReason, RedoReasons); err != nil {
			return err
		}
	case Criticized:
		if e.Reason, err = enum(vals, fReason, CriticismReasons); err != nil {
			return err
		}
	case OverdueReassigned:
		if present.has(fToUnit) {
			if e.ToUnitID, err = unitID(vals, fToUnit, nm); err != nil {
				return err
			}
		}
	case OrgAssessed:
		if e.Leadership, err = rating(vals, fLeadership); err != nil {
			return err
		}
		if e.Staffing, err = rating(vals, fStaffing); err != nil {
			return err
		}
		if present.has(fStaffCount) {
			if e.StaffCount, err = count(vals, fStaffCount); err != nil {
				return err
			}
			e.HasStaffCount = true
		}
	}
	return e.validateDecoded()
}

func str(vals *[numFields]value, f field, max int) (string, error) {
	b, err := strBytes(vals, f, max)
	return string(b), err
}

// strBytes is str without the copy: the bytes are the parser's, valid
// until its next Parse.
func strBytes(vals *[numFields]value, f field, max int) ([]byte, error) {
	v := vals[f]
	switch v.kind {
	case noValue, nullValue:
		return nil, fieldErr(fieldNames[f], "is required")
	case stringValue:
	default:
		return nil, fieldErr(fieldNames[f], "must be a string")
	}
	b := v.b
	if v.ascii {
		if len(b) == 0 || len(b) > max {
			return nil, fieldErr(fieldNames[f], "must be 1 to %d characters", max)
		}
		return b, nil
	}
	if n, ok := runeCount(b); !ok {
		return nil, fieldErr(fieldNames[f], "is not valid UTF-8")
	} else if n == 0 || n > max {
		return nil, fieldErr(fieldNames[f], "must be 1 to %d characters", max)
	}
	return b, nil
}

// runeCount is the number of characters of b, and whether b is valid
// UTF-8, at the speed of a loop for ASCII.
func runeCount(b []byte) (n int, ok bool) {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return utf8.RuneCount(b), utf8.Valid(b)
		}
	}
	return len(b), true
}

func accountID(vals *[numFields]value, f field, nm *names) (string, error) {
	s, err := nm.str(vals, f, 64)
	if err != nil {
		return "", err
	}
	if !ValidAccountID(s) {
		return "", fieldErr(fieldNames[f], "%q %s", s, AccountIDRule)
	}
	return s, nil
}

func unitID(vals *[numFields]value, f field, nm *names) (string, error) {
	s, err := nm.str(vals, f, 64)
	if err != nil {
		return "", err
	}
	if !unit.ValidID(s) {
		return "", fieldErr(fieldNames[f], "%q %s", s, unit.IDRule)
	}
	return s, nil
}

func enum(vals *[numFields]value, f field, values []string) (string, error) {
	b, err := strBytes(vals, f, 64)
	if err != nil {
		return "", err
	}
	for _, v := range values {
		if v == string(b) {
			return v, nil // the constant: no copy kept per event
		}
	}
	return "", fieldErr(fieldNames[f], "%q is not one of %v", b, values)
}

func instant(vals *[numFields]value, f field) (time.Time, error) {
	b, err := strBytes(vals, f, 64)
	if err != nil {
		return time.Time{}, err
	}
	t, err := parseInstant(b)
	if err != nil {
		return time.Time{}, fieldErr(fieldNames[f], "%q is not an RFC 3339 time with a UTC offset", b)
	}
	if !InRange(t) {
		return time.Time{}, fieldErr(fieldNames[f], "%q is outside the years %d–%d", b, FirstYear, LastYear)
	}
	return t, nil
}

func boolean(vals *[numFields]value, f field) (bool, error) {
	switch vals[f].kind {
	case noValue, nullValue:
		return false, fieldErr(fieldNames[f], "is required")
	case trueValue:
		return true, nil
	case falseValue:
		return false, nil
	}
	return false, fieldErr(fieldNames[f], "must be true or false")
}

func number(vals *[numFields]value, f field) (string, error) {
	v := vals[f]
	if v.kind == noValue || v.kind == nullValue {
		return "", fieldErr(fieldNames[f], "is required")
	}
	s := string(v.b)
	if v.kind != numberValue || !isJSONNumber(s) {
		return "", fieldErr(fieldNames[f], "must be a number")
	}
	return s, nil
}

// isJSONNumber reports whether s is a number as JSON writes it (RFC 8259
// §6). The parser takes more for a number (00, +5, .5, 5., NaN), which the
// contract does not.
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

func rating(vals *[numFields]value, f field) (decimal.Decimal, error) {
	s, err := number(vals, f)
	if err != nil {
		return decimal.Decimal{}, err
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fieldErr(fieldNames[f], "%s is not a number", s)
	}
	return d, nil
}

func count(vals *[numFields]value, f field) (int, error) {
	s, err := number(vals, f)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fieldErr(fieldNames[f], "%s must be a whole number, 0 or more", s)
	}
	return n, nil
}

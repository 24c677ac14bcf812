package score

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// The deductions of a unit are most of the bytes of a month's result (tens
// of thousands for a Beijing unit), and encoding/json spends most of its
// time on them in reflection and in re-indenting what it wrote. They are
// written here by hand instead, in the very shape encoding/json gives
// (TestWriteJSONIsOneEncoding compares the two, odd strings included):
// the fields of Deduction in order, omitempty and omitzero as tagged,
// strings escaped as an Encoder without HTML escaping does.

// Where the deductions stand in a unit encoded with the prefix of its place
// in the result (encodeUnits): the unit's keys four spaces and one indent
// in, a deduction's a level and its own further. The unit's own keys are
// the only lines that start with a newline and six spaces then a key (a
// newline inside a string is written \n).
var deductionsList = spliced{
	empty:   "\n      \"deductions\": []",
	open:    "\n      \"deductions\": [\n",
	between: deductionBetween,
	close:   "\n      ]",
}

const (
	deductionOpen    = "        {\n"
	deductionClose   = "\n        }"
	deductionIndent  = "          "
	deductionBetween = ",\n"
)

// encodeUnit appends unit u as it stands in the result's list, its
// deductions written by appendDeduction into encoding/json's encoding of
// the rest of it.
func encodeUnit(b *bytes.Buffer, u *UnitResult) error {
	rest := *u
	rest.Deductions = []Deduction{}
	var enc bytes.Buffer
	if err := encodeIndented(&enc, &rest, "    "); err != nil {
		return err
	}
	out := bytes.TrimSuffix(enc.Bytes(), []byte("\n"))
	if len(u.Deductions) == 0 {
		b.Write(out)
		return nil
	}
	line := make([]byte, 0, 512)
	err := deductionsList.write(b, out, len(u.Deductions), func(i int) ([]byte, error) {
		var err error
		if line, err = appendDeduction(line[:0], &u.Deductions[i]); err != nil {
			return nil, fmt.Errorf("deduction %d: %w", i, err)
		}
		return line, nil
	})
	if err != nil {
		return fmt.Errorf("unit %s: %w", u.UnitID, err)
	}
	return nil
}

// appendDeduction appends d as one element of the deductions list.
func appendDeduction(b []byte, d *Deduction) ([]byte, error) {
	b = append(b, deductionOpen...)
	first := true
	field := func(key string) {
		if !first {
			b = append(b, deductionBetween...)
		}
		first = false
		b = append(b, deductionIndent...)
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, `": `...)
	}
	str := func(key, v string, omitEmpty bool) {
		if v == "" && omitEmpty {
			return
		}
		field(key)
		b = appendJSONString(b, v)
	}
	str("ticket_id", d.TicketID, true)
	str("event_id", d.EventID, true)
	str("rule", string(d.Rule), false)
	field("points")
	points, err := d.Points.MarshalJSON()
	if err != nil {
		return nil, err
	}
	b = append(b, points...)
	field("waived")
	if d.Waived {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	str("waiver_reason", d.WaiverReason, true)
	str("waiver_id", d.WaiverID, true)
	str("appeal_id", d.AppealID, true)
	if !d.At.IsZero() {
		at, err := d.At.MarshalJSON()
		if err != nil {
			return nil, err
		}
		field("at")
		b = append(b, at...)
	}
	str("from_unit_id", d.FromUnitID, true)
	str("note", d.Note, true)
	return append(b, deductionClose...), nil
}

// appendJSONString appends s as a JSON string the way an Encoder without
// HTML escaping writes it: as is when nothing in it needs an escape (the
// usual ids, rules and Chinese text), else through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	if plainJSON(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// plainJSON tells whether s is written as it is between quotes: valid
// UTF-8 without a control character, a quote, a backslash, or U+2028 and
// U+2029 (which encoding/json escapes for JavaScript's sake).
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == '"' || c == '\\':
			return false
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9):
			return false
		}
	}
	return utf8.ValidString(s)
}

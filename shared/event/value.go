package event

import "github.com/valyala/fastjson"

// valueKind is the JSON type of a field's value.
type valueKind uint8

const (
	noValue valueKind = iota // the field is absent
	nullValue
	stringValue
	numberValue
	trueValue
	falseValue
	otherValue // an object or an array
)

// value is a field's value as the decoder reads it, whichever reader (the
// parser or scanFlat) found it: its type, and for a string its text with
// escapes undone, for a number its text as written. A null field counts as
// absent (decodeFields is given only the present ones).
type value struct {
	kind  valueKind
	b     []byte
	ascii bool // a string known to be all ASCII (scanFlat sees it on the way)
}

// valueOf is the value of a parsed field.
func valueOf(v *fastjson.Value) value {
	switch v.Type() {
	case fastjson.TypeNull:
		return value{kind: nullValue}
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return value{kind: stringValue, b: b}
	case fastjson.TypeNumber:
		return value{kind: numberValue, b: v.MarshalTo(nil)}
	case fastjson.TypeTrue:
		return value{kind: trueValue}
	case fastjson.TypeFalse:
		return value{kind: falseValue}
	}
	return value{kind: otherValue}
}

package event

import "bytes"

// typeField is what precedes the type in AppendJSON's form: the end of the
// id, then the type's key. An id cannot hold it: in a JSON string every
// quote is escaped, so `","` never appears inside one.
var typeField = []byte(`","type":"`)

// BodyType is the type of an event body in AppendJSON's form, read without
// decoding it, so that a reader wanting one type can pass over the others
// for the cost of a search (a month's assignments among all its events,
// store/dynamo). ok is false when the body is not in that form: the caller
// decodes it and looks.
func BodyType(body []byte) (t Type, ok bool) {
	i := bytes.Index(body, typeField)
	if i < 0 {
		return 0, false
	}
	rest := body[i+len(typeField):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return 0, false
	}
	return ParseType(string(rest[:end]))
}

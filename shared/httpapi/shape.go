package httpapi

import "fmt"

// The shape a request body may have, checked before it is parsed. The
// ingest parser builds a value for every JSON value of the body and wraps
// its error once per level of nesting, and encoding/json (the admin routes)
// copies the body and goes through every unknown key, so that without these
// limits one body of 1 MB could make the server allocate some 200 MB (half a
// million zeros in an array) or a few MB of error text (nesting 300 deep).
// A request of 500 events of at most 19 fields each is 2 deep and holds
// about 10,000 values; a registry of 5,000 units (gen.MaxUnits), 20,000.
const (
	maxBodyDepth  = 16
	maxBodyValues = 32 << 10
)

// checkShape refuses a body that nests deeper than maxBodyDepth or holds
// more than maxBodyValues values, reading it once without allocating. It
// judges nothing else: what is not JSON is the parser's to say.
func checkShape(body []byte) *Error {
	depth, values := 0, 1
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '"':
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
			values++
			if depth > maxBodyDepth {
				return &Error{Code: EInvalid, Message: fmt.Sprintf("the body nests deeper than %d levels", maxBodyDepth)}
			}
		case ']', '}':
			depth--
		case ',':
			values++
		}
		if values > maxBodyValues {
			return &Error{Code: EInvalid, Message: fmt.Sprintf("the body holds more than %d JSON values", maxBodyValues)}
		}
	}
	return nil
}

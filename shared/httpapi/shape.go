package httpapi

import (
	"fmt"
	"strconv"

	"github.com/shizhong/hotline/shared/event"
)

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

// frame is one open array or object of the body being checked.
type frame struct {
	object    bool
	expectKey bool   // an object's next string is a key
	key       []byte // the key of the member being read, as written
}

// checkShape refuses a body that nests deeper than maxBodyDepth or holds
// more than maxBodyValues values, and one that is not strict JSON in the two
// ways the parsers let through (issue 10, D7): a bare word other than true,
// false and null (NaN, Infinity, -Infinity, undefined), and a \u escape of
// a UTF-16 surrogate that is not half of a pair ("\ud800"), which is no
// character at all. Either names the key of the member it is in. It reads
// the body once without allocating, and judges nothing else: what is not
// JSON otherwise is the parser's to say.
func checkShape(body []byte) *Error {
	var stack [maxBodyDepth + 1]frame
	depth, values := 0, 1
	top := func() *frame {
		if depth < 1 {
			return nil
		}
		return &stack[depth-1]
	}
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '"':
			start := i + 1
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] != '\\' {
					continue
				}
				n, ok := event.EscapeLen(body, i)
				if !ok {
					return notStrict(stack[:depth], fmt.Sprintf("a lone UTF-16 surrogate escape %s, which is no character", body[i:min(i+6, len(body))]))
				}
				i += n
			}
			if f := top(); f != nil && f.object && f.expectKey {
				f.key, f.expectKey = body[start:min(i, len(body))], false
			}
		case c == '[' || c == '{':
			depth++
			values++
			if depth > maxBodyDepth {
				return &Error{Code: EInvalid, Message: fmt.Sprintf("the body nests deeper than %d levels", maxBodyDepth)}
			}
			stack[depth-1] = frame{object: c == '{', expectKey: c == '{'}
		case c == ']' || c == '}':
			if depth > 0 { // more closing than opening is the parser's to say
				depth--
			}
		case c == ',':
			values++
			if f := top(); f != nil && f.object {
				f.expectKey = true
			}
		case c == '-' || '0' <= c && c <= '9':
			for i+1 < len(body) && isNumberByte(body[i+1]) {
				i++
			}
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			j := i
			for j < len(body) && ('a' <= body[j] && body[j] <= 'z' || 'A' <= body[j] && body[j] <= 'Z') {
				j++
			}
			switch string(body[i:j]) { // compared in place, not copied
			case "true", "false", "null":
			default:
				return notStrict(stack[:depth], fmt.Sprintf("%s, which is not a JSON value", strconv.Quote(string(body[i:j]))))
			}
			i = j - 1
		}
		if values > maxBodyValues {
			return &Error{Code: EInvalid, Message: fmt.Sprintf("the body holds more than %d JSON values", maxBodyValues)}
		}
	}
	return nil
}

// isNumberByte reports whether c may continue a JSON number.
func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

// notStrict is the refusal of a body that is not strict JSON, naming the
// key of the innermost member it is in when there is one.
func notStrict(open []frame, what string) *Error {
	for k := len(open) - 1; k >= 0; k-- {
		if f := open[k]; f.object && !f.expectKey && f.key != nil {
			return &Error{Code: EInvalid, Field: string(f.key), Message: fmt.Sprintf("%s holds %s", strconv.Quote(string(f.key)), what)}
		}
	}
	return &Error{Code: EInvalid, Message: "the body holds " + what}
}

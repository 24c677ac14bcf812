package httpapi

import (
	"strings"
	"testing"
)

// TestCheckShape: the depth and the number of values of a body are counted
// outside strings only, escapes included, and the limits are inclusive.
func TestCheckShape(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	values := func(n int) string { return "[" + strings.Repeat("0,", n-2) + "0]" } // the array and n-1 zeros
	for _, c := range []struct {
		name, body string
		ok         bool
	}{
		{"an event", `{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u"}`, true},
		{"brackets and commas in a string", `{"id":"` + strings.Repeat("[{,", 40000) + `"}`, true},
		{"an escaped quote then brackets", `{"id":"\"` + strings.Repeat("[", 40) + `"}`, true},
		{"an escaped backslash ends the string", `["\\",` + nest(16) + `]`, false},
		{"16 deep", nest(maxBodyDepth), true},
		{"17 deep", nest(maxBodyDepth + 1), false},
		{"17 deep in objects", strings.Repeat(`{"a":`, maxBodyDepth+1) + "0" + strings.Repeat("}", maxBodyDepth+1), false},
		{"as many values as allowed", values(maxBodyValues), true},
		{"one value more", values(maxBodyValues + 1), false},
		{"not JSON is the parser's business", `]]]}}},,"`, true},
		{"an unterminated string", `["` + strings.Repeat("[", 100), true},
	} {
		if err := checkShape([]byte(c.body)); (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok %v", c.name, err, c.ok)
		} else if err != nil && (err.Code != EInvalid || err.Status() != 400) {
			t.Errorf("%s: %+v, want a 400 invalid", c.name, err)
		}
	}
}

// TestDecodeStrictNamesTheBody: a body of the wrong JSON type says so
// (it said " must be a JSON object", with no subject, before).
func TestDecodeStrictNamesTheBody(t *testing.T) {
	var req UnitsRequest
	e := decodeStrict([]byte(`[0]`), &req)
	if e == nil || e.Message != "the body must be a JSON object" || e.Field != "" {
		t.Errorf("got %+v", e)
	}
	e = decodeStrict([]byte(`{"units":7}`), &req)
	if e == nil || e.Message != "units must be a JSON array" || e.Field != "units" {
		t.Errorf("got %+v", e)
	}
	e = decodeStrict([]byte(`{"units":[{"id":"a","name":"A","group":"department","id":"b"}]}`), &req)
	if e == nil || e.Field != "id" || e.Message != `the body.units[0]: key "id" appears twice` {
		t.Errorf("a key given twice: got %+v", e)
	}
}

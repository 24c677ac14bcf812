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

// TestCheckShapeStrictJSON: issue 10, D7 (a lone surrogate "\ud800x" was
// stored as literal text; a bare NaN was parsed as a value). RFC 8259 has
// no bare words but true, false and null, and a \u escape of a surrogate
// only as half of a pair (RFC 8259 §7, RFC 3629: a surrogate is no
// character); the check refuses the rest before any parser sees the body,
// naming the key of the member it is in.
func TestCheckShapeStrictJSON(t *testing.T) {
	for _, c := range []struct {
		name, body, field string
		ok                bool
	}{
		{"literals", `[true,false,null]`, "", true},
		{"numbers", `[0,-1,1.5,1e5,-1.5E-3,2E+10]`, "", true},
		{"NaN in a string", `{"reason":"NaN Infinity"}`, "", true},
		{"a pair", `{"reason":"\ud83d\ude00"}`, "", true},
		{"a pair in capitals", `{"reason":"\uD83D\uDE00"}`, "", true},
		{"an escaped backslash then ud800", `{"reason":"\\ud800"}`, "", true},
		{"other escapes", `{"reason":"\"\\\/\b\f\n\r\t\u0041\u4e2d"}`, "", true},
		{"bare NaN", `{"leadership":NaN}`, "leadership", false},
		{"bare Infinity", `{"staffing":Infinity}`, "staffing", false},
		{"bare -Infinity", `{"staffing":-Infinity}`, "staffing", false},
		{"NaN in a batch", `[{"id":"a"},{"id":"b","leadership":NaN}]`, "leadership", false},
		{"NaN at the top", `NaN`, "", false},
		{"undefined", `{"year":undefined}`, "year", false},
		{"a lone high surrogate", `{"id":"x","reason":"\ud800x"}`, "reason", false},
		{"a lone high surrogate at the end", `{"reason":"x\ud800"}`, "reason", false},
		{"a lone low surrogate", `{"reason":"\udc00"}`, "reason", false},
		{"a high surrogate then a letter escape", `{"reason":"\uD800\u0041"}`, "reason", false},
		{"two high surrogates", `{"reason":"\ud800\ud800"}`, "reason", false},
		{"in a unit's name", `{"units":[{"id":"a","name":"\udfff","group":"department"}]}`, "name", false},
		{"in an array of an object", `{"units":["\ud800"]}`, "units", false},
		{"in a key", `{"\ud800":1}`, "", false},
	} {
		e := checkShape([]byte(c.body))
		switch {
		case (e == nil) != c.ok:
			t.Errorf("%s: %s: %+v, want ok %v", c.name, c.body, e, c.ok)
		case e != nil && (e.Code != EInvalid || e.Field != c.field):
			t.Errorf("%s: %+v, want invalid naming %q", c.name, e, c.field)
		}
	}
}

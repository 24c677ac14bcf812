package httpapi_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// validate returns why value v does not satisfy schema as JSON Schema
// 2020-12 (the dialect of OpenAPI 3.1) reads it, for the keywords the API
// document uses: $ref, type, enum, const, required, properties,
// additionalProperties, items, minItems, maxItems, minLength, maxLength,
// pattern, minimum, maximum, format date-time, oneOf (exactly one), anyOf,
// if/then, propertyNames (discriminator is an annotation). Unlike check, which holds a response to the properties the
// document declares, a property a schema does not name is allowed unless
// additionalProperties says otherwise: so a value valid here is what any
// validator of the document accepts, and a oneOf whose branches both
// accept it is an error of the document. Numbers are json.Number (a
// decoder with UseNumber). A keyword it does not know is an error, so
// that the document cannot say more than the test checks.
func (d *apiDoc) validate(schema map[string]any, v any, path string) []string {
	schema = d.resolve(schema)
	if ref, ok := schema["x-unresolved"]; ok {
		return []string{fmt.Sprintf("%s: $ref %v does not resolve", path, ref)}
	}
	for k := range schema {
		if !slices.Contains(schemaKeywords, k) {
			return []string{fmt.Sprintf("%s: keyword %q is not checked by validate", path, k)}
		}
	}
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, path+": "+fmt.Sprintf(format, args...)) }
	if alts, ok := schema["oneOf"].([]any); ok {
		var matched []int
		var first []string
		for i, alt := range alts {
			p := d.validate(alt.(map[string]any), v, path)
			if len(p) == 0 {
				matched = append(matched, i)
			} else if first == nil || len(p) < len(first) {
				first = p
			}
		}
		switch len(matched) {
		case 0:
			problems = append(problems, first...)
		case 1:
		default:
			fail("matches %d branches of oneOf (%v), not exactly one", len(matched), matched)
		}
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		if !slices.ContainsFunc(alts, func(alt any) bool { return len(d.validate(alt.(map[string]any), v, path)) == 0 }) {
			fail("matches no branch of anyOf")
		}
	}
	if cond, ok := schema["if"].(map[string]any); ok && len(d.validate(cond, v, path)) == 0 {
		if then, ok := schema["then"].(map[string]any); ok {
			problems = append(problems, d.validate(then, v, path)...)
		}
	}
	got := jsonType(v)
	if types := schemaTypes(schema); len(types) > 0 && !slices.Contains(types, got) && (got != "integer" || !slices.Contains(types, "number")) {
		if got != "number" || !slices.Contains(types, "integer") || !isWhole(v.(json.Number)) {
			fail("a %s, the schema wants %v", got, types)
			return problems
		}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return sameJSON(e, v) }) {
		fail("%v is not one of %v", v, enum)
	}
	if c, ok := schema["const"]; ok && !sameJSON(c, v) {
		fail("%v is not %v", v, c)
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asList(schema["required"]) {
			if _, ok := v[r]; !ok {
				fail("%s is required", r)
			}
		}
		if names, ok := schema["propertyNames"].(map[string]any); ok {
			for k := range v {
				if p := d.validate(names, k, path+"."+k); len(p) > 0 {
					fail("key %q is not allowed (propertyNames): %s", k, strings.Join(p, "; "))
				}
			}
		}
		props, _ := schema["properties"].(map[string]any)
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k].(map[string]any); ok {
				problems = append(problems, d.validate(p, v[k], path+"."+k)...)
				continue
			}
			switch extra := schema["additionalProperties"].(type) {
			case bool:
				if !extra {
					fail("%s is not a property of this schema (additionalProperties: false)", k)
				}
			case map[string]any:
				problems = append(problems, d.validate(extra, v[k], path+"."+k)...)
			}
		}
	case []any:
		if n, ok := schema["minItems"]; ok && len(v) < toInt(n) {
			fail("%d items, fewer than %v", len(v), n)
		}
		if n, ok := schema["maxItems"]; ok && len(v) > toInt(n) {
			fail("%d items, more than %v", len(v), n)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v {
				problems = append(problems, d.validate(items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case string:
		n := utf8.RuneCountInString(v)
		if m, ok := schema["minLength"]; ok && n < toInt(m) {
			fail("%d characters, fewer than %v", n, m)
		}
		if m, ok := schema["maxLength"]; ok && n > toInt(m) {
			fail("%d characters, more than %v", n, m)
		}
		if p, ok := schema["pattern"].(string); ok && !compiled(p).MatchString(v) {
			fail("%q does not match %s", v, p)
		}
		if schema["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				fail("%q is not an RFC 3339 date-time", v)
			}
		}
	case json.Number:
		x, _ := new(big.Rat).SetString(v.String())
		if m, ok := schema["minimum"]; ok && x.Cmp(toRat(m)) < 0 {
			fail("%s is below the minimum %v", v, m)
		}
		if m, ok := schema["maximum"]; ok && x.Cmp(toRat(m)) > 0 {
			fail("%s is above the maximum %v", v, m)
		}
	}
	return problems
}

// patterns holds the document's patterns compiled.
var patterns sync.Map

func compiled(p string) *regexp.Regexp {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(p)
	patterns.Store(p, re)
	return re
}

// schemaKeywords are the keywords validate knows, and the annotations it
// may ignore.
var schemaKeywords = []string{
	"$ref", "type", "enum", "const", "required", "properties", "additionalProperties", "items",
	"minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "format",
	"oneOf", "anyOf", "if", "then", "propertyNames", "discriminator",
	"description", "examples", "title", "x-unresolved",
}

// isWhole reports whether a JSON number written with a fraction or an
// exponent is a whole number, which JSON Schema counts as an integer.
func isWhole(n json.Number) bool {
	x, ok := new(big.Rat).SetString(n.String())
	return ok && x.IsInt()
}

// sameJSON compares a value of the document (YAML: int, float64, string,
// bool) with a value of a body (json.Number for numbers).
func sameJSON(doc, body any) bool {
	if n, ok := body.(json.Number); ok {
		switch doc.(type) {
		case int, float64:
			return toRat(doc).Cmp(toRatString(n.String())) == 0
		}
		return false
	}
	return fmt.Sprintf("%T %v", doc, doc) == fmt.Sprintf("%T %v", body, body)
}

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case float64:
		return int(n)
	}
	panic(fmt.Sprintf("not a count: %v", v))
}

func toRat(v any) *big.Rat {
	switch n := v.(type) {
	case int:
		return new(big.Rat).SetInt64(int64(n))
	case float64:
		return new(big.Rat).SetFloat64(n)
	case uint64:
		return new(big.Rat).SetInt(new(big.Int).SetUint64(n))
	}
	panic(fmt.Sprintf("not a number: %v (%T)", v, v))
}

func toRatString(s string) *big.Rat {
	x, _ := new(big.Rat).SetString(s)
	return x
}

// decodeNumbers decodes a JSON body keeping numbers as json.Number.
func decodeNumbers(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := jsonDecoder(data).Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, data)
	}
	return v
}

// TestValidateCatchesWhatTheDocumentForbids: validate refuses a value of
// the wrong type, outside an enum, a pattern, a length or a range, a
// missing required property, a property additionalProperties forbids, and
// a value that matches two branches of a oneOf; and it accepts what
// JSON Schema accepts, an undeclared property of an open object among
// them.
func TestValidateCatchesWhatTheDocumentForbids(t *testing.T) {
	doc := loadDoc(t)
	schema := func(y string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(y), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, c := range []struct {
		name, schema, value string
		ok                  bool
	}{
		{"type", `{"type":"string"}`, `1`, false},
		{"integer written 2.0", `{"type":"integer"}`, `2.0`, true},
		{"integer written 2.5", `{"type":"integer"}`, `2.5`, false},
		{"enum", `{"enum":["a","b"]}`, `"c"`, false},
		{"pattern", `{"type":"string","pattern":"^20[0-9]{2}$"}`, `"0000"`, false},
		{"maxLength in characters", `{"type":"string","maxLength":2}`, `"文化"`, true},
		{"maxLength", `{"type":"string","maxLength":2}`, `"文化路"`, false},
		{"maximum", `{"type":"number","maximum":5}`, `5.01`, false},
		{"required", `{"type":"object","required":["a"]}`, `{"b":1}`, false},
		{"open object", `{"type":"object","properties":{"a":{"type":"string"}}}`, `{"a":"x","b":1}`, true},
		{"closed object", `{"type":"object","additionalProperties":false,"properties":{"a":{"type":"string"}}}`, `{"a":"x","b":1}`, false},
		{"other properties only null", `{"type":"object","additionalProperties":{"type":"null"}}`, `{"b":1}`, false},
		{"other properties null", `{"type":"object","additionalProperties":{"type":"null"}}`, `{"b":null}`, true},
		{"propertyNames", `{"type":"object","propertyNames":{"enum":["a","b"]}}`, `{"a":1,"c":null}`, false},
		{"oneOf, two branches", `{"oneOf":[{"type":"object","required":["error"]},{"type":"object","required":["results"]}]}`, `{"error":{},"results":[]}`, false},
		{"oneOf, one branch", `{"oneOf":[{"type":"object","required":["error"]},{"type":"object","required":["results"]}]}`, `{"error":{}}`, true},
		{"if/then", `{"if":{"properties":{"c":{"const":true}},"required":["c"]},"then":{"required":["r"]}}`, `{"c":true}`, false},
		{"if/then, condition false", `{"if":{"properties":{"c":{"const":true}},"required":["c"]},"then":{"required":["r"]}}`, `{"c":false}`, true},
	} {
		got := doc.validate(schema(c.schema), decodeNumbers(t, []byte(c.value)), "$")
		if (len(got) == 0) != c.ok {
			t.Errorf("%s: %s against %s: %q, want valid %t", c.name, c.value, c.schema, got, c.ok)
		}
	}
	if !strings.Contains(strings.Join(doc.validate(schema(`{"not":{}}`), "x", "$"), ""), "not checked") {
		t.Errorf("validate took a keyword it does not check")
	}
}

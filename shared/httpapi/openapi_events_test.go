package httpapi_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/event"
)

// v11Types and v11Fields are what SPEC v1.1 adds to the event contract
// (issue 10, item 4 and the table of SPEC §3). The document has them; until
// shared/event knows them, the tests of this file leave out the probes
// that use them, and say so.
var (
	v11Types  = []string{"return_rejected", "deduction_waived", "retracted"}
	v11Fields = []string{"appeal_id", "rule", "event_id", "recorded_by"}
)

// decoderKnowsV11 reports whether shared/event has the v1.1 contract.
func decoderKnowsV11() bool {
	for _, name := range v11Types {
		if _, ok := event.ParseType(name); !ok {
			return false
		}
	}
	return true
}

// eventSchemas returns the document's Event schema and its branch for each
// type, by the type's const.
func eventSchemas(t *testing.T, doc *apiDoc) (map[string]any, map[string]map[string]any) {
	t.Helper()
	ev := doc.resolve(map[string]any{"$ref": "#/components/schemas/Event"})
	byType := map[string]map[string]any{}
	for _, alt := range ev["oneOf"].([]any) {
		branch := doc.resolve(alt.(map[string]any))
		typ, _ := branch["properties"].(map[string]any)["type"].(map[string]any)["const"].(string)
		if typ == "" || byType[typ] != nil {
			t.Fatalf("a branch of Event without its own type const: %v", alt)
		}
		byType[typ] = branch
	}
	return ev, byType
}

// TestOpenAPIEventTypes: issue 10, D4 (the Event schema allowed every field
// on every type). Event is one schema per type, a oneOf with a
// discriminator on `type` whose mapping names each branch by its const;
// the types are exactly the decoder's (SPEC §3), the v1.1 ones included;
// every branch names the common fields and refuses a field it does not
// have (additionalProperties takes only null, which the decoder reads as
// absent); and propertyNames lists exactly the keys the branches name.
func TestOpenAPIEventTypes(t *testing.T) {
	doc := loadDoc(t)
	ev, byType := eventSchemas(t, doc)
	disc, _ := ev["discriminator"].(map[string]any)
	if disc["propertyName"] != "type" {
		t.Errorf("discriminator %v, want propertyName type", disc)
	}
	mapping, _ := disc["mapping"].(map[string]any)
	for typ := range byType {
		ref, _ := mapping[typ].(string)
		if b := doc.resolve(map[string]any{"$ref": ref}); !cmpEqualSchema(b, byType[typ]) {
			t.Errorf("discriminator mapping %s → %q is not the branch of that type", typ, ref)
		}
	}
	if len(mapping) != len(byType) {
		t.Errorf("the mapping has %d types, the oneOf %d", len(mapping), len(byType))
	}
	var decoder []string
	for _, typ := range event.Types() {
		decoder = append(decoder, typ.String())
	}
	if !decoderKnowsV11() {
		t.Logf("shared/event does not know %v yet: they are checked against the SPEC only", v11Types)
		decoder = append(decoder, v11Types...)
	}
	if got := slices.Sorted(maps.Keys(byType)); !slices.Equal(got, slices.Sorted(slices.Values(decoder))) {
		t.Errorf("documented types %v, the decoder's %v", got, decoder)
	}
	names := asList(doc.resolve(ev["propertyNames"].(map[string]any))["enum"])
	seen := map[string]bool{}
	for typ, b := range byType {
		if extra, _ := b["additionalProperties"].(map[string]any); extra["type"] != "null" {
			t.Errorf("%s: additionalProperties %v, want only null", typ, b["additionalProperties"])
		}
		props := b["properties"].(map[string]any)
		for _, f := range []string{"id", "type", "at", "ticket_id", "unit_id", "recorded_by"} {
			if props[f] == nil {
				t.Errorf("%s: no property %s, which every event may carry", typ, f)
			}
		}
		for f := range props {
			seen[f] = true
			if !slices.Contains(names, f) {
				t.Errorf("%s: property %s is not in propertyNames", typ, f)
			}
		}
	}
	for _, f := range names {
		if !seen[f] {
			t.Errorf("propertyNames has %s, which no type has", f)
		}
	}
}

func cmpEqualSchema(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// goodValues are values of each field of the contract that are valid
// wherever the field is.
var goodValues = map[string]any{
	"ticket_id": "T-ADDED", "unit_id": "xishan", "due_at": "2026-12-31T18:00:00+08:00", "channel": "other",
	"category": "城市管理", "noncompliant": false, "citizen_contacted": true, "reason": "录入错误",
	"meeting": "onsite", "connected": false, "result": "satisfied", "process": "dissatisfied",
	"to_unit_id": "guangminglu", "leadership": json.Number("3.5"), "staffing": json.Number("0"),
	"staff_count": json.Number("7"), "appeal_id": "ap-2026-10-0001", "rule": "overdue",
	"event_id": "evt-0001", "recorded_by": "centre.li",
}

// eventBases are the sample events the probes start from: one of every
// type (events/hotline/) and the decoder's valid fixtures.
func eventBases(t *testing.T) map[string]map[string]any {
	t.Helper()
	var files []string
	for _, glob := range []string{"../../events/hotline/*.json", "../event/testdata/valid/*.json"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	bases := map[string]map[string]any{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := jsonDecoder(data).Decode(&v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		bases[f] = v
	}
	if len(bases) < 12 {
		t.Fatalf("%d sample events, want one of every type at least", len(bases))
	}
	return bases
}

// TestOpenAPIEventsMatchTheDecoder: issue 10, D4. The document says
// exactly what the server takes: from each sample event, a few thousand
// probes (the sample; each key removed, set to null, to a value of every
// JSON type, to strings of the lengths the limits sit at; each field of
// the contract added; an unknown key; the type changed to every other;
// the boolean conditions of returned and callback; ratings and counts at
// and past their bounds) are each taken by the decoder (shared/event, as
// the ingest routes decode) exactly when the document's Event schema
// takes it as JSON Schema reads it. The rules the document gives in words
// only (a key twice, the years read at UTC+8, due_at after at, digits for
// staff_count, broken escapes) are not probed here; shared/event tests
// them.
func TestOpenAPIEventsMatchTheDecoder(t *testing.T) {
	doc := loadDoc(t)
	schema, byType := eventSchemas(t, doc)
	v11 := decoderKnowsV11()
	types := slices.Sorted(maps.Keys(byType))
	fields := asList(doc.resolve(schema["propertyNames"].(map[string]any))["enum"])
	bases := eventBases(t)

	type probe struct{ name, body string }
	var probes []probe
	add := func(name string, v map[string]any) {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		probes = append(probes, probe{name, string(data)})
	}
	with := func(base map[string]any, key string, value any) map[string]any {
		c := make(map[string]any, len(base)+1)
		for k, v := range base {
			c[k] = v
		}
		if value == deleted {
			delete(c, key)
		} else {
			c[key] = value
		}
		return c
	}
	files := slices.Sorted(maps.Keys(bases))
	for _, f := range files {
		base := bases[f]
		name := filepath.Base(f)
		add(name, base)
		keys := slices.Sorted(maps.Keys(base))
		for _, k := range keys {
			add(name+" without "+k, with(base, k, deleted))
			add(name+" "+k+" null", with(base, k, nil))
			for _, wrong := range []any{json.Number("1"), "x", true, []any{}, map[string]any{}} {
				add(name+" "+k+" of another type", with(base, k, wrong))
			}
			if _, ok := base[k].(string); ok && k != "type" && k != "at" && k != "due_at" {
				for _, n := range []int{0, 64, 65, 128, 129, 500, 501, 1024, 1025} {
					add(name+" "+k+" of length", with(base, k, strings.Repeat("a", n)))
				}
				add(name+" "+k+" not of the enum", with(base, k, "not_a_value"))
			}
		}
		for _, f := range fields {
			if g, ok := goodValues[f]; ok {
				add(name+" with "+f, with(base, f, g))
			}
		}
		add(name+" with an unknown key", with(base, "phone", "x"))
		for _, typ := range types {
			add(name+" as "+typ, with(base, "type", typ))
		}
		add(name+" noncompliant", with(base, "noncompliant", true))
		add(name+" connected", with(base, "connected", true))
		for _, k := range []string{"leadership", "staffing"} {
			for _, n := range []string{"0", "5", "5.0001", "-0.0001", "4.25", "1e0", "-0"} {
				add(name+" "+k+" "+n, with(base, k, json.Number(n)))
			}
		}
		for _, n := range []string{"0", "7", "-1", "9223372036854775807", "9223372036854775808", "2.5"} {
			add(name+" staff_count "+n, with(base, "staff_count", json.Number(n)))
		}
	}

	var skipped, mismatched int
	for _, p := range probes {
		if !v11 && mentionsV11(p.body) {
			skipped++
			continue
		}
		_, err := event.Decode([]byte(p.body))
		problems := doc.validate(schema, decodeNumbers(t, []byte(p.body)), "$")
		if (err == nil) != (len(problems) == 0) {
			mismatched++
			if mismatched <= 30 {
				t.Errorf("%s: the decoder says %v; the document %q\n%s", p.name, err, problems, p.body)
			}
		}
	}
	if mismatched > 30 {
		t.Errorf("... %d probes in all where the document and the decoder disagree", mismatched)
	}
	t.Logf("%d probes, %d left out until shared/event knows the v1.1 contract", len(probes), skipped)
}

// deleted marks a key to remove in a probe.
var deleted = &struct{}{}

// mentionsV11 reports whether a probe uses a type or a field of v1.1.
func mentionsV11(body string) bool {
	var v map[string]any
	_ = json.Unmarshal([]byte(body), &v)
	for _, f := range v11Fields {
		if _, ok := v[f]; ok {
			return true
		}
	}
	typ, _ := v["type"].(string)
	return slices.Contains(v11Types, typ)
}

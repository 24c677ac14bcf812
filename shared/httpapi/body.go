package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// resultBody is a stored result body (`hotline score --format json`) cut
// into its top-level fields, in their order, with every unit kept as its raw
// JSON: so a body filtered to a group keeps every field and the pinned
// layout, whatever fields the engine adds, and a unit is found without
// decoding the rest.
type resultBody struct {
	fields []bodyField
	units  []bodyUnit
	byID   map[string]int // unit id → index in units
}

type bodyField struct {
	key   string
	value json.RawMessage
}

// bodyUnit is one unit of a body: its raw JSON and the fields the API reads.
type bodyUnit struct {
	raw json.RawMessage
	unitSummary
	deductionList *unitDeductionList // page.go
}

// unitSummary is what the history of a unit reads from a month.
type unitSummary struct {
	UnitID     string            `json:"unit_id"`
	Name       string            `json:"name"`
	Group      unit.Group        `json:"group"`
	Assessed   bool              `json:"assessed"`
	Rank       *int              `json:"rank"`
	Total      *score.Points     `json:"total"`
	Grade      *score.Grade      `json:"grade"`
	Bottom     bool              `json:"bottom"`
	Escalation *score.Escalation `json:"escalation"`
}

// parseBody cuts a stored body.
func parseBody(body []byte) (*resultBody, error) {
	fields, err := objectFields(body)
	if err != nil {
		return nil, fmt.Errorf("the stored body: %w", err)
	}
	b := &resultBody{fields: fields, byID: map[string]int{}}
	for _, f := range fields {
		if f.key == "units" {
			if err := b.readUnits(f.value); err != nil {
				return nil, err
			}
		}
	}
	return b, nil
}

// objectFields cuts a JSON object into its members, in their order, each
// value as its raw JSON.
func objectFields(raw []byte) ([]bodyField, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var fields []bodyField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, fmt.Errorf("field %q: %w", key, err)
		}
		fields = append(fields, bodyField{key, value})
	}
	return fields, nil
}

// writeObject writes the members as one compact JSON object.
func writeObject(out *bytes.Buffer, fields []bodyField) {
	out.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			out.WriteByte(',')
		}
		key, _ := json.Marshal(f.key)
		out.Write(key)
		out.WriteByte(':')
		out.Write(f.value)
	}
	out.WriteByte('}')
}

func (b *resultBody) readUnits(value json.RawMessage) error {
	var raws []json.RawMessage
	if err := json.Unmarshal(value, &raws); err != nil {
		return fmt.Errorf("the stored body, units: %w", err)
	}
	b.units = make([]bodyUnit, len(raws))
	for i, raw := range raws {
		u := &b.units[i]
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return fmt.Errorf("the stored body, units[%d]: %w", i, err)
		}
		u.raw = compact.Bytes()
		u.deductionList = &unitDeductionList{}
		if err := json.Unmarshal(raw, &u.unitSummary); err != nil {
			return fmt.Errorf("the stored body, units[%d]: %w", i, err)
		}
		b.byID[u.UnitID] = i
	}
	return nil
}

// unit returns the unit with the given id.
func (b *resultBody) unit(id string) (*bodyUnit, bool) {
	i, ok := b.byID[id]
	if !ok {
		return nil, false
	}
	return &b.units[i], true
}

// filter writes the body with only the units of group g, laid out as
// report.WriteJSON lays out a result: a 2-space indent and a final newline.
func (b *resultBody) filter(g unit.Group) ([]byte, error) {
	fields := slices.Clone(b.fields)
	for i, f := range fields {
		if f.key != "units" {
			continue
		}
		var units bytes.Buffer
		units.WriteByte('[')
		n := 0
		for _, u := range b.units {
			if u.Group != g {
				continue
			}
			if n > 0 {
				units.WriteByte(',')
			}
			units.Write(u.raw)
			n++
		}
		units.WriteByte(']')
		fields[i].value = units.Bytes()
	}
	var compact bytes.Buffer
	writeObject(&compact, fields)
	var out bytes.Buffer
	out.Grow(compact.Len() * 3 / 2)
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, fmt.Errorf("filter the stored body: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

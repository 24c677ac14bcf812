package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// value turns the trimmed text of a cell into the JSON of field f of an
// event of rule er: through the rule's vocabulary when it has one for f,
// else as the field takes it (docs/import.md, "What a field takes").
func (d *TableDecoder) value(er *EventRule, f, text string) ([]byte, error) {
	if vocab, ok := er.values[f]; ok && len(vocab) > 0 {
		v, known := vocab[text]
		if !known {
			if slices.Contains(vocabulary(f, er.Type), text) {
				v = text // the contract's own word
			} else {
				return nil, fmt.Errorf("%q is not one of %s", text, strings.Join(sorted(mapKeys(vocab)), ", "))
			}
		}
		text = v
	}
	switch f {
	case "due_at":
		t, err := parseTime(text, d.m.TimeFormats, d.m.Zone)
		if err != nil {
			return nil, err
		}
		return jsonString(t.Format(time.RFC3339)), nil
	case "noncompliant", "citizen_contacted", "connected":
		v, ok := parseBool(text)
		if !ok {
			return nil, fmt.Errorf("expected 是 or 否, not %q", text)
		}
		return strconv.AppendBool(nil, v), nil
	case "unit_id", "to_unit_id":
		u, ok := d.reg.ByName(text)
		if !ok {
			var names []string
			for _, c := range d.reg.Closest(text, 3) {
				names = append(names, c.Name+" ("+c.ID+")")
			}
			return nil, fmt.Errorf("%q is no unit's name, alias or id; the closest are %s (add the name to the unit's aliases in units.yaml)", text, strings.Join(names, ", "))
		}
		return jsonString(u.ID), nil
	case "leadership", "staffing":
		v, err := decimal.NewFromString(text)
		if err != nil {
			return nil, fmt.Errorf("expected a score from 0 to 5, not %q", text)
		}
		return []byte(v.String()), nil
	case "staff_count":
		n, err := strconv.Atoi(strings.TrimSuffix(text, ".0"))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("expected a whole number of staff, not %q", text)
		}
		return strconv.AppendInt(nil, int64(n), 10), nil
	}
	return jsonString(text), nil
}

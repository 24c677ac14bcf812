package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/shizhong/hotline/shared/unit"
)

// The ranking for a phone (issue 14): ?view=summary answers the stored body
// with each unit cut to the line a ranking list shows, without its
// deductions and counts, so that a district's ranking is a few kilobytes
// and a Beijing group's fits a mini-program's request.

// summaryUnitKeys are the members of a unit that the summary keeps, in the
// order of the stored body; `months_assessed` is the annual shape's (SPEC §8).
var summaryUnitKeys = []string{"unit_id", "name", "group", "rank", "total", "grade", "bottom", "escalation", "scores", "months_assessed"}

// summaryDropped are the top-level members the summary leaves out: the
// tickets returned too often are for the centre's supervision, not for the
// public list.
var summaryDropped = []string{"tickets_returned_over_limit"}

// summary writes the body in the summary view, of group g ("" for every
// group): the top-level members as stored but those of summaryDropped,
// `"view": "summary"` before the units, and each unit of g with only
// summaryUnitKeys; compact, with a final newline.
func (b *resultBody) summary(g unit.Group) ([]byte, error) {
	var out bytes.Buffer
	fields := make([]bodyField, 0, len(b.fields)+1)
	for _, f := range b.fields {
		switch {
		case slices.Contains(summaryDropped, f.key):
			continue
		case f.key == "units":
			units, err := b.summaryUnits(g)
			if err != nil {
				return nil, err
			}
			fields = append(fields, bodyField{"view", json.RawMessage(`"summary"`)}, bodyField{"units", units})
		default:
			var c bytes.Buffer
			if err := json.Compact(&c, f.value); err != nil {
				return nil, fmt.Errorf("the stored body, %s: %w", f.key, err)
			}
			fields = append(fields, bodyField{f.key, c.Bytes()})
		}
	}
	writeObject(&out, fields)
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// summaryUnits writes the array of the units of g in the summary view.
func (b *resultBody) summaryUnits(g unit.Group) (json.RawMessage, error) {
	var out bytes.Buffer
	out.WriteByte('[')
	n := 0
	for i := range b.units {
		u := &b.units[i]
		if g != "" && u.Group != g {
			continue
		}
		members, err := objectFields(u.raw)
		if err != nil {
			return nil, fmt.Errorf("the stored body, unit %s: %w", u.UnitID, err)
		}
		members = slices.DeleteFunc(members, func(f bodyField) bool { return !slices.Contains(summaryUnitKeys, f.key) })
		if n > 0 {
			out.WriteByte(',')
		}
		writeObject(&out, members)
		n++
	}
	out.WriteByte(']')
	return out.Bytes(), nil
}

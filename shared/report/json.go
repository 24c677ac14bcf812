package report

import (
	"encoding/json"
	"io"

	"github.com/shizhong/hotline/shared/score"
)

// WriteJSON writes r in the pinned JSON shape of SPEC §8: encoding/json
// with a 2-space indent and a trailing newline, fields in the order of the
// score types, scores as JSON numbers. Lists the engine left nil (units,
// flags, deductions, returned tickets, warnings) are written as [] rather
// than null, as the pinned shape shows them; r itself is not changed.
func WriteJSON(w io.Writer, r *score.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // notes and names stay readable: & < > as is
	return enc.Encode(withEmptyLists(r))
}

// withEmptyLists returns a copy of r whose nil lists are empty.
func withEmptyLists(r *score.Result) *score.Result {
	c := *r
	c.Units = make([]score.UnitResult, len(r.Units))
	for i, u := range r.Units {
		u.Flags = orEmpty(u.Flags)
		u.Deductions = orEmpty(u.Deductions)
		c.Units[i] = u
	}
	c.ReturnedOverLimit = make([]score.ReturnedTicket, len(r.ReturnedOverLimit))
	for i, t := range r.ReturnedOverLimit {
		t.Units = orEmpty(t.Units)
		c.ReturnedOverLimit[i] = t
	}
	c.Warnings = orEmpty(r.Warnings)
	return &c
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

package score

import (
	"encoding/json"
	"io"
)

// WriteJSON writes r in the pinned JSON shape of SPEC §8: encoding/json
// with a 2-space indent and a trailing newline, fields in the order of the
// result types, scores as JSON numbers. Lists left nil (units, flags,
// deductions, returned tickets, warnings) are written as [] rather than
// null, as the pinned shape shows them; r itself is not changed. It lives
// here, beside the types, so that what stores results need not link the
// spreadsheet writer of package report.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // notes and names stay readable: & < > as is
	return enc.Encode(withEmptyLists(r))
}

// withEmptyLists returns a copy of r whose nil lists are empty.
func withEmptyLists(r *Result) *Result {
	c := *r
	c.Units = make([]UnitResult, len(r.Units))
	for i, u := range r.Units {
		u.Flags = orEmpty(u.Flags)
		u.Deductions = orEmpty(u.Deductions)
		c.Units[i] = u
	}
	c.ReturnedOverLimit = make([]ReturnedTicket, len(r.ReturnedOverLimit))
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

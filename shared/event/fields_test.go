package event

import (
	"slices"
	"testing"
)

// TestFieldsOf: the fields of a type are those of SPEC §3's table: an
// assignment requires ticket_id, unit_id, due_at and channel and may carry
// a category; a meeting absence requires unit_id and may carry ticket_id
// and meeting; an unknown type has none.
func TestFieldsOf(t *testing.T) {
	for _, c := range []struct {
		t             Type
		req, optional []string
	}{
		{Assigned, []string{"ticket_id", "unit_id", "due_at", "channel"}, []string{"category"}},
		{MeetingAbsent, []string{"unit_id"}, []string{"ticket_id", "meeting"}},
		{Callback, []string{"ticket_id", "unit_id", "connected"}, []string{"result", "process"}},
		{OrgAssessed, []string{"unit_id", "leadership", "staffing"}, []string{"ticket_id", "staff_count"}},
		{Type(0), nil, nil},
	} {
		req, opt := FieldsOf(c.t)
		if !slices.Equal(req, c.req) || !slices.Equal(opt, c.optional) {
			t.Errorf("FieldsOf(%s) = %v, %v; want %v, %v", c.t, req, opt, c.req, c.optional)
		}
	}
}

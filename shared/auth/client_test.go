package auth_test

import (
	"testing"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/event"
)

// TestMayCorrections: SPEC §3 (v1.1), "only centre and admin clients and
// accounts may post" retracted (and deduction_waived, the centre's
// cancellation): a client may post a correction when its `types` lists it
// or it is an admin client, and no other; the other types only as listed,
// admin or not.
func TestMayCorrections(t *testing.T) {
	for _, typ := range []event.Type{event.Retracted, event.DeductionWaived} {
		name := typ.String()
		for _, c := range []struct {
			client auth.Client
			may    bool
		}{
			{auth.Client{ID: "platform", Types: []string{"assigned", "replied"}}, false},
			{auth.Client{ID: "lister", Types: []string{name}}, true},
			{auth.Client{ID: "centre", Types: []string{"criticized"}, Admin: true}, true},
		} {
			if got := c.client.May(typ); got != c.may {
				t.Errorf("%s may post %s: %t, want %t", c.client.ID, name, got, c.may)
			}
		}
	}
	admin := auth.Client{ID: "centre", Types: []string{"criticized"}, Admin: true}
	if admin.May(event.Replied) || !admin.May(event.Criticized) {
		t.Errorf("an admin client may post only its listed types and the corrections")
	}
}

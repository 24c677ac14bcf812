package event_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/event"
)

func TestContentHashSameInstantOtherOffset(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{
			name: "assigned at and due_at in +08:00 and Z",
			a:    `{"id":"x","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","due_at":"2026-10-12T10:15:00+08:00","channel":"other"}`,
			b:    `{"id":"x","type":"assigned","at":"2026-10-09T02:15:00Z","ticket_id":"T","unit_id":"u","due_at":"2026-10-12T02:15:00Z","channel":"other"}`,
		},
		{
			name: "replied in +08:00 and -05:00",
			a:    `{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u"}`,
			b:    `{"id":"x","type":"replied","at":"2026-10-08T21:15:00-05:00","ticket_id":"T","unit_id":"u"}`,
		},
		{
			name: "keys in another order",
			a:    `{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u"}`,
			b:    `{"unit_id":"u","ticket_id":"T","at":"2026-10-09T02:15:00Z","type":"replied","id":"x"}`,
		},
		{
			name: "the same rating written 4.5 and 4.50",
			a:    `{"id":"x","type":"org_assessed","at":"2026-10-01T00:00:00+08:00","unit_id":"u","leadership":4.5,"staffing":5}`,
			b:    `{"id":"x","type":"org_assessed","at":"2026-09-30T16:00:00Z","unit_id":"u","leadership":4.50,"staffing":5.0}`,
		},
		{
			name: "absent and null optional field",
			a:    `{"id":"x","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","due_at":"2026-10-12T10:15:00+08:00","channel":"other"}`,
			b:    `{"id":"x","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","due_at":"2026-10-12T10:15:00+08:00","channel":"other","category":null}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := mustDecode(t, tt.a), mustDecode(t, tt.b)
			if a.ContentHash() != b.ContentHash() {
				t.Errorf("ContentHash differs: %x for %s, %x for %s", a.ContentHash(), tt.a, b.ContentHash(), tt.b)
			}
			if a.Key() != b.Key() {
				t.Errorf("Key differs for equal ids")
			}
		})
	}
}

// TestContentHashEveryField changes one field at a time of a valid event:
// every change must change the content hash, and only a change of id may
// change the key.
func TestContentHashEveryField(t *testing.T) {
	at := mustTime(t, "2026-10-09T10:15:00+08:00")
	assigned := event.Event{ID: "x", Type: event.Assigned, At: at, TicketID: "T", UnitID: "u",
		DueAt: at.Add(72 * 3600e9), Channel: "hotline_12345", Category: "c"}
	returned := event.Event{ID: "x", Type: event.Returned, At: at, TicketID: "T", UnitID: "u",
		Noncompliant: true, CitizenContacted: false, Reason: "r"}
	meeting := event.Event{ID: "x", Type: event.MeetingAbsent, At: at, UnitID: "u", Meeting: "dispatch"}
	callback := event.Event{ID: "x", Type: event.Callback, At: at, TicketID: "T", UnitID: "u",
		Connected: true, Result: "satisfied", Process: "satisfied"}
	reassigned := event.Event{ID: "x", Type: event.OverdueReassigned, At: at, TicketID: "T", UnitID: "u", ToUnitID: "v"}
	org := event.Event{ID: "x", Type: event.OrgAssessed, At: at, UnitID: "u",
		Leadership: mustDec(t, "4.5"), Staffing: mustDec(t, "5"), StaffCount: 3, HasStaffCount: true}
	orgZero := org
	orgZero.StaffCount = 0

	tests := []struct {
		name   string
		base   event.Event
		mutate func(e *event.Event)
	}{
		{"id", assigned, func(e *event.Event) { e.ID = "y" }},
		{"type", assigned, func(e *event.Event) { e.Type = event.Replied; e.DueAt = at.Add(72 * 3600e9) }},
		{"at by a second", assigned, func(e *event.Event) { e.At = e.At.Add(1e9) }},
		{"at by a nanosecond", assigned, func(e *event.Event) { e.At = e.At.Add(1) }},
		{"ticket_id", assigned, func(e *event.Event) { e.TicketID = "T2" }},
		{"ticket_id and unit_id shifting a character", assigned, func(e *event.Event) { e.TicketID, e.UnitID = "Tu", "" }},
		{"unit_id", assigned, func(e *event.Event) { e.UnitID = "v" }},
		{"due_at", assigned, func(e *event.Event) { e.DueAt = e.DueAt.Add(1e9) }},
		{"channel", assigned, func(e *event.Event) { e.Channel = "other" }},
		{"category", assigned, func(e *event.Event) { e.Category = "d" }},
		{"category removed", assigned, func(e *event.Event) { e.Category = "" }},
		{"noncompliant", returned, func(e *event.Event) { e.Noncompliant = false }},
		{"citizen_contacted", returned, func(e *event.Event) { e.CitizenContacted = true }},
		{"returned reason", returned, func(e *event.Event) { e.Reason = "s" }},
		{"meeting", meeting, func(e *event.Event) { e.Meeting = "onsite" }},
		{"meeting removed", meeting, func(e *event.Event) { e.Meeting = "" }},
		{"connected", callback, func(e *event.Event) { e.Connected = false }},
		{"result", callback, func(e *event.Event) { e.Result = "dissatisfied" }},
		{"process", callback, func(e *event.Event) { e.Process = "basically_satisfied" }},
		{"result and process swapped content", callback, func(e *event.Event) { e.Result, e.Process = "satisfied", "dissatisfied" }},
		{"to_unit_id", reassigned, func(e *event.Event) { e.ToUnitID = "w" }},
		{"to_unit_id removed", reassigned, func(e *event.Event) { e.ToUnitID = "" }},
		{"leadership", org, func(e *event.Event) { e.Leadership = mustDec(t, "4.4") }},
		{"staffing", org, func(e *event.Event) { e.Staffing = mustDec(t, "4.99") }},
		{"leadership and staffing swapped", org, func(e *event.Event) { e.Leadership, e.Staffing = e.Staffing, e.Leadership }},
		{"staff_count", org, func(e *event.Event) { e.StaffCount = 2 }},
		{"staff_count removed", org, func(e *event.Event) { e.HasStaffCount = false; e.StaffCount = 0 }},
		{"staff_count 0 given and not given", orgZero, func(e *event.Event) { e.HasStaffCount = false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.base
			b := tt.base
			tt.mutate(&b)
			if a.ContentHash() == b.ContentHash() {
				t.Errorf("ContentHash equal for\n%s\n%s", a.AppendJSON(nil), b.AppendJSON(nil))
			}
			// The hash is of the content alone: it does not depend on the
			// memory the event sits in.
			c := tt.base
			if a.ContentHash() != c.ContentHash() {
				t.Errorf("ContentHash of a copy differs")
			}
			if diff := cmp.Diff(a.ID == b.ID, a.Key() == b.Key()); diff != "" {
				t.Errorf("Key equal (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"evt-1", "evt-1", true},
		{"工单-1", "工单-1", true},
		{"evt-1", "evt-2", false},
		{"evt-1", "evt-1 ", false},
		{"evt-1", "EVT-1", false},
		{"a", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"|"+tt.b, func(t *testing.T) {
			a := event.Event{ID: tt.a, Type: event.Replied}
			b := event.Event{ID: tt.b, Type: event.Assigned, UnitID: "other"}
			if diff := cmp.Diff(tt.want, a.Key() == b.Key()); diff != "" {
				t.Errorf("Key(%q) == Key(%q) (-want +got):\n%s", tt.a, tt.b, diff)
			}
		})
	}
}

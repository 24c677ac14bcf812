package event_test

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/event"
)

// TestBodyType: the type read from a body without decoding is the type
// decoding gives, for every type and for ids that look like the type's
// key; a body in another form says so.
func TestBodyType(t *testing.T) {
	at := time.Date(2026, 10, 9, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	n := 0
	for _, id := range []string{"e1", `x","type":"assigned`, `x\","type":"criticized`, `引号"`} {
		for _, e := range allTypes(at) {
			e.ID = id
			n++
			body := e.AppendJSON(nil)
			got, ok := event.BodyType(body)
			if !ok || got != e.Type {
				t.Errorf("BodyType(%s) = %v, %v; want %v", body, got, ok, e.Type)
			}
		}
	}
	if n != 4*len(event.Types()) {
		t.Fatalf("checked %d bodies, want every type with every id", n)
	}
	for _, body := range []string{`{"type":"assigned","id":"e1"}`, `{"id":"e1"}`, `{"id":"e1","type":"assig`, `{"id":"e1","type":"nonsense"}`} {
		if got, ok := event.BodyType([]byte(body)); ok {
			t.Errorf("BodyType(%s) = %v, true; want false", body, got)
		}
	}
}

// allTypes is one event of each type, with no other field than the type
// needs to be encoded.
func allTypes(at time.Time) []event.Event {
	var out []event.Event
	for _, ty := range event.Types() {
		out = append(out, event.Event{ID: "e", Type: ty, At: at, TicketID: "T1", UnitID: "u1"})
	}
	return out
}

package event

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecoderReuse: one Decoder over many lines, as a file is read, gives
// each line the event or the error a fresh Decoder gives it: the values a
// line leaves in the Decoder (optional fields, nulls, a line refused half
// read, one only the parser reads) never reach the next (SPEC §3: each
// event is what its own line says).
func TestDecoderReuse(t *testing.T) {
	lines := []string{
		`{"id":"r1","type":"returned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","noncompliant":true,"citizen_contacted":false,"reason":"属于信访事项"}`,
		`{"id":"r2","type":"returned","at":"2026-10-09T10:16:00+08:00","ticket_id":"T1","unit_id":"wenhualu"}`,
		`{"id":"a1","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T2","unit_id":"xishan","due_at":"2026-10-14T18:00:00+08:00","channel":"hotline_12345","category":"城市管理"}`,
		`{"id":"a2","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T3","unit_id":"xishan","due_at":"2026-10-14T18:00:00+08:00","channel":"hotline_12345","category":null}`,
		`{"id":"c1","type":"callback","at":"2026-10-10T10:15:00+08:00","ticket_id":"T2","unit_id":"xishan","connected":true,"result":"satisfied","process":"basically_satisfied"}`,
		`{"id":"c2","type":"callback","at":"2026-10-10T10:15:00+08:00","ticket_id":"T2","unit_id":"xishan","connected":false}`,
		`{"id":"c3","type":"callback","at":"2026-10-10T10:15:00+08:00","ticket_id":"T2","unit_id":"xishan","connected":true}`,
		`{"id":"x1","type":"returned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","reason":"half read","noncompliant":tru}`,
		`{"id":"x2","type":"returned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","reason":"an \"escape\"","citizen_contacted":true}`,
		`{"id":"x3","type":"returned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu","reason":"twice","reason":"twice"}`,
		`{"id":"m1","type":"meeting_absent","at":"2026-10-09T10:15:00+08:00","unit_id":"wenhualu","meeting":"monthly"}`,
		`{"id":"m2","type":"meeting_absent","at":"2026-10-09T10:15:00+08:00","unit_id":"wenhualu"}`,
		`{"id":"o1","type":"org_assessed","at":"2026-10-08T09:30:00+08:00","unit_id":"wenhualu","leadership":4.7,"staffing":4.5,"staff_count":5}`,
		`{"id":"o2","type":"org_assessed","at":"2026-10-08T09:30:00+08:00","unit_id":"wenhualu","leadership":4.7,"staffing":4.5}`,
		`{"id":"u1","type":"unknown","at":"2026-10-08T09:30:00+08:00"}`,
		`{}`,
	}
	r := rand.New(rand.NewPCG(3, 4))
	var d Decoder
	for range 20000 {
		line := []byte(lines[r.IntN(len(lines))])
		got, gotErr := d.Decode(line)
		want, wantErr := Decode(line)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s: reused decoder's error %v, a fresh one's %v", line, gotErr, wantErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: reused decoder's event differs from a fresh one's (-fresh +reused):\n%s", line, diff)
		}
	}
}

// TestDecoderKeepsStrings: the ids a Decoder cuts from its arena (names.joined)
// are never written over by the events decoded after them; every event of
// a long run is still the event of its line at the end.
func TestDecoderKeepsStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var d Decoder
	var lines [][]byte
	var events []Event
	for i := range 20000 {
		id := fmt.Sprintf("e%d-%s", i, strings.Repeat("x", r.IntN(120)))
		line := fmt.Appendf(nil, `{"id":%q,"type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T%d","unit_id":"wenhualu"}`, id, r.IntN(1000000))
		e, err := d.Decode(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		lines, events = append(lines, line), append(events, e)
	}
	for i, line := range lines {
		want, _ := Decode(line)
		if diff := cmp.Diff(want, events[i]); diff != "" {
			t.Fatalf("%s: the event kept since differs (-fresh +kept):\n%s", line, diff)
		}
	}
}

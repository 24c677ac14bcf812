package score_test

import (
	"math/rand/v2"
	"testing"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// TestLedgerFingerprint: the fingerprint of a set of events depends on the
// set only: not on order, not on repeats; any changed event changes it.
func TestLedgerFingerprint(t *testing.T) {
	reg, err := unit.NewRegistry([]unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}})
	if err != nil {
		t.Fatal(err)
	}
	events := []event.Event{
		replied("r1", "T1", "wenhualu", "2026-10-09 10:00"),
		replied("r2", "T2", "wenhualu", "2026-10-09 11:00"),
		replied("r3", "T3", "wenhualu", "2026-10-10 11:00"),
	}
	fp := func(evs []event.Event) string {
		l := score.NewLedger(reg)
		for i := range evs {
			if _, err := l.Add(&evs[i], score.Origin{File: "t", Line: i + 1}); err != nil {
				t.Fatal(err)
			}
		}
		return l.Fingerprint()
	}
	want := fp(events)
	r := rand.New(rand.NewPCG(1, 2))
	for range 10 {
		shuffled := append([]event.Event(nil), events...)
		shuffled = append(shuffled, events[r.IntN(len(events))])
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := fp(shuffled); got != want {
			t.Fatalf("fingerprint %s of a shuffled set with a repeat, want %s", got, want)
		}
	}
	changed := append([]event.Event(nil), events...)
	changed[1].TicketID = "T9"
	if fp(changed) == want {
		t.Error("a changed event kept the fingerprint")
	}
	if fp(events[:2]) == want {
		t.Error("a missing event kept the fingerprint")
	}
}

package testenv_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/gen"
)

// TestDistrict: the fixture holds the units and events generated, every
// event's unit is in the registry, and the same Config gives the same
// fixture.
func TestDistrict(t *testing.T) {
	cfg := gen.Config{Seed: 1, Tickets: 50, Month: calendar.Month{Year: 2026, Month: 10}}
	reg, events := testenv.District(t, cfg)
	if reg.Len() != gen.AutoUnits(50) {
		t.Errorf("%d units, want %d", reg.Len(), gen.AutoUnits(50))
	}
	if len(events) < 50 {
		t.Fatalf("%d events for 50 tickets", len(events))
	}
	for _, e := range events {
		if _, ok := reg.Lookup(e.UnitID); e.UnitID != "" && !ok {
			t.Errorf("event %s: unit %q is not in the registry", e.ID, e.UnitID)
		}
	}
	again, more := testenv.District(t, cfg)
	if diff := cmp.Diff(reg.Units(), again.Units()); diff != "" {
		t.Errorf("units of the same Config (-first +second):\n%s", diff)
	}
	if len(more) != len(events) || more[len(more)-1].ID != events[len(events)-1].ID {
		t.Errorf("events of the same Config differ: %d then %d", len(events), len(more))
	}
}

// TestGenerateRefusesBadConfig: a Config gen refuses is an error, not a
// fixture.
func TestGenerateRefusesBadConfig(t *testing.T) {
	if _, _, err := testenv.Generate(gen.Config{Tickets: -1}); err == nil {
		t.Error("negative tickets: no error")
	}
}

package testenv

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/unit"
)

// District generates the district cfg describes (shared/gen) and returns
// its unit registry, decoded from the units.yaml written, and its events,
// read back from the JSON Lines written, in the order written. A
// Config.Location of nil means Asia/Shanghai, as in gen. Any error stops
// the test.
func District(t testing.TB, cfg gen.Config) (*unit.Registry, []event.Event) {
	t.Helper()
	reg, events, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return reg, events
}

// Generate is District for a fixture made outside a test, such as one
// made once per test binary with sync.OnceValues.
func Generate(cfg gen.Config) (*unit.Registry, []event.Event, error) {
	var units, lines bytes.Buffer
	if _, err := gen.Write(cfg, &units, &lines, nil); err != nil {
		return nil, nil, fmt.Errorf("generate the district: %w", err)
	}
	reg, err := unit.Decode(&units)
	if err != nil {
		return nil, nil, fmt.Errorf("decode the generated units: %w", err)
	}
	var events []event.Event
	if err := event.ReadLines(&lines, "district", 0, func(b event.Batch) error {
		events = append(events, b.Events...)
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("read the generated events: %w", err)
	}
	return reg, events, nil
}

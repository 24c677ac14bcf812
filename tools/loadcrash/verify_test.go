package main

import (
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/tools/loadcrash/internal/load"
)

func TestCheckStore(t *testing.T) {
	at := time.Date(2026, 10, 9, 10, 15, 0, 0, time.FixedZone("CST", 8*3600))
	ev := func(id, unit string) event.Event {
		return event.Event{ID: id, Type: event.Replied, At: at, TicketID: "T1", UnitID: unit}
	}
	sent := []event.Event{ev("a", "u1"), ev("b", "u1"), ev("c", "u1")}
	plan, err := load.NewPlan(sent, []load.Route{{Path: "/v1/events", Types: event.Types()}}, load.PlanConfig{MaxBatch: 10})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		acked  []bool
		stored []event.Event
		want   []string // substrings of the violations, in order
	}{
		{"equal", []bool{true, true, true}, []event.Event{ev("a", "u1"), ev("b", "u1"), ev("c", "u1")}, nil},
		{"unacknowledged may be absent or present", []bool{true, false, false}, []event.Event{ev("a", "u1"), ev("c", "u1")}, nil},
		{"acknowledged missing", []bool{true, true, false}, []event.Event{ev("a", "u1")}, []string{"event b was acknowledged but is not stored"}},
		{"never sent", []bool{false, false, false}, []event.Event{ev("z", "u1")}, []string{"event z is stored but was never sent"}},
		{"other content", []bool{true, false, false}, []event.Event{ev("a", "u2")}, []string{"event a is stored with other content", "event a was acknowledged but is not stored"}},
		{"twice", []bool{true, false, false}, []event.Event{ev("a", "u1"), ev("a", "u1")}, []string{"event a is stored twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkStore(plan, tt.acked, tt.stored).violations
			if len(got) != len(tt.want) {
				t.Fatalf("violations %q, want %d like %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("violation %d is %q, want it to say %q", i, got[i], w)
				}
			}
		})
	}
}

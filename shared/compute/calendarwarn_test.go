package compute_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/unit"
)

// TestUnknownYearLogged (SPEC §4: never silent): computing a month of a year
// the calendar does not know logs the warning at WARN, naming the year; a
// month of a known year, or of a year the calendar file declares, does not.
func TestUnknownYearLogged(t *testing.T) {
	loc := shanghai(t)
	reg, err := unit.NewRegistry([]unit.Unit{{ID: "a", Name: "甲镇", Group: unit.TownStreet}})
	if err != nil {
		t.Fatal(err)
	}
	events := []event.Event{
		{ID: "cb1", Type: event.Callback, At: time.Date(2028, 1, 10, 9, 0, 0, 0, loc), TicketID: "T1", UnitID: "a", Connected: true, Result: event.Satisfied, Process: event.Satisfied},
		{ID: "cb2", Type: event.Callback, At: time.Date(2026, 10, 10, 9, 0, 0, 0, loc), TicketID: "T2", UnitID: "a", Connected: true, Result: event.Satisfied, Process: event.Satisfied},
	}
	now := time.Date(2028, 3, 1, 0, 0, 0, 0, loc)
	for _, tt := range []struct {
		name     string
		month    calendar.Month
		calendar string
		year     bool
		want     bool
	}{
		{name: "January 2028", month: calendar.Month{Year: 2028, Month: time.January}, want: true},
		{name: "the year 2028", month: calendar.Month{Year: 2028, Month: time.January}, year: true, want: true},
		{name: "October 2026", month: calendar.Month{Year: 2026, Month: time.October}},
		{name: "January 2028 with years: [2028]", month: calendar.Month{Year: 2028, Month: time.January}, calendar: "years: [2028]\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := memstore.New(loc)
			fill(t, st, reg, events)
			cal := calendar.New(loc)
			if err := cal.Apply(strings.NewReader(tt.calendar)); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: cal, Log: slog.New(slog.NewJSONHandler(&logs, nil))}
			if tt.year {
				_, err = svc.Year(context.Background(), tt.month.Year, now)
			} else {
				_, err = svc.Month(context.Background(), tt.month, now)
			}
			if err != nil {
				t.Fatal(err)
			}
			warns := testenv.WarnLines(t, &logs)
			if !tt.want {
				if len(warns) != 0 {
					t.Errorf("WARN lines for a known year: %v", warns)
				}
				return
			}
			if len(warns) != 1 {
				t.Fatalf("%d WARN lines, want 1:\n%s", len(warns), logs.String())
			}
			w, _ := warns[0]["warning"].(string)
			if !strings.Contains(w, "2028") || !strings.HasPrefix(w, "calendar: ") {
				t.Errorf("warning %q does not name 2028", w)
			}
			if p, _ := warns[0]["period"].(string); !strings.HasPrefix(p, "2028") {
				t.Errorf("period %q", p)
			}
		})
	}
	// Without a log nothing is written and nothing fails.
	st := memstore.New(loc)
	fill(t, st, reg, events)
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(loc)}
	if _, err := svc.Month(context.Background(), calendar.Month{Year: 2028, Month: time.January}, now); err != nil {
		t.Fatal(err)
	}
}

package compute_test

// The year computed from its months' stored results (SPEC §7 Annual: the
// mean of the monthly totals; at least 5 tickets with a callback in the
// year; SPEC §9 the tickets returned more than 3 times) is the year
// computed from every event, byte for byte; a month it cannot read is
// computed from its events; a final month is read as it was made final
// (SPEC §12.4).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// year generates n tickets a month over 2026, with the cases the annual
// rules turn on added (yearCases).
func year(t *testing.T, n int) (*unit.Registry, []event.Event) {
	t.Helper()
	reg, events := testenv.District(t, gen.Config{Seed: 16, Tickets: n, Month: calendar.Month{Year: 2026, Month: 12}, Months: 12, Location: shanghai(t)})
	return reg, append(events, yearCases(t, reg)...)
}

// yearCases: a ticket returned 5 times by two units from February to May,
// one return waived in July and another retracted in August; a unit's
// three tickets with callbacks in two months each; a callback in December
// 2025 and again in January 2026; events of a unit not in the registry.
func yearCases(t *testing.T, reg *unit.Registry) []event.Event {
	loc := shanghai(t)
	at := func(s string) time.Time {
		x, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	a, b := reg.At(0).ID, reg.At(reg.Len()-1).ID
	var out []event.Event
	add := func(e event.Event) { e.ID = fmt.Sprintf("case-%02d", len(out)); out = append(out, e) }
	for i, u := range []string{a, b, a, b, a} {
		r := at(fmt.Sprintf("2026-%02d-02 09:00", 2+i*3/4))
		add(event.Event{Type: event.Assigned, At: r.Add(time.Duration(i) * time.Hour), TicketID: "CASE-OV", UnitID: u, DueAt: r.AddDate(0, 0, 8), Channel: "hotline_12345"})
		add(event.Event{Type: event.Returned, At: r.AddDate(0, 0, 3).Add(time.Duration(i) * time.Hour), TicketID: "CASE-OV", UnitID: u, Reason: "不属于本单位职责"})
	}
	add(event.Event{Type: event.DeductionWaived, At: at("2026-07-01 09:00"), UnitID: a, Rule: string(score.RuleLateReturn), EventID: "case-01", Reason: "申诉成立"})
	add(event.Event{Type: event.Retracted, At: at("2026-08-01 09:00"), EventID: "case-03", Reason: "录入错误"})
	for k, months := range [][2]string{{"2026-02-10 10:00", "2026-03-10 10:00"}, {"2026-05-31 23:00", "2026-06-01 09:00"}, {"2025-12-20 10:00", "2026-01-05 10:00"}} {
		for _, m := range months {
			add(event.Event{Type: event.Callback, At: at(m), TicketID: fmt.Sprintf("CASE-CB%d", k), UnitID: b, Connected: true, Result: event.Satisfied, Process: event.Satisfied})
		}
	}
	add(event.Event{Type: event.Criticized, At: at("2026-04-12 09:00"), UnitID: "not-registered", Reason: "not_handled"})
	add(event.Event{Type: event.Criticized, At: at("2026-09-12 09:00"), UnitID: b, Reason: "not_handled"})
	for i := range out {
		if err := out[i].Validate(); err != nil {
			t.Fatalf("case %s: %v", out[i].ID, err)
		}
	}
	return out
}

// yearJSON is the year over every event as `hotline score --year` writes
// it, as of the end of the year (the as-of of a year computed after it).
func yearJSON(t *testing.T, reg *unit.Registry, events []event.Event, y int) string {
	t.Helper()
	end := calendar.Month{Year: y, Month: 12}.End(shanghai(t))
	var b bytes.Buffer
	if err := score.WriteJSON(&b, direct(t, reg, events, end, nil, y)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// fallbacks counts the months the service read from their events.
type fallbacks struct{ bytes.Buffer }

func (f *fallbacks) count() int {
	return strings.Count(f.String(), "the year reads a month from its events")
}

func service(t *testing.T, st store.Store, log *fallbacks) *compute.Service {
	t.Helper()
	svc, err := compute.New(st, policy.Builtin(), calendar.New(shanghai(t)))
	if err != nil {
		t.Fatal(err)
	}
	svc.Log = slog.New(slog.NewTextHandler(log, nil))
	return svc
}

// TestYearFromMonthsEqualsAllEvents: after the month end of every month,
// the year read from the twelve months' results equals the year over every
// event, byte for byte, on the memory and SQLite stores, without reading a
// month's events; with some months never computed, one computed under
// another policy and one computed before its end, those months are
// computed from their events and the year is still the same.
func TestYearFromMonthsEqualsAllEvents(t *testing.T) {
	reg, events := year(t, 300)
	want := yearJSON(t, reg, events, 2026)
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, shanghai(t))
	ctx := context.Background()
	stores := map[string]func(t *testing.T) store.Store{
		"memstore": func(t *testing.T) store.Store { return memstore.New(shanghai(t)) },
		"sqlite": func(t *testing.T) store.Store {
			s, err := sqlite.Open(t.TempDir(), shanghai(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	for name, open := range stores {
		t.Run(name+"/every month", func(t *testing.T) {
			st := open(t)
			fill(t, st, reg, events)
			var log fallbacks
			svc := service(t, st, &log)
			for m := (calendar.Month{Year: 2026, Month: 1}); m.Year == 2026; m = m.Next() {
				if _, err := svc.Month(ctx, m, now); err != nil {
					t.Fatalf("%s: %v", m, err)
				}
				if m.Month <= 6 {
					if _, err := st.Finalize(ctx, m.String()); err != nil {
						t.Fatal(err)
					}
				}
			}
			got, err := svc.Year(ctx, 2026, now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, string(got.Body)); diff != "" {
				t.Errorf("the year from its months (-all events +months):\n%s", diff)
			}
			if n := log.count(); n != 0 {
				t.Errorf("%d months read from their events, want none:\n%s", n, log.String())
			}
		})
	}
	t.Run("memstore/some months from events", func(t *testing.T) {
		st := memstore.New(shanghai(t))
		fill(t, st, reg, events)
		var log fallbacks
		svc := service(t, st, &log)
		other := policy.Builtin()
		other.Criticism.PerItem = policy.N("1")
		otherSvc, err := compute.New(st, other, calendar.New(shanghai(t)))
		if err != nil {
			t.Fatal(err)
		}
		for m := (calendar.Month{Year: 2026, Month: 1}); m.Year == 2026; m = m.Next() {
			var err error
			switch m.Month {
			case 3, 7: // never computed
			case 5: // another policy
				_, err = otherSvc.Month(ctx, m, now)
			case 9: // before its end: later deadlines of the month not yet passed
				_, err = svc.Month(ctx, m, m.Start(shanghai(t)).AddDate(0, 0, 20))
			default:
				_, err = svc.Month(ctx, m, now)
			}
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
		}
		got, err := svc.Year(ctx, 2026, now)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, string(got.Body)); diff != "" {
			t.Errorf("the year from its months and events (-all events +months):\n%s", diff)
		}
		if n := log.count(); n != 4 {
			t.Errorf("%d months read from their events, want 4 (March, May, July, September):\n%s", n, log.String())
		}
	})
}

// TestYearReadsFinalMonths: a month made final stands in the year as it
// was made final (SPEC §12.4), though an event added after it changes its
// latest version; the year's fingerprint names what it read, so the same
// months give the same version and another month version a new one.
func TestYearReadsFinalMonths(t *testing.T) {
	reg, events := year(t, 150)
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, shanghai(t))
	ctx := context.Background()
	st := memstore.New(shanghai(t))
	fill(t, st, reg, events)
	var log fallbacks
	svc := service(t, st, &log)
	for m := (calendar.Month{Year: 2026, Month: 1}); m.Year == 2026; m = m.Next() {
		if _, err := svc.Month(ctx, m, now); err != nil {
			t.Fatal(err)
		}
	}
	first, err := svc.Year(ctx, 2026, now)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := svc.Year(ctx, 2026, now.Add(time.Hour)); err != nil || again.Version != first.Version {
		t.Errorf("the year again on the same months: version %d (%v), want %d", again.Version, err, first.Version)
	}
	if _, err := st.Finalize(ctx, "2026-04"); err != nil {
		t.Fatal(err)
	}
	late := event.Event{ID: "late-notice", Type: event.Criticized, At: time.Date(2026, 4, 20, 9, 0, 0, 0, shanghai(t)), UnitID: reg.At(1).ID, Reason: "not_handled"}
	fill(t, st, reg, []event.Event{late})
	if _, err := svc.Month(ctx, calendar.Month{Year: 2026, Month: 4}, now); err != nil {
		t.Fatal(err)
	}
	kept, err := svc.Year(ctx, 2026, now)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Version != first.Version || !bytes.Equal(kept.Body, first.Body) {
		t.Errorf("a later version of a final month changed the year: version %d, want %d", kept.Version, first.Version)
	}
	// A month without a final version is read at its latest.
	if _, err := svc.Month(ctx, calendar.Month{Year: 2026, Month: 4}, now); err != nil {
		t.Fatal(err)
	}
	late.ID, late.At = "late-notice-2", late.At.AddDate(0, 1, 0)
	fill(t, st, reg, []event.Event{late})
	if _, err := svc.Month(ctx, calendar.Month{Year: 2026, Month: 5}, now); err != nil {
		t.Fatal(err)
	}
	moved, err := svc.Year(ctx, 2026, now)
	if err != nil {
		t.Fatal(err)
	}
	if moved.Version == first.Version || moved.Fingerprint == first.Fingerprint {
		t.Errorf("a new latest May kept the year's version %d", moved.Version)
	}
	withMay := append(append([]event.Event{}, events...), late)
	if diff := cmp.Diff(yearJSON(t, reg, withMay, 2026), string(moved.Body)); diff != "" {
		t.Errorf("the year with May's late notice (-all events +months):\n%s", diff)
	}
	if n := log.count(); n != 0 {
		t.Errorf("%d months read from their events, want none", n)
	}
}

// TestYearFromMonthsProperty: for generated districts of several seeds,
// whatever the month ends did — a month computed after its end or before
// it, under another policy, made final, or never computed — the year is
// the year over every event, byte for byte (SPEC §7 Annual).
func TestYearFromMonthsProperty(t *testing.T) {
	ctx := context.Background()
	loc := shanghai(t)
	other := policy.Builtin()
	other.Satisfaction.Mode = policy.Proportional
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			reg, events := testenv.District(t, gen.Config{Seed: seed, Tickets: 80, Month: calendar.Month{Year: 2026, Month: 12}, Months: 13, Location: loc})
			events = append(events, yearCases(t, reg)...)
			st := memstore.New(loc)
			fill(t, st, reg, events)
			var log fallbacks
			svc := service(t, st, &log)
			otherSvc, err := compute.New(st, other, calendar.New(loc))
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(seed, 16))
			now := time.Date(2027, 1, 5, 9, 0, 0, 0, loc)
			for m := (calendar.Month{Year: 2026, Month: 1}); m.Year == 2026; m = m.Next() {
				var err error
				switch k := r.IntN(10); {
				case k == 0: // never computed
				case k == 1:
					_, err = otherSvc.Month(ctx, m, now)
				case k == 2:
					_, err = svc.Month(ctx, m, m.Start(loc).Add(time.Duration(r.Int64N(int64(28*24*time.Hour)))))
				default:
					_, err = svc.Month(ctx, m, now)
				}
				if err != nil {
					t.Fatalf("%s: %v", m, err)
				}
				if r.IntN(2) == 0 {
					if _, err := st.Finalize(ctx, m.String()); err != nil && !errors.Is(err, store.ErrNotFound) {
						t.Fatal(err)
					}
				}
			}
			got, err := svc.Year(ctx, 2026, now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(yearJSON(t, reg, events, 2026), string(got.Body)); diff != "" {
				t.Errorf("the year from its months (-all events +months):\n%s", diff)
			}
			t.Logf("%d of 12 months from their events", log.count())
		})
	}
}

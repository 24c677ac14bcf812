package compute_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
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
	"github.com/shizhong/hotline/shared/unit"
)

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// district generates n tickets a month from August to December 2026.
func district(t *testing.T, n int) (*unit.Registry, []event.Event) {
	t.Helper()
	return testenv.District(t, gen.Config{Seed: 9, Tickets: n, Month: calendar.Month{Year: 2026, Month: 12}, Months: 5, Location: shanghai(t)})
}

func fill(t *testing.T, st store.Store, reg *unit.Registry, events []event.Event) {
	t.Helper()
	ctx := context.Background()
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(events); i += store.MaxBatch {
		if _, err := st.PutEvents(ctx, events[i:min(i+store.MaxBatch, len(events))]); err != nil {
			t.Fatal(err)
		}
	}
}

// direct scores a period over every event, as `hotline score` does.
func direct(t *testing.T, reg *unit.Registry, events []event.Event, now time.Time, month *calendar.Month, year int) *score.Result {
	t.Helper()
	l := score.NewLedger(reg)
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "all", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	e := score.New(l, policy.Builtin(), calendar.New(shanghai(t)), now)
	if month != nil {
		return e.Month(*month)
	}
	return e.Year(year)
}

func decode(t *testing.T, body []byte) *score.Result {
	t.Helper()
	var r score.Result
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	r.AsOf = time.Time{}
	return &r
}

// TestMonthFromStoreEqualsAllEvents: a month computed from the months the
// store reads for it equals the month computed from every event, for every
// month, escalations included; the year likewise.
func TestMonthFromStoreEqualsAllEvents(t *testing.T) {
	reg, events := district(t, 600)
	st := memstore.New(shanghai(t))
	fill(t, st, reg, events)
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(shanghai(t))}
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, shanghai(t))
	ctx := context.Background()
	for _, m := range []calendar.Month{{Year: 2026, Month: 9}, {Year: 2026, Month: 10}, {Year: 2026, Month: 11}, {Year: 2026, Month: 12}} {
		got, err := svc.Month(ctx, m, now)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		want := direct(t, reg, events, now, &m, 0)
		want.AsOf = time.Time{}
		wantJSON, _ := json.Marshal(want)
		gotJSON, _ := json.Marshal(decode(t, got.Body))
		if diff := cmp.Diff(string(wantJSON), string(gotJSON)); diff != "" {
			t.Errorf("%s from the store differs from all events (-all +store):\n%s", m, diff)
		}
	}
	got, err := svc.Year(ctx, 2026, now)
	if err != nil {
		t.Fatal(err)
	}
	want := direct(t, reg, events, now, nil, 2026)
	want.AsOf = time.Time{}
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(decode(t, got.Body))
	if diff := cmp.Diff(string(wantJSON), string(gotJSON)); diff != "" {
		t.Errorf("2026 from the store differs from all events (-all +store):\n%s", diff)
	}
}

// TestStaffingRuleFromSummaries: the staffing rule (四(一)) of a month reads
// the assignments of every month from January, which Service.Month reads in
// summary before m-2. With thresholds that make units busy in some months
// and not in others, every month still equals the month over all events.
func TestStaffingRuleFromSummaries(t *testing.T) {
	reg, events := district(t, 600)
	st := memstore.New(shanghai(t))
	fill(t, st, reg, events)
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, shanghai(t))
	ctx := context.Background()
	// Thresholds just below and at the averages of the units short of
	// staff, where leaving out August and September, or counting them
	// twice, would change the decision.
	short := map[string]bool{}
	for _, e := range events {
		if e.Type == event.OrgAssessed && e.HasStaffCount && e.StaffCount < policy.Builtin().Organization.MinStaff {
			short[e.UnitID] = true
		}
	}
	picked := []int{0}
	for _, m := range []int{10, 11, 12} {
		assigned := map[string]int{}
		for _, e := range events {
			if e.Type == event.Assigned && short[e.UnitID] && e.At.In(shanghai(t)).Month() <= time.Month(m) {
				assigned[e.UnitID]++
			}
		}
		for _, n := range assigned {
			picked = append(picked, (n-1)/m, (n+m-1)/m)
		}
	}
	slices.Sort(picked)
	picked = slices.Compact(picked)
	for _, threshold := range picked {
		pol := *policy.Builtin()
		pol.Organization.StaffingThreshold = threshold
		svc := &compute.Service{Store: st, Policy: &pol, Calendar: calendar.New(shanghai(t))}
		flagged := 0
		for _, m := range []calendar.Month{{Year: 2026, Month: 10}, {Year: 2026, Month: 11}, {Year: 2026, Month: 12}} {
			got, err := svc.Month(ctx, m, now)
			if err != nil {
				t.Fatalf("threshold %d, %s: %v", threshold, m, err)
			}
			l := score.NewLedger(reg)
			for i := range events {
				if _, err := l.Add(&events[i], score.Origin{File: "all", Line: i + 1}); err != nil {
					t.Fatal(err)
				}
			}
			want := score.New(l, &pol, calendar.New(shanghai(t)), now).Month(m)
			want.AsOf = time.Time{}
			for _, u := range want.Units {
				if slices.Contains(u.Flags, score.FlagStaffingShort) {
					flagged++
				}
			}
			wantJSON, _ := json.Marshal(want)
			gotJSON, _ := json.Marshal(decode(t, got.Body))
			if diff := cmp.Diff(string(wantJSON), string(gotJSON)); diff != "" {
				t.Errorf("threshold %d, %s from the store differs from all events (-all +store):\n%s", threshold, m, diff)
			}
		}
		t.Logf("threshold %d: %d unit-months short of staff", threshold, flagged)
	}
}

// TestVersions: the same input gives the same version; a late event a new
// one; the schedule does not recompute a final month.
func TestVersions(t *testing.T) {
	reg, events := district(t, 100)
	st := memstore.New(shanghai(t))
	fill(t, st, reg, events)
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(shanghai(t))}
	ctx := context.Background()
	oct := calendar.Month{Year: 2026, Month: 10}
	first, err := svc.Scheduled(ctx, time.Date(2026, 11, 1, 0, 5, 0, 0, shanghai(t)))
	if err != nil {
		t.Fatal(err)
	}
	again, err := svc.Month(ctx, oct, time.Date(2026, 11, 3, 12, 0, 0, 0, shanghai(t)))
	if err != nil {
		t.Fatal(err)
	}
	if first.Period != "2026-10" || first.Version != 1 || again.Version != 1 || first.Fingerprint != again.Fingerprint {
		t.Errorf("twice on the same input: %s v%d then v%d", first.Period, first.Version, again.Version)
	}
	late := event.Event{ID: "late-1", Type: event.Criticized, At: time.Date(2026, 10, 30, 9, 0, 0, 0, shanghai(t)), UnitID: reg.At(0).ID, Reason: "not_handled"}
	if _, err := st.PutEvents(ctx, []event.Event{late}); err != nil {
		t.Fatal(err)
	}
	second, err := svc.Month(ctx, oct, time.Date(2026, 11, 4, 0, 0, 0, 0, shanghai(t)))
	if err != nil || second.Version != 2 {
		t.Fatalf("after a late event: v%d, %v; want v2", second.Version, err)
	}
	if _, err := st.Finalize(ctx, "2026-10"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Scheduled(ctx, time.Date(2026, 11, 1, 0, 5, 0, 0, shanghai(t))); !errors.Is(err, compute.ErrFinal) {
		t.Errorf("the schedule on a final month: %v, want ErrFinal", err)
	}
}

// TestAliasesKeepTheVersion: aliases take no part in the assessment (issue
// 15), so a registry given aliases after a month was computed computes it
// again into the same version, of the same fingerprint; a name changed does
// make a new one.
func TestAliasesKeepTheVersion(t *testing.T) {
	reg, events := district(t, 100)
	st := memstore.New(shanghai(t))
	fill(t, st, reg, events)
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(shanghai(t))}
	ctx := context.Background()
	oct := calendar.Month{Year: 2026, Month: 10}
	now := time.Date(2026, 11, 3, 12, 0, 0, 0, shanghai(t))
	first, err := svc.Month(ctx, oct, now)
	if err != nil {
		t.Fatal(err)
	}
	units := reg.Units()
	units[0].Aliases = []string{units[0].Name + "（简称）", "别名" + units[0].ID}
	units[len(units)-1].Aliases = []string{"又名" + units[len(units)-1].ID}
	if err := st.PutUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	again, err := svc.Month(ctx, oct, now)
	if err != nil {
		t.Fatal(err)
	}
	if again.Version != first.Version || again.Fingerprint != first.Fingerprint {
		t.Errorf("after adding aliases: v%d %s, want v%d %s", again.Version, again.Fingerprint, first.Version, first.Fingerprint)
	}
	if string(again.Body) != string(first.Body) {
		t.Errorf("after adding aliases the body changed")
	}
	units[0].Name += "（新）"
	if err := st.PutUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	renamed, err := svc.Month(ctx, oct, now)
	if err != nil || renamed.Version != first.Version+1 {
		t.Errorf("after a unit was renamed: v%d, %v; want v%d", renamed.Version, err, first.Version+1)
	}
}

func TestNewRefusesAnotherZone(t *testing.T) {
	// §4: months and working days are cut in the policy's zone; a calendar
	// in another zone would cut them twice.
	if _, err := compute.New(memstore.New(time.UTC), policy.Builtin(), calendar.New(time.UTC)); err == nil || !strings.Contains(err.Error(), "time zone") {
		t.Errorf("a policy in Asia/Shanghai over a calendar in UTC: %v", err)
	}
	loc, err := policy.Builtin().Location()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compute.New(memstore.New(loc), policy.Builtin(), calendar.New(loc)); err != nil {
		t.Errorf("the built-in policy and calendar: %v", err)
	}
}

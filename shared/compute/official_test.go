package compute_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// TestEscalationFromFinalVersions: SPEC §12.4. September is computed and
// made final; then late criticisms of September (六(二)) sink every unit
// that was not bottom, so by the events September's bottom units change.
// October's escalation still counts September by its final version: it
// equals October scored over all events with September's official record,
// and differs from October counted from the events alone.
func TestEscalationFromFinalVersions(t *testing.T) {
	reg, events := district(t, 600)
	st := memstore.New(shanghai(t))
	fill(t, st, reg, events)
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: calendar.New(shanghai(t))}
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, shanghai(t))
	sep := calendar.Month{Year: 2026, Month: time.September}
	oct := calendar.Month{Year: 2026, Month: time.October}

	first, err := svc.Month(ctx, sep, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Finalize(ctx, sep.String()); err != nil {
		t.Fatal(err)
	}
	record := score.Official{sep: {}}
	for _, u := range decode(t, first.Body).Units {
		if u.Bottom {
			record[sep][u.UnitID] = true
		}
	}
	if len(record[sep]) == 0 {
		t.Fatal("the fixture has no bottom unit in September")
	}
	var late []event.Event
	for i := range reg.Len() {
		id := reg.At(i).ID
		if record[sep][id] {
			continue
		}
		for k := range 30 {
			e, err := event.Decode(fmt.Appendf(nil, `{"id":"late-%s-%d","type":"criticized","at":"2026-09-25T10:00:00+08:00","unit_id":%q,"reason":"not_handled"}`, id, k, id))
			if err != nil {
				t.Fatal(err)
			}
			late = append(late, e)
		}
	}
	if _, err := st.PutEvents(ctx, late); err != nil {
		t.Fatal(err)
	}
	all := append(append([]event.Event(nil), events...), late...)

	got, err := svc.Month(ctx, oct, now)
	if err != nil {
		t.Fatal(err)
	}
	l := score.NewLedger(reg)
	for i := range all {
		if _, err := l.Add(&all[i], score.Origin{File: "all", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	official := score.New(l, policy.Builtin(), calendar.New(shanghai(t)), now).WithOfficial(record).Month(oct)
	byEvents := direct(t, reg, all, now, &oct, 0)
	official.AsOf, byEvents.AsOf = time.Time{}, time.Time{}
	gotJSON, _ := json.Marshal(decode(t, got.Body))
	wantJSON, _ := json.Marshal(official)
	if diff := cmp.Diff(string(wantJSON), string(gotJSON)); diff != "" {
		t.Errorf("October from the store differs from October with September's official record (-want +got):\n%s", diff)
	}
	eventsJSON, _ := json.Marshal(byEvents)
	if string(eventsJSON) == string(gotJSON) {
		t.Errorf("October counts as if September had no final version: the fixture does not tell them apart, or the record was not read")
	}
}

// recorder is a store that notes which months it is asked to read whole
// and in summary.
type recorder struct {
	store.Store
	mu             sync.Mutex
	whole, summary []string
}

func (r *recorder) MonthEvents(ctx context.Context, m calendar.Month, fn func([]event.Event) error) error {
	r.mu.Lock()
	r.whole = append(r.whole, m.String())
	r.mu.Unlock()
	return r.Store.MonthEvents(ctx, m, fn)
}

func (r *recorder) MonthAssignments(ctx context.Context, m calendar.Month, fn func([]event.Brief) error) error {
	r.mu.Lock()
	r.summary = append(r.summary, m.String())
	r.mu.Unlock()
	return r.Store.MonthAssignments(ctx, m, fn)
}

// TestFinalMonthsAreNotReadWhole: SPEC §12.4 and score.Window. With
// September and October final, November reads only November whole (and
// January to October in summary, for the staffing rule, 四(一)); with
// October final and November not, December reads November and December
// whole. Each equals its month over all events with the same official
// record (七 counts the final months by their versions).
func TestFinalMonthsAreNotReadWhole(t *testing.T) {
	reg, events := district(t, 600)
	st := memstore.New(shanghai(t))
	fill(t, st, reg, events)
	rec := &recorder{Store: st}
	svc := &compute.Service{Store: rec, Policy: policy.Builtin(), Calendar: calendar.New(shanghai(t))}
	ctx := context.Background()
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, shanghai(t))
	month := func(n time.Month) calendar.Month { return calendar.Month{Year: 2026, Month: n} }
	record := score.Official{}
	for _, m := range []calendar.Month{month(9), month(10)} {
		r, err := svc.Month(ctx, m, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Finalize(ctx, m.String()); err != nil {
			t.Fatal(err)
		}
		record[m] = map[string]bool{}
		for _, u := range decode(t, r.Body).Units {
			if u.Bottom {
				record[m][u.UnitID] = true
			}
		}
	}
	l := score.NewLedger(reg)
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "all", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	span := func(from, to time.Month) []string {
		var out []string
		for m := from; m <= to; m++ {
			out = append(out, month(m).String())
		}
		return out
	}
	for _, tt := range []struct {
		m              calendar.Month
		whole, summary []string
	}{
		{month(11), span(11, 11), span(1, 10)},
		{month(12), span(11, 12), span(1, 10)},
	} {
		rec.whole, rec.summary = nil, nil
		got, err := svc.Month(ctx, tt.m, now)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(rec.whole)
		slices.Sort(rec.summary)
		if diff := cmp.Diff(tt.whole, rec.whole); diff != "" {
			t.Errorf("%s: months read whole (-want +got):\n%s", tt.m, diff)
		}
		if diff := cmp.Diff(tt.summary, rec.summary); diff != "" {
			t.Errorf("%s: months read in summary (-want +got):\n%s", tt.m, diff)
		}
		want := score.New(l, policy.Builtin(), calendar.New(shanghai(t)), now).WithOfficial(record).Month(tt.m)
		want.AsOf = time.Time{}
		wantJSON, _ := json.Marshal(want)
		gotJSON, _ := json.Marshal(decode(t, got.Body))
		if diff := cmp.Diff(string(wantJSON), string(gotJSON)); diff != "" {
			t.Errorf("%s from the store differs from all events with the official record (-want +got):\n%s", tt.m, diff)
		}
	}
}

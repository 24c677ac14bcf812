package score_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// fuzzUnits are the units of the sample events (events/hotline), in both
// groups; any other unit id is not in the registry.
var fuzzUnits = []unit.Unit{
	town("wenhualu"), town("guangminglu"), town("xishan"),
	dept("zhujianju"), dept("jiaotiju"),
}

// FuzzScore: the engine over any set of valid events (JSON Lines; invalid
// lines are skipped), corrections included (SPEC §5 v1.1). For any input it
// never panics, and:
//   - the month of the first event and its year give the same result for
//     the events in reverse order (§5: order never matters), and a
//     conflicting duplicate id is an error in both orders;
//   - each item's count is the number of its deductions not waived;
//   - every per-event deduction names an event of the input of the type
//     that causes it (§8 v1.1), and every waived one a deduction_waived of
//     the input naming its unit, rule and event.
func FuzzScore(f *testing.F) {
	var all bytes.Buffer
	paths, err := filepath.Glob("../../events/hotline/*.json")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no sample events: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		all.Write(bytes.TrimSpace(data))
		all.WriteByte('\n')
	}
	f.Add(all.Bytes())
	for _, s := range []string{
		// a refused return, a waiver of the overdue it leaves, a retraction of the waiver
		`{"id":"a1","type":"assigned","at":"2026-10-14T10:00:00+08:00","ticket_id":"T1","unit_id":"wenhualu","due_at":"2026-10-16T17:00:00+08:00","channel":"hotline_12345"}
{"id":"r1","type":"returned","at":"2026-10-15T16:00:00+08:00","ticket_id":"T1","unit_id":"wenhualu"}
{"id":"j1","type":"return_rejected","at":"2026-10-16T18:00:00+08:00","ticket_id":"T1","unit_id":"wenhualu"}
{"id":"w1","type":"deduction_waived","at":"2026-10-20T09:00:00+08:00","unit_id":"wenhualu","rule":"overdue","event_id":"a1","reason":"申诉成立"}
{"id":"w2","type":"deduction_waived","at":"2026-10-20T09:00:00+08:00","unit_id":"wenhualu","rule":"late_return","event_id":"r1","reason":"申诉成立","appeal_id":"ap1"}
{"id":"x1","type":"retracted","at":"2026-10-21T09:00:00+08:00","event_id":"w1","reason":"误核销"}
{"id":"c1","type":"callback","at":"2026-10-22T09:00:00+08:00","ticket_id":"T1","unit_id":"wenhualu","connected":true,"result":"satisfied","process":"satisfied"}`,
		// retractions of retractions, of themselves, of unknown ids, at one instant
		`{"id":"x1","type":"retracted","at":"2026-10-21T09:00:00+08:00","event_id":"x2","reason":"r"}
{"id":"x2","type":"retracted","at":"2026-10-21T09:00:00+08:00","event_id":"x1","reason":"r"}
{"id":"x3","type":"retracted","at":"2026-10-21T09:00:00+08:00","event_id":"x3","reason":"r"}
{"id":"x4","type":"retracted","at":"2026-10-21T09:00:00+08:00","event_id":"nothing","reason":"r"}
{"id":"k1","type":"criticized","at":"2026-10-21T09:00:00+08:00","unit_id":"xishan","reason":"not_handled"}
{"id":"x5","type":"retracted","at":"2026-10-21T09:00:00+08:00","event_id":"k1","reason":"r"}
{"id":"w1","type":"deduction_waived","at":"2026-10-21T09:00:00+08:00","unit_id":"xishan","rule":"criticized","event_id":"k1","reason":"w"}`,
		// a moved overdue waived on the unit that carries it, and one on the wrong unit
		`{"id":"a1","type":"assigned","at":"2026-10-09T10:00:00+08:00","ticket_id":"T1","unit_id":"zhujianju","due_at":"2026-10-12T10:00:00+08:00","channel":"other"}
{"id":"m1","type":"overdue_reassigned","at":"2026-10-13T10:00:00+08:00","ticket_id":"T1","unit_id":"zhujianju","to_unit_id":"jiaotiju","appeal_id":"ap9"}
{"id":"w1","type":"deduction_waived","at":"2026-10-14T09:00:00+08:00","unit_id":"jiaotiju","rule":"overdue","event_id":"a1","reason":"w"}
{"id":"w2","type":"deduction_waived","at":"2026-10-14T09:00:00+08:00","unit_id":"zhujianju","rule":"overdue","event_id":"a1","reason":"w"}
{"id":"c1","type":"callback","at":"2026-10-22T09:00:00+08:00","ticket_id":"T1","unit_id":"jiaotiju","connected":false,"recorded_by":"centre.li"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var events []event.Event
		for _, line := range bytes.Split(data, []byte{'\n'}) {
			if e, err := event.Decode(bytes.TrimSpace(line)); err == nil && len(events) < 300 {
				events = append(events, e)
			}
		}
		if len(events) == 0 {
			return
		}
		m := calendar.MonthOf(events[0].At, shanghai)
		now := ts("2026-12-05 12:00")
		forward, errF := fuzzResults(t, events, m, now)
		rev := slices.Clone(events)
		slices.Reverse(rev)
		backward, errB := fuzzResults(t, rev, m, now)
		var ce *score.ConflictError
		if errF != nil || errB != nil {
			if !errors.As(errF, &ce) || !errors.As(errB, &ce) {
				t.Fatalf("errors %v and %v, want a conflict in both orders or none", errF, errB)
			}
			return
		}
		if diff := cmp.Diff(forward[0], backward[0]); diff != "" {
			t.Fatalf("the reverse order changes the result (-forward +reverse):\n%s", diff)
		}
		if diff := cmp.Diff(forward[1], backward[1]); diff != "" {
			t.Fatalf("the reverse order changes the annual result (-forward +reverse):\n%s", diff)
		}
		var res score.Result
		if err := json.Unmarshal([]byte(forward[0]), &res); err != nil {
			t.Fatal(err)
		}
		waivers := map[[3]string]bool{}
		for _, e := range events {
			if e.Type == event.DeductionWaived {
				waivers[[3]string{e.UnitID, e.Rule, e.EventID}] = true
			}
		}
		for i := range res.Units {
			u := &res.Units[i]
			checkDeductionEvents(t, u, events)
			counted := map[score.Rule]int{}
			for _, d := range u.Deductions {
				if !d.Waived {
					counted[d.Rule]++
				} else if !waivers[[3]string{u.UnitID, string(d.Rule), d.EventID}] {
					t.Errorf("%s: %s deduction of %q waived without a waiver naming it", u.UnitID, d.Rule, d.EventID)
				}
			}
			got := countsOf(t, u.Counts)
			for rule, key := range countOfRule {
				if got[key] != counted[rule] {
					t.Errorf("%s count %s = %d, %d deductions not waived", u.UnitID, key, got[key], counted[rule])
				}
			}
		}
	})
}

// fuzzResults scores month m and its year of the events, in their order,
// as JSON.
func fuzzResults(t *testing.T, events []event.Event, m calendar.Month, now time.Time) ([2]string, error) {
	t.Helper()
	l := score.NewLedger(registry(t, fuzzUnits))
	for i := range events {
		if _, err := l.Add(&events[i], score.Origin{File: "fuzz", Line: i + 1}); err != nil {
			return [2]string{}, err
		}
	}
	eng := score.New(l, policy.Builtin(), calendar.New(shanghai), now)
	var out [2]string
	for i, res := range []*score.Result{eng.Month(m), eng.Year(m.Year)} {
		var b bytes.Buffer
		if err := score.WriteJSON(&b, res); err != nil {
			t.Fatal(err)
		}
		out[i] = b.String()
	}
	return out, nil
}

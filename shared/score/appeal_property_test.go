package score_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/score"
)

// TestPropertyGrantedWaiver: SPEC §12.3, granting an appeal records a
// deduction_waived of the deduction it names, and that changes exactly that
// deduction: over random months, the deductions of (event_id, rule) of the
// unit become waived with the appeal's id, every other deduction of every
// unit stays as it was, no other unit's scores, counts or total move, and
// the unit's total rises by at most the points waived (an item at its floor
// of 0 may not move at all, 四(二)).
func TestPropertyGrantedWaiver(t *testing.T) {
	tried := 0
	for seed := uint64(1); seed <= 24; seed++ {
		events := randomEvents(seed, 300, ids(threeUnits))
		before := monthOf(t, events, oct2026, withUnits(threeUnits...), withNow("2026-12-05 12:00"))
		type pick struct{ unit, eventID, rule string }
		var picks []pick
		for _, u := range before.Units {
			for _, d := range u.Deductions {
				if d.EventID != "" && !d.Waived {
					picks = append(picks, pick{u.UnitID, d.EventID, string(d.Rule)})
				}
			}
		}
		if len(picks) == 0 {
			continue
		}
		p := picks[rand.New(rand.NewPCG(seed, 12)).IntN(len(picks))]
		waiver := event.Event{ID: "grant-of-appeal", Type: event.DeductionWaived, At: ts("2026-11-03 10:00"), UnitID: p.unit,
			Rule: p.rule, EventID: p.eventID, Reason: "申诉成立", AppealID: "ap-2026-10-0123456789abcdef", RecordedBy: "centre.li"}
		after := monthOf(t, append(events, waiver), oct2026, withUnits(threeUnits...), withNow("2026-12-05 12:00"))
		tried++
		was := byUnit(before)
		for _, u := range after.Units {
			b := was[u.UnitID]
			if u.UnitID != p.unit {
				if js(t, u.Scores) != js(t, b.Scores) || js(t, u.Counts) != js(t, b.Counts) || js(t, u.Total) != js(t, b.Total) || js(t, u.Deductions) != js(t, b.Deductions) {
					t.Errorf("seed %d: waiving %v changed unit %s", seed, p, u.UnitID)
				}
				continue
			}
			if len(u.Deductions) != len(b.Deductions) {
				t.Fatalf("seed %d: %d deductions after the waiver, %d before", seed, len(u.Deductions), len(b.Deductions))
			}
			var waived decimal.Decimal
			for i, d := range u.Deductions {
				old := b.Deductions[i]
				if d.EventID == p.eventID && string(d.Rule) == p.rule {
					if !d.Waived || d.AppealID != waiver.AppealID || d.WaiverID != waiver.ID {
						t.Errorf("seed %d: the deduction %v is not waived by the appeal: %+v", seed, p, d)
					}
					waived = waived.Add(d.Points.Decimal)
					d.Waived, d.WaiverReason, d.WaiverID, d.AppealID = old.Waived, old.WaiverReason, old.WaiverID, old.AppealID
				}
				if js(t, d) != js(t, old) {
					t.Errorf("seed %d: waiving %v changed another deduction: %+v → %+v", seed, p, old, d)
				}
			}
			if u.Total != nil && b.Total != nil {
				rise := u.Total.Decimal.Sub(b.Total.Decimal)
				if rise.IsNegative() || rise.GreaterThan(waived) {
					t.Errorf("seed %d: waiving %v (%s points) moved the total by %s", seed, p, waived, rise)
				}
			}
		}
	}
	if tried < 20 {
		t.Errorf("only %d seeds had a deduction to waive", tried)
	}
}

func byUnit(r *score.Result) map[string]score.UnitResult {
	out := map[string]score.UnitResult{}
	for _, u := range r.Units {
		out[u.UnitID] = u
	}
	return out
}

func js(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

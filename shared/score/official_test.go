package score_test

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/score"
)

// TestClause12_4_EscalationFromTheOfficialRecord: SPEC §12.4 ("escalation
// counts an earlier month by the bottom flag of its final version (the
// notice that was really issued), and by its events only while it has
// none"). Six towns, the same standing in August, September and October:
// t4, t5, t6 bottom each month by the events.
func TestClause12_4_EscalationFromTheOfficialRecord(t *testing.T) {
	aug := month(2026, time.August)
	sep := month(2026, time.September)
	oct := month(2026, time.October)
	pattern := map[string]int{"t1": 0, "t2": 1, "t3": 2, "t4": 3, "t5": 4, "t6": 5}
	events := evs(standing(aug, pattern), standing(sep, pattern), standing(oct, pattern))
	cases := []struct {
		name     string
		official score.Official
		runs     map[string]int // unit -> October's run
	}{
		{"no final month: by the events", nil, map[string]int{"t4": 3, "t5": 3, "t6": 3}},
		{"September final with t4 not bottom (an appeal granted): t4's run starts again in October",
			score.Official{sep: {"t5": true, "t6": true}}, map[string]int{"t4": 1, "t5": 3, "t6": 3}},
		{"August and September final as the events say: the same runs",
			score.Official{aug: {"t4": true, "t5": true, "t6": true}, sep: {"t4": true, "t5": true, "t6": true}},
			map[string]int{"t4": 3, "t5": 3, "t6": 3}},
		{"September final, August not: August by its events",
			score.Official{sep: {"t6": true}}, map[string]int{"t4": 1, "t5": 1, "t6": 3}},
		{"a final July before the events: it counts too",
			score.Official{month(2026, time.July): {"t6": true}},
			map[string]int{"t4": 3, "t5": 3, "t6": 3}},
		{"October's own final flag is not read: the month scored is judged by its events",
			score.Official{oct: {}}, map[string]int{"t4": 3, "t5": 3, "t6": 3}},
	}
	for _, c := range cases {
		t.Run("§12.4 "+c.name, func(t *testing.T) {
			res := engine(t, events, withUnits(towns(6)...)).WithOfficial(c.official).Month(oct)
			for _, u := range towns(6) {
				ur := unitOf(t, res, u.ID)
				if want := c.runs[u.ID]; ur.BottomRun != want {
					t.Errorf("%s: October's run %d, want %d", u.ID, ur.BottomRun, want)
				}
			}
		})
	}
	// July official with t6 bottom and the events of August..October: the
	// run of t6 is capped at score.MaxBottomRun all the same.
	res := engine(t, events, withUnits(towns(6)...)).WithOfficial(score.Official{month(2026, time.July): {"t6": true}}).Month(oct)
	if ur := unitOf(t, res, "t6"); ur.Escalation == nil || *ur.Escalation != score.InterviewPrincipal {
		t.Errorf("t6 in October: escalation %v, want interview_principal", ur.Escalation)
	}
}

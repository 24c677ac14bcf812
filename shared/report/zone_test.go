package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/score"
)

func TestZoneLabel(t *testing.T) {
	tests := []struct {
		at   string
		want string
	}{
		{"2026-11-05T09:30:00+08:00", "北京时间"},
		{"2026-11-05T10:30:00+09:00", "UTC+09:00"},
		{"2026-11-05T01:30:00Z", "UTC+00:00"},
		{"2026-11-04T20:00:00-05:30", "UTC-05:30"},
	}
	for _, tt := range tests {
		if got := zoneLabel(at(tt.at)); got != tt.want {
			t.Errorf("zoneLabel(%s) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

// TestTimesInThePolicyZone: the times of a result are shown in the zone
// of its as-of time, the policy zone the engine gives it (SPEC §4: months
// and working days are of the policy's time zone), not in a zone the
// writers assume.
func TestTimesInThePolicyZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	r := monthly()
	r.AsOf = r.AsOf.In(tokyo) // 2026-11-05 10:30 in Tokyo

	var b bytes.Buffer
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "截至 2026-11-05 10:30") {
		t.Errorf("table title %q: want 截至 2026-11-05 10:30", strings.SplitN(b.String(), "\n", 2)[0])
	}

	f := readXLSX(t, writeXLSX(t, r))
	if got, _ := f.GetCellValue("说明", "B6"); got != "2026-11-05 10:30（UTC+09:00）" {
		t.Errorf("说明 计算截至 = %q, want 2026-11-05 10:30（UTC+09:00）", got)
	}
	if got, _ := f.GetCellValue("镇街", "A1"); !strings.Contains(got, "截至 2026-11-05 10:30（UTC+09:00）") {
		t.Errorf("镇街 title %q", got)
	}
	// The first deduction, at 2026-10-20T08:00:00Z.
	if got, _ := f.GetCellValue("扣分明细", "F3"); got != "2026-10-20 17:00" {
		t.Errorf("扣分明细!F3 = %q, want 2026-10-20 17:00", got)
	}

	// A result read back from its JSON, as the publisher and `hotline
	// compute` have it, keeps the zone as the offset of as_of: on a machine
	// in any zone, its times are those of the policy zone.
	b.Reset()
	if err := WriteJSON(&b, monthly()); err != nil {
		t.Fatal(err)
	}
	var back score.Result
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	f = readXLSX(t, writeXLSX(t, &back))
	if got, _ := f.GetCellValue("扣分明细", "F3"); got != "2026-10-20 16:00" {
		t.Errorf("read back: 扣分明细!F3 = %q, want 2026-10-20 16:00", got)
	}
	if got, _ := f.GetCellValue("说明", "B6"); got != "2026-11-05 09:30（北京时间）" {
		t.Errorf("read back: 说明 计算截至 = %q", got)
	}
}

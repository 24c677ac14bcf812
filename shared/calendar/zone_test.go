package calendar_test

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// TestDefaultLocation: the default zone is Asia/Shanghai (SPEC §4), loaded
// from the zone data (this package's tests embed time/tzdata), at UTC+8.
func TestDefaultLocation(t *testing.T) {
	if calendar.DefaultZone != "Asia/Shanghai" {
		t.Errorf("DefaultZone = %q, want Asia/Shanghai", calendar.DefaultZone)
	}
	loc := calendar.DefaultLocation()
	if got := loc.String(); got != calendar.DefaultZone {
		t.Errorf("DefaultLocation() = %q, want %q", got, calendar.DefaultZone)
	}
	if _, offset := time.Date(2026, 10, 9, 10, 15, 0, 0, loc).Zone(); offset != 8*3600 {
		t.Errorf("offset %d s, want UTC+8", offset)
	}
}

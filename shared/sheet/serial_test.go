package sheet_test

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/sheet"
)

// TestSerial: Excel's serial dates (days since 1899-12-30, the fraction
// the time of day) of wall times, and back to the second.
func TestSerial(t *testing.T) {
	loc := calendar.DefaultLocation()
	for _, c := range []struct {
		at   time.Time
		want float64
	}{
		{time.Date(1899, 12, 30, 0, 0, 0, 0, loc), 0},
		{time.Date(1900, 3, 1, 12, 0, 0, 0, loc), 61.5},
		{time.Date(2026, 10, 9, 18, 0, 0, 0, loc), 46304.75},
	} {
		if got := sheet.Serial(c.at, loc); got != c.want {
			t.Errorf("Serial(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	for s := int64(0); s < 86400*3; s += 7 {
		at := time.Date(2026, 12, 31, 0, 0, 0, 0, loc).Add(time.Duration(s) * time.Second)
		if got := sheet.FromSerial(sheet.Serial(at, loc), loc); !got.Equal(at) {
			t.Fatalf("%v came back as %v", at, got)
		}
	}
}

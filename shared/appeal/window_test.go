package appeal

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// TestCloses checks SPEC §12.2: the window closes at 24:00 of the n-th
// working day after the day of the first provisional publication, by the
// State Council calendar.
func TestCloses(t *testing.T) {
	loc := calendar.DefaultLocation()
	cal := calendar.New(loc)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name      string
		published string
		days      int
		want      string
	}{
		// §12.2's own example: published Sunday 2026-11-01, open until the
		// end of Wednesday 2026-11-04.
		{"the SPEC example", "2026-11-01 00:05", 3, "2026-11-05 00:00"},
		{"late on the day counts the same day", "2026-11-01 23:59", 3, "2026-11-05 00:00"},
		{"the default of 0", "2026-11-01 00:05", 0, "2026-11-05 00:00"},
		// Published Wednesday 2026-09-30: 1-7 October are the National Day
		// holiday; Thursday 8 and Friday 9 are working days, and so is the
		// make-up Saturday 10 October, the third.
		{"across National Day, the make-up Saturday counted", "2026-09-30 10:00", 3, "2026-10-11 00:00"},
		{"one day across National Day", "2026-09-30 10:00", 1, "2026-10-09 00:00"},
		// Published on a Friday: the weekend does not count.
		{"over a weekend", "2026-11-06 09:00", 3, "2026-11-12 00:00"},
		{"five days", "2026-11-01 00:05", 5, "2026-11-07 00:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Closes(at(c.published), c.days, cal)
			if want := at(c.want); !got.Equal(want) {
				t.Errorf("Closes(%s, %d) = %s, want %s", c.published, c.days, got.In(loc).Format("2006-01-02 15:04"), c.want)
			}
		})
	}
	if !cal.IsWorkday(calendar.Date{Year: 2026, Month: time.October, Day: 10}) {
		t.Error("2026-10-10, the make-up Saturday of National Day, is not a working day in the calendar")
	}
}

// TestClosesInZone: the publication is read in the calendar's zone, so an
// instant late in the UTC day that is already the next day in Shanghai
// counts from that next day.
func TestClosesInZone(t *testing.T) {
	cal := calendar.New(calendar.DefaultLocation())
	published := time.Date(2026, 10, 31, 16, 5, 0, 0, time.UTC) // 2026-11-01 00:05 in Shanghai
	want := time.Date(2026, 11, 4, 16, 0, 0, 0, time.UTC)       // 2026-11-05 00:00 in Shanghai
	if got := Closes(published, 3, cal); !got.Equal(want) {
		t.Errorf("Closes = %s, want %s", got.UTC(), want)
	}
}

package appeal

import (
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// DefaultWindowDays is appeals.window_working_days when the policy does
// not set it (SPEC §12.2).
const DefaultWindowDays = 3

// Closes is when the appeal window of a month closes: 24:00 local time
// (the start of the next day) of the days-th working day after the day of
// published, the first provisional publication of the month, by the
// calendar cal, in its zone. Published on Sunday 2026-11-01 with 3 days:
// the end of Wednesday 2026-11-04. Days of 0 or less is
// DefaultWindowDays.
func Closes(published time.Time, days int, cal *calendar.Calendar) time.Time {
	if days <= 0 {
		days = DefaultWindowDays
	}
	loc := cal.Location()
	d := calendar.DateOf(published.In(loc))
	for n := 0; n < days; {
		d = d.Next()
		if cal.IsWorkday(d) {
			n++
		}
	}
	return d.Next().Start(loc)
}

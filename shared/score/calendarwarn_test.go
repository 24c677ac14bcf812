package score_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/score"
)

// yearsWarned are the four-digit years the calendar warnings of ws name, in
// their order, each checked for the pinned text.
func yearsWarned(t *testing.T, ws []string) []string {
	t.Helper()
	year := regexp.MustCompile(`^calendar: (\d{4}) is not a year the calendar knows: working days counted Monday–Friday \((\d{4})年节假日安排未知，按周一至周五计算工作日\)$`)
	var out []string
	for _, w := range score.CalendarWarnings(ws) {
		m := year.FindStringSubmatch(w)
		if m == nil || m[1] != m[2] {
			t.Errorf("calendar warning %q is not in the pinned form", w)
			continue
		}
		out = append(out, m[1])
	}
	return out
}

// TestSection4_UnknownYears (SPEC §4 v1.1): when the period's year, or a
// year on which its scoring reckons working time, is not known, that year
// counts as plain Monday–Friday and the result carries a warning naming the
// year. Working time is reckoned by the late-return rule (§5 late_returns):
// a return in the month against the working time since its assignment's r.
func TestSection4_UnknownYears(t *testing.T) {
	declare2028 := "years: [2028]\nholidays: [2028-01-26, 2028-01-27]\n"
	tests := []struct {
		name     string
		events   []event.Event
		month    calendar.Month // or year
		year     int
		calendar string // a calendar file, or none
		want     []string
		late     int // late returns of unit a in the month
	}{
		{
			name:   "§4 a month of 2028, a year the built-in data does not carry: warning naming 2028",
			events: evs(present("a", "2028-03-10 09:00")),
			month:  month(2028, time.March),
			want:   []string{"2028"},
		},
		{
			name:  "§4 a month of 2028 without any event is still warned",
			month: month(2028, time.October),
			want:  []string{"2028"},
		},
		{
			// Wednesday 2028-01-26 10:00 → Thursday 2028-01-27 10:01 is 24 h 1 min
			// Monday–Friday: late, Spring Festival or not (the eve is 2028-01-25).
			name: "§4 in 2028 working days are Monday–Friday: a return the next day is late",
			events: evs(present("a", "2028-01-10 09:00"),
				assigned("as1", "T1", "a", "2028-01-26 10:00", "2028-02-20 18:00"),
				returned("rt1", "T1", "a", "2028-01-27 10:01")),
			month: month(2028, time.January),
			want:  []string{"2028"},
			late:  1,
		},
		{
			name: "§4 years: [2028] in the calendar file: 2028 is known, no warning, the file's days off count",
			events: evs(present("a", "2028-01-10 09:00"),
				assigned("as1", "T1", "a", "2028-01-26 10:00", "2028-02-20 18:00"),
				returned("rt1", "T1", "a", "2028-01-27 10:01")),
			month:    month(2028, time.January),
			calendar: declare2028,
		},
		{
			name: "§4 years: [2028]: a January 2028 return reckoned from December 2027, both known",
			events: evs(assigned("as1", "T1", "a", "2027-12-31 10:00", "2028-01-20 18:00"),
				returned("rt1", "T1", "a", "2028-01-03 09:00")),
			month:    month(2028, time.January),
			calendar: declare2028,
		},
		{
			// Thursday 2026-12-31 10:00; 2027-01-01 is New Year's Day, 02–03
			// the weekend: Monday 2027-01-04 09:00 is 14 + 9 = 23 working hours.
			name: "§4 a January 2027 month whose late returns reckon from December 2026: both known, no warning",
			events: evs(present("a", "2027-01-10 09:00"),
				assigned("as1", "T1", "a", "2026-12-31 10:00", "2027-01-20 18:00"),
				returned("rt1", "T1", "a", "2027-01-04 09:00")),
			month: month(2027, time.January),
		},
		{
			// lunar-go's data of 2001 is only the make-up days of the New Year
			// of 2002: 2001 is not known, 2002 is.
			name: "§4 a month of a known year (January 2002) whose return reckons from an unknown one (2001): warning naming 2001",
			events: evs(present("a", "2002-01-10 09:00"),
				assigned("as1", "T1", "a", "2001-12-31 10:00", "2002-01-20 18:00"),
				returned("rt1", "T1", "a", "2002-01-04 09:00")),
			month: month(2002, time.January),
			want:  []string{"2001"},
		},
		{
			name: "§4 the same month without that return: no warning",
			events: evs(present("a", "2002-01-10 09:00"),
				assigned("as1", "T1", "a", "2002-01-04 10:00", "2002-01-20 18:00"),
				returned("rt1", "T1", "a", "2002-01-07 09:00")),
			month: month(2002, time.January),
		},
		{
			name: "§4 a return without an assignment is not judged, so reckons nothing",
			events: evs(present("a", "2002-01-10 09:00"),
				returned("rt1", "T1", "a", "2002-01-04 09:00")),
			month: month(2002, time.January),
		},
		{
			name: "§4 a month of 2029 reckoning from 2027: 2028 and 2029 warned, in order, 2027 not",
			events: evs(assigned("as1", "T1", "a", "2027-12-30 10:00", "2029-02-20 18:00"),
				returned("rt1", "T1", "a", "2029-01-04 09:00")),
			month: month(2029, time.January),
			want:  []string{"2028", "2029"},
			late:  1,
		},
		{
			name:   "§4 the annual result of 2028: warning naming 2028",
			events: evs(present("a", "2028-03-10 09:00")),
			year:   2028,
			want:   []string{"2028"},
		},
		{
			name: "§4 the annual result of 2002 reckons from 2001 through its January",
			events: evs(present("a", "2002-05-10 09:00"),
				assigned("as1", "T1", "a", "2001-12-31 10:00", "2002-01-20 18:00"),
				returned("rt1", "T1", "a", "2002-01-04 09:00")),
			year: 2002,
			want: []string{"2001"},
		},
		{
			name:     "§4 the annual result of 2028 with years: [2028]: no warning",
			events:   evs(present("a", "2028-03-10 09:00")),
			year:     2028,
			calendar: declare2028,
		},
		{
			name:   "§4 the annual result of 2026: no warning",
			events: evs(present("a", "2026-03-10 09:00")),
			year:   2026,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := applyOpts(nil)
			cal := calendar.New(shanghai)
			if tt.calendar != "" {
				if err := cal.Apply(strings.NewReader(tt.calendar)); err != nil {
					t.Fatal(err)
				}
			}
			var res *score.Result
			var err error
			if tt.year != 0 {
				res, err = score.Year(tt.events, s.ledger(t), s.policy(), cal, tt.year, ts("2030-01-01 00:00"))
			} else {
				res, err = score.Month(tt.events, s.ledger(t), s.policy(), cal, tt.month, ts("2030-01-01 00:00"))
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, yearsWarned(t, res.Warnings)); diff != "" {
				t.Errorf("years warned (-want +got):\n%s\nwarnings %q", diff, res.Warnings)
			}
			for i, w := range score.CalendarWarnings(res.Warnings) {
				if res.Warnings[i] != w {
					t.Errorf("calendar warnings come first: %q", res.Warnings)
				}
			}
			if tt.year == 0 {
				if got := unitOf(t, res, "a").Counts.LateReturns; got != tt.late {
					t.Errorf("late returns of a = %d, want %d", got, tt.late)
				}
			}
		})
	}
}

// TestCalendarWarnings: only the warnings of unknown years are picked, in
// their order.
func TestCalendarWarnings(t *testing.T) {
	res := monthOf(t, evs(present("a", "2028-03-10 09:00"), criticized("cr1", "ghost", "2028-03-12 09:00")), month(2028, time.March))
	got := score.CalendarWarnings(res.Warnings)
	if len(got) != 1 || !strings.Contains(got[0], "2028") || len(res.Warnings) != 2 {
		t.Errorf("CalendarWarnings(%q) = %q", res.Warnings, got)
	}
	if slices.ContainsFunc(score.CalendarWarnings(res.Warnings), func(s string) bool { return strings.Contains(s, "ghost") }) {
		t.Errorf("the unknown unit's warning is taken for a calendar warning")
	}
}

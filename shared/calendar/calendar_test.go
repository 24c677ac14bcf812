package calendar_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zone files

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
)

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

// checkWorkdays asserts IsWorkday for each date of want.
func checkWorkdays(t *testing.T, c *calendar.Calendar, want map[string]bool) {
	t.Helper()
	for s, w := range want {
		if got := c.IsWorkday(mustDate(t, s)); got != w {
			t.Errorf("IsWorkday(%s %s) = %v, want %v", s, mustDate(t, s).Weekday(), got, w)
		}
	}
}

func TestIsWorkdayBuiltin(t *testing.T) {
	c := calendar.New(shanghai(t))
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2026-02-14", true, "Saturday, make-up day of the Spring Festival"},
		{"2026-02-28", true, "Saturday, make-up day of the Spring Festival"},
		{"2026-02-15", false, "Sunday, Spring Festival"},
		{"2026-02-16", false, "Monday, Spring Festival"},
		{"2026-02-20", false, "Friday, Spring Festival"},
		{"2026-02-23", false, "Monday, last day of the Spring Festival"},
		{"2026-02-24", true, "Tuesday after the Spring Festival"},
		{"2026-09-20", true, "Sunday, make-up day of National Day"},
		{"2026-09-30", true, "Wednesday before National Day"},
		{"2026-10-01", false, "National Day"},
		{"2026-10-02", false, "National Day"},
		{"2026-10-03", false, "National Day"},
		{"2026-10-04", false, "National Day"},
		{"2026-10-05", false, "National Day, a Monday"},
		{"2026-10-06", false, "National Day, a Tuesday"},
		{"2026-10-07", false, "National Day, a Wednesday"},
		{"2026-10-08", true, "Thursday after National Day"},
		{"2026-10-09", true, "Friday"},
		{"2026-10-10", true, "Saturday, make-up day of National Day"},
		{"2026-10-11", false, "ordinary Sunday"},
		{"2026-10-12", true, "ordinary Monday"},
		{"2026-10-17", false, "ordinary Saturday"},
		{"2026-10-18", false, "ordinary Sunday"},
		{"2026-03-09", true, "ordinary Monday"},
		{"2026-03-14", false, "ordinary Saturday"},
		{"2026-01-01", false, "New Year's Day, a Thursday"},
		{"2026-01-04", true, "Sunday, make-up day of New Year"},
		{"2026-05-01", false, "Labour Day, a Friday"},
		{"2026-05-05", false, "Labour Day holiday, a Tuesday"},
		{"2026-05-09", true, "Saturday, make-up day of Labour Day"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			d := mustDate(t, tt.date)
			if got := c.IsWorkday(d); got != tt.want {
				t.Errorf("IsWorkday(%s, %s) = %v, want %v (%s)", tt.date, d.Weekday(), got, tt.want, tt.why)
			}
		})
	}
}

// TestWorkdaysOf2026 counts the working days of 2026: 365 days − 104
// weekend days − 13 statutory holidays (the 2025 revision) = 248.
func TestWorkdaysOf2026(t *testing.T) {
	c := calendar.New(shanghai(t))
	n := 0
	for d := mustDate(t, "2026-01-01"); d.Year == 2026; d = d.Next() {
		if c.IsWorkday(d) {
			n++
		}
	}
	if diff := cmp.Diff(248, n); diff != "" {
		t.Errorf("working days in 2026 (-want +got):\n%s", diff)
	}
}

func TestWorkingTime(t *testing.T) {
	c := calendar.New(shanghai(t))
	h := time.Hour
	tests := []struct {
		name     string
		from, to string
		want     time.Duration
	}{
		{"within one working day", "2026-10-12T09:00:00+08:00", "2026-10-12T17:30:00+08:00", 8*h + 30*time.Minute},
		{"one whole working day", "2026-10-12T00:00:00+08:00", "2026-10-13T00:00:00+08:00", 24 * h},
		{"within a Saturday", "2026-10-17T09:00:00+08:00", "2026-10-17T17:00:00+08:00", 0},
		// Friday 18:00–24:00 = 6h, Saturday and Sunday 0, Monday 00:00–06:00 = 6h.
		{"across a weekend", "2026-10-16T18:00:00+08:00", "2026-10-19T06:00:00+08:00", 12 * h},
		// 09-30 (Wed) 12:00–24:00 = 12h; 10-01..10-07 holidays = 0;
		// 10-08 (Thu) = 24h; 10-09 (Fri) 00:00–12:00 = 12h. Total 48h.
		{"across the National Day week", "2026-09-30T12:00:00+08:00", "2026-10-09T12:00:00+08:00", 48 * h},
		// Friday 10-09 10:00–24:00 = 14h; Saturday 10-10 is a make-up day,
		// 00:00–10:00 = 10h. Exactly 24 working hours.
		{"Friday to make-up Saturday", "2026-10-09T10:00:00+08:00", "2026-10-10T10:00:00+08:00", 24 * h},
		{"Friday to make-up Saturday, a second short", "2026-10-09T10:00:00+08:00", "2026-10-10T09:59:59+08:00", 24*h - time.Second},
		// The same on an ordinary weekend: only Friday's 14h.
		{"Friday to ordinary Saturday", "2026-10-16T10:00:00+08:00", "2026-10-17T10:00:00+08:00", 14 * h},
		// 02-13 (Fri) 12h; 02-14 (Sat, make-up) 24h; 02-15..02-23 off;
		// 02-24 (Tue) 00:00–12:00 = 12h. Total 48h.
		{"across the Spring Festival", "2026-02-13T12:00:00+08:00", "2026-02-24T12:00:00+08:00", 48 * h},
		{"inside the holiday", "2026-10-02T08:00:00+08:00", "2026-10-05T20:00:00+08:00", 0},
		{"to equal to from", "2026-10-12T09:00:00+08:00", "2026-10-12T09:00:00+08:00", 0},
		{"to before from", "2026-10-12T17:00:00+08:00", "2026-10-12T09:00:00+08:00", 0},
		{"to days before from", "2026-10-19T17:00:00+08:00", "2026-10-12T09:00:00+08:00", 0},
		// Instants written in UTC are read in the calendar's zone:
		// 2026-10-11T20:00Z is Monday 04:00 in Shanghai (a Sunday in UTC).
		{"UTC instants, Monday morning local", "2026-10-11T20:00:00Z", "2026-10-11T22:00:00Z", 2 * h},
		// 2026-10-16T20:00Z is Saturday 04:00 in Shanghai (a Friday in UTC).
		{"UTC instants, Saturday morning local", "2026-10-16T20:00:00Z", "2026-10-16T22:00:00Z", 0},
		{"mixed offsets", "2026-10-12T01:00:00Z", "2026-10-12T17:00:00+08:00", 8 * h},
		// 248 working days (see TestWorkdaysOf2026).
		{"the whole of 2026", "2026-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00", 248 * 24 * h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.WorkingTime(mustTime(t, tt.from), mustTime(t, tt.to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("WorkingTime(%s, %s) (-want +got):\n%s", tt.from, tt.to, diff)
			}
		})
	}
}

// TestWorkingTimeAdditive: splitting an interval anywhere does not change its
// working time.
func TestWorkingTimeAdditive(t *testing.T) {
	c := calendar.New(shanghai(t))
	from := mustTime(t, "2026-09-25T07:13:00+08:00")
	to := mustTime(t, "2026-10-14T19:41:00+08:00")
	whole := c.WorkingTime(from, to)
	for mid := from; mid.Before(to); mid = mid.Add(7*time.Hour + 17*time.Minute) {
		if got := c.WorkingTime(from, mid) + c.WorkingTime(mid, to); got != whole {
			t.Errorf("split at %s: %v + %v = %v, want %v", mid, c.WorkingTime(from, mid), c.WorkingTime(mid, to), got, whole)
		}
	}
}

func TestApplyFile(t *testing.T) {
	tests := []struct {
		file    string
		wantErr []string // substrings of the error; nil: no error
		want    map[string]bool
	}{
		{
			file: "override.yaml",
			want: map[string]bool{
				"2026-10-12": false, // ordinary Monday made a holiday
				"2026-10-13": false, // quoted date
				"2026-10-14": true,  // untouched
				"2026-10-17": true,  // ordinary Saturday made a workday
				"2026-10-18": false, // untouched Sunday
				"2026-10-01": true,  // built-in holiday overridden
				"2026-10-02": false, // untouched built-in holiday
				"2026-10-10": true,  // untouched make-up day
			},
		},
		{
			file:    "bad-date.yaml",
			wantErr: []string{"bad-date.yaml", "holidays[1]", "2026-13-01"},
		},
		{
			file:    "unknown-key.yaml",
			wantErr: []string{"unknown-key.yaml", "make_up_days"},
		},
		{
			file:    "both-lists.yaml",
			wantErr: []string{"both-lists.yaml", "workdays[1]", "2026-10-14"},
		},
		{
			file:    "missing.yaml",
			wantErr: []string{"missing.yaml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := calendar.New(shanghai(t))
			err := c.ApplyFile(filepath.Join("testdata", tt.file))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ApplyFile: %v", err)
				}
				checkWorkdays(t, c, tt.want)
				return
			}
			if err == nil {
				t.Fatal("ApplyFile: got no error")
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			// Nothing is applied on error.
			checkWorkdays(t, c, map[string]bool{"2026-10-12": true, "2026-10-14": true, "2026-10-17": false})
		})
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr []string
		want    map[string]bool
	}{
		{name: "empty file", yaml: "", want: map[string]bool{"2026-10-10": true, "2026-10-12": true, "2026-10-01": false}},
		{name: "comments only", yaml: "# nothing\n", want: map[string]bool{"2026-10-12": true}},
		{name: "empty lists", yaml: "holidays: []\nworkdays: []\n", want: map[string]bool{"2026-10-12": true}},
		{
			name: "a year beyond the built-in data",
			yaml: "holidays: [2030-01-01]\nworkdays: [2030-01-05]\n",
			want: map[string]bool{"2030-01-01": false, "2030-01-02": true, "2030-01-05": true, "2030-01-06": false},
		},
		{
			name: "the same date twice in one list",
			yaml: "holidays: [2026-10-12, 2026-10-12]\n",
			want: map[string]bool{"2026-10-12": false},
		},
		{
			name: "a make-up day taken back",
			yaml: "holidays: [2026-10-10]\n",
			want: map[string]bool{"2026-10-10": false, "2026-02-14": true},
		},
		{name: "unknown key", yaml: "holidays: [2026-10-12]\nextra: 1\n", wantErr: []string{"extra"}},
		{name: "bad workday", yaml: "workdays: [2026-10-17, 2026-02-30]\n", wantErr: []string{"workdays[1]", "2026-02-30"}},
		{name: "date without zero padding", yaml: "holidays: [2026-1-5]\n", wantErr: []string{"holidays[0]"}},
		{name: "timestamp instead of a date", yaml: "holidays: [2026-10-12T00:00:00Z]\n", wantErr: []string{"holidays[0]"}},
		{name: "every bad date reported", yaml: "holidays: [x, 2026-10-12]\nworkdays: [2026-10-17, y]\n", wantErr: []string{"holidays[0]", "workdays[1]"}},
		{name: "in both lists", yaml: "holidays: [2026-10-12]\nworkdays: [2026-10-12]\n", wantErr: []string{"workdays[0]", "2026-10-12"}},
		{name: "not a list", yaml: "holidays: 2026-10-12\n", wantErr: []string{"line 1"}},
		{name: "not a mapping", yaml: "- 2026-10-12\n", wantErr: []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := calendar.New(shanghai(t))
			err := c.Apply(strings.NewReader(tt.yaml))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				checkWorkdays(t, c, tt.want)
				return
			}
			if err == nil {
				t.Fatal("Apply: got no error")
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			checkWorkdays(t, c, map[string]bool{"2026-10-12": true, "2026-10-17": false})
		})
	}
}

// TestOverrideWorkingTime: a calendar file changes working time too.
func TestOverrideWorkingTime(t *testing.T) {
	c := calendar.New(shanghai(t))
	if err := c.Apply(strings.NewReader("holidays: [2026-10-09]\n")); err != nil {
		t.Fatal(err)
	}
	// Friday 10-09 is now off: only Saturday 10-10 00:00–10:00 counts.
	got := c.WorkingTime(mustTime(t, "2026-10-09T10:00:00+08:00"), mustTime(t, "2026-10-10T10:00:00+08:00"))
	if diff := cmp.Diff(10*time.Hour, got); diff != "" {
		t.Errorf("WorkingTime (-want +got):\n%s", diff)
	}
	// Another calendar is not affected.
	other := calendar.New(shanghai(t))
	if !other.IsWorkday(mustDate(t, "2026-10-09")) {
		t.Errorf("an override leaked into another calendar")
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    calendar.Date
		wantErr bool
	}{
		{in: "2026-10-10", want: calendar.Date{Year: 2026, Month: time.October, Day: 10}},
		{in: "2024-02-29", want: calendar.Date{Year: 2024, Month: time.February, Day: 29}},
		{in: "2026-02-29", wantErr: true},
		{in: "2026-10-1", wantErr: true},
		{in: "2026/10/10", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := calendar.ParseDate(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDate (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.in, got.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
		})
	}
}

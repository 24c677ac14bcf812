package calendar_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
)

func years(from, to int) []int {
	var out []int
	for y := from; y <= to; y++ {
		out = append(out, y)
	}
	return out
}

// TestBuiltinYears (SPEC §4: the built-in calendar knows the years for
// which its data carries the State Council's arrangement): lunar-go v1.4.7
// carries 2002 to 2027. Of 2001 it holds only 2001-12-29 and 2001-12-30,
// the make-up days of the New Year of 2002, so 2001 is not known.
func TestBuiltinYears(t *testing.T) {
	if diff := cmp.Diff(years(2002, 2027), calendar.BuiltinYears()); diff != "" {
		t.Errorf("BuiltinYears (-want +got):\n%s", diff)
	}
	c := calendar.New(shanghai(t))
	for y, want := range map[int]bool{2000: false, 2001: false, 2002: true, 2013: true, 2026: true, 2027: true, 2028: false, 2099: false} {
		if got := c.Knows(y); got != want {
			t.Errorf("Knows(%d) = %v, want %v", y, got, want)
		}
	}
	if diff := cmp.Diff(calendar.BuiltinYears(), c.KnownYears()); diff != "" {
		t.Errorf("KnownYears of the built-in calendar (-want +got):\n%s", diff)
	}
	// The data the years come from: 2001 has make-up days, no day off.
	checkWorkdays(t, c, map[string]bool{"2001-12-29": true, "2001-12-30": true, "2002-01-01": false})
}

// TestBuiltinCorrections: lunar-go lacks two make-up working days of
// 国办发明电〔2012〕33号; the built-in calendar has them.
func TestBuiltinCorrections(t *testing.T) {
	checkWorkdays(t, calendar.New(shanghai(t)), map[string]bool{
		"2013-04-07": true, // Sunday, 清明节: 4月7日（星期日）上班
		"2013-10-12": true, // Saturday, 国庆节: 10月12日（星期六）上班
		"2013-04-06": false,
		"2013-10-13": false,
	})
}

// TestApplyYears (SPEC §4: a calendar file may declare more years with
// `years: [2028]`; the file then holds that year's whole arrangement).
func TestApplyYears(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr []string
		known   []int // beyond the built-in years
	}{
		{name: "one year", yaml: "years: [2028]\nholidays: [2028-01-01]\n", known: []int{2028}},
		{name: "quoted, repeated, unordered", yaml: "years: [\"2030\", 2028, 2030]\n", known: []int{2028, 2030}},
		{name: "a year already known", yaml: "years: [2026]\n"},
		{name: "empty list", yaml: "years: []\n"},
		{name: "not a year", yaml: "years: [2028, x]\n", wantErr: []string{"years[1]", `"x"`}},
		{name: "three digits", yaml: "years: [999]\n", wantErr: []string{"years[0]", "YYYY"}},
		{name: "before 2000", yaml: "years: [1999]\n", wantErr: []string{"years[0]", "1999"}},
		{name: "after 2099", yaml: "years: [2100]\n", wantErr: []string{"years[0]", "2100"}},
		{name: "a date", yaml: "years: [2028-01-01]\n", wantErr: []string{"years[0]"}},
		{name: "signed", yaml: "years: [+2028]\n", wantErr: []string{"years[0]"}},
		{name: "every bad one and the dates", yaml: "years: [x, 2028, y]\nholidays: [2028-02-30]\n", wantErr: []string{"years[0]", "years[2]", "holidays[0]"}},
		{name: "misspelt key", yaml: "year: [2028]\n", wantErr: []string{"year"}},
		{name: "not a list", yaml: "years: 2028\n", wantErr: []string{"line 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := calendar.New(shanghai(t))
			before := c.Fingerprint()
			err := c.Apply(strings.NewReader(tt.yaml))
			if tt.wantErr != nil {
				if err == nil {
					t.Fatal("Apply: got no error")
				}
				for _, s := range tt.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				if c.Fingerprint() != before || c.Knows(2028) {
					t.Errorf("a refused file changed the calendar: %s, knows 2028 %v", c.Fingerprint(), c.Knows(2028))
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			want := slices.Sorted(slices.Values(append(calendar.BuiltinYears(), tt.known...)))
			if diff := cmp.Diff(want, c.KnownYears()); diff != "" {
				t.Errorf("KnownYears (-want +got):\n%s", diff)
			}
			for _, y := range tt.known {
				if !c.Knows(y) {
					t.Errorf("Knows(%d) = false", y)
				}
			}
			if (len(tt.known) > 0 || strings.Contains(tt.yaml, "2026")) == (c.Fingerprint() == before) {
				t.Errorf("fingerprint %q after %q (before %q): a declared year must change it, nothing else", c.Fingerprint(), tt.yaml, before)
			}
			if other := calendar.New(shanghai(t)); other.Knows(2028) {
				t.Errorf("a declared year leaked into another calendar")
			}
		})
	}
}

func TestFormatYears(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{nil, "none"},
		{[]int{2028}, "2028"},
		{[]int{2027, 2028}, "2027, 2028"},
		{years(2002, 2027), "2002–2027"},
		{append(years(2002, 2027), 2030, 2031, 2032, 2040), "2002–2027, 2030–2032, 2040"},
	}
	for _, tt := range tests {
		if got := calendar.FormatYears(tt.in); got != tt.want {
			t.Errorf("FormatYears(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

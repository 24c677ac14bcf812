package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
)

func mustMonth(t *testing.T, s string) calendar.Month {
	t.Helper()
	m, err := calendar.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in      string
		want    calendar.Month
		wantErr bool
	}{
		{in: "2026-10", want: calendar.Month{Year: 2026, Month: time.October}},
		{in: "2026-01", want: calendar.Month{Year: 2026, Month: time.January}},
		{in: "2000-12", want: calendar.Month{Year: 2000, Month: time.December}},
		{in: "2026-13", wantErr: true},
		{in: "2026-00", wantErr: true},
		{in: "2026-1", wantErr: true},
		{in: "202610", wantErr: true},
		{in: "2026-10-01", wantErr: true},
		{in: "2026/10", wantErr: true},
		{in: " 2026-10", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := calendar.ParseMonth(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseMonth(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseMonth (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.in, got.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMonthStartEnd(t *testing.T) {
	loc := shanghai(t)
	tests := []struct {
		month      string
		start, end string // in UTC
	}{
		{"2026-10", "2026-09-30T16:00:00Z", "2026-10-31T16:00:00Z"},
		{"2026-12", "2026-11-30T16:00:00Z", "2026-12-31T16:00:00Z"},
		{"2027-01", "2026-12-31T16:00:00Z", "2027-01-31T16:00:00Z"},
		{"2024-02", "2024-01-31T16:00:00Z", "2024-02-29T16:00:00Z"},
		{"2026-02", "2026-01-31T16:00:00Z", "2026-02-28T16:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.month, func(t *testing.T) {
			m := mustMonth(t, tt.month)
			if diff := cmp.Diff(mustTime(t, tt.start), m.Start(loc)); diff != "" {
				t.Errorf("Start (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(mustTime(t, tt.end), m.End(loc)); diff != "" {
				t.Errorf("End (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(m.Next().Start(loc), m.End(loc)); diff != "" {
				t.Errorf("End is not the start of the next month (-want +got):\n%s", diff)
			}
			// The month's first and last instants belong to it, the
			// instants just outside do not.
			for _, c := range []struct {
				at   time.Time
				want calendar.Month
			}{
				{m.Start(loc), m},
				{m.End(loc).Add(-1), m},
				{m.Start(loc).Add(-1), m.Prev()},
				{m.End(loc), m.Next()},
			} {
				if diff := cmp.Diff(c.want, calendar.MonthOf(c.at, loc)); diff != "" {
					t.Errorf("MonthOf(%s) (-want +got):\n%s", c.at.UTC().Format(time.RFC3339Nano), diff)
				}
			}
		})
	}
}

func TestMonthOfZone(t *testing.T) {
	loc := shanghai(t)
	tests := []struct {
		at   string
		want string
	}{
		{"2026-09-30T16:00:00Z", "2026-10"},
		{"2026-09-30T15:59:59Z", "2026-09"},
		{"2026-10-01T00:00:00+08:00", "2026-10"},
		{"2026-09-30T23:59:59+08:00", "2026-09"},
		{"2026-12-31T16:00:00Z", "2027-01"},
		{"2026-09-30T12:00:00-05:00", "2026-10"}, // 2026-10-01 01:00 in Shanghai
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			if diff := cmp.Diff(mustMonth(t, tt.want), calendar.MonthOf(mustTime(t, tt.at), loc)); diff != "" {
				t.Errorf("MonthOf (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMonthNextPrev(t *testing.T) {
	tests := []struct {
		month, next, prev string
	}{
		{"2026-10", "2026-11", "2026-09"},
		{"2026-12", "2027-01", "2026-11"},
		{"2027-01", "2027-02", "2026-12"},
		{"2000-01", "2000-02", "1999-12"},
	}
	for _, tt := range tests {
		t.Run(tt.month, func(t *testing.T) {
			m := mustMonth(t, tt.month)
			if diff := cmp.Diff(tt.next, m.Next().String()); diff != "" {
				t.Errorf("Next (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.prev, m.Prev().String()); diff != "" {
				t.Errorf("Prev (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(m, m.Next().Prev()); diff != "" {
				t.Errorf("Next().Prev() (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(m, calendar.MonthFromIndex(m.Index())); diff != "" {
				t.Errorf("MonthFromIndex(Index()) (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(m.Index()+1, m.Next().Index()); diff != "" {
				t.Errorf("Next().Index() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMonthTable compares the table with MonthOf for random instants and
// every month boundary of 2024–2028.
func TestMonthTable(t *testing.T) {
	loc := shanghai(t)
	table := calendar.NewMonthTable(loc, 2024, 2028)
	check := func(at time.Time) {
		t.Helper()
		want := calendar.MonthOf(at, loc).Index()
		if got := table.Index(at.UnixNano()); got != want {
			t.Errorf("Index(%s) = %v, want %v", at.Format(time.RFC3339Nano), calendar.MonthFromIndex(got), calendar.MonthFromIndex(want))
		}
	}
	lo := time.Date(2024, 1, 1, 0, 0, 0, 0, loc).UnixNano()
	hi := time.Date(2029, 1, 1, 0, 0, 0, 0, loc).UnixNano()
	rnd := rand.New(rand.NewPCG(12345, 2022))
	for range 100000 {
		check(time.Unix(0, lo+rnd.Int64N(hi-lo)).In(loc))
	}
	for m := (calendar.Month{Year: 2024, Month: time.January}); m.Year <= 2028; m = m.Next() {
		s := m.Start(loc)
		check(s)
		if m.Year > 2024 || m.Month > time.January {
			check(s.Add(-1)) // the last instant of the month before
		}
		check(m.End(loc).Add(-1))
	}
}

// TestMonthTableOutside: "instants outside the table fall in its first or
// last month" (the documented contract of MonthTable.Index). An instant past
// the table may also be given its own month (the table holds one more year
// of month starts than it was asked for), but never any other month.
func TestMonthTableOutside(t *testing.T) {
	loc := shanghai(t)
	table := calendar.NewMonthTable(loc, 2024, 2028)
	first, last := mustMonth(t, "2024-01"), mustMonth(t, "2028-12")
	tests := []string{
		"2023-12-31T15:59:59Z", // 2023-12-31 23:59:59 local
		"2000-06-01T00:00:00Z",
		"1970-01-01T00:00:00Z",
		"2028-12-31T15:59:59Z", // the last instant in the table
		"2028-12-31T16:00:00Z", // 2029-01-01 00:00 local
		"2029-06-15T00:00:00Z",
		"2029-11-30T16:00:00Z", // 2029-12-01 00:00 local
		"2029-12-15T00:00:00Z",
		"2035-01-01T00:00:00Z",
	}
	for _, at := range tests {
		t.Run(at, func(t *testing.T) {
			tm := mustTime(t, at)
			own := calendar.MonthOf(tm, loc)
			edge := first
			if !tm.Before(last.Start(loc)) {
				edge = last
			}
			if own.Index() >= first.Index() && own.Index() <= last.Index() {
				edge = own
			}
			got := calendar.MonthFromIndex(table.Index(tm.UnixNano()))
			if got != edge && got != own {
				t.Errorf("Index(%s) = %v, want %v (the table's edge) or %v (its own month)", at, got, edge, own)
			}
		})
	}
}

// TestMonthStringAsFmt: Month and Period write a month as 2006-01 and a
// year as 2006 (SPEC §4, the period of a result) exactly as fmt's
// "%04d-%02d" and "%04d" do, inside the years of four digits and outside
// them.
func TestMonthStringAsFmt(t *testing.T) {
	years := []int{0, 1, 9, 10, 99, 100, 999, 1000, 2026, 9999, 10000, 123456, -1, -2026}
	for range 200 {
		years = append(years, rand.IntN(20000)-5000)
	}
	for _, y := range years {
		for mo := time.Month(0); mo <= 13; mo++ {
			m := calendar.Month{Year: y, Month: mo}
			if got, want := m.String(), fmt.Sprintf("%04d-%02d", y, mo); got != want {
				t.Errorf("Month{%d, %d}.String() = %q, want %q", y, mo, got, want)
			}
			if mo >= 1 && mo <= 12 {
				if got, want := calendar.MonthPeriod(m).String(), m.String(); got != want {
					t.Errorf("MonthPeriod(%v).String() = %q, want %q", m, got, want)
				}
			}
		}
		if got, want := calendar.YearPeriod(y).String(), fmt.Sprintf("%04d", y); got != want {
			t.Errorf("YearPeriod(%d).String() = %q, want %q", y, got, want)
		}
	}
}

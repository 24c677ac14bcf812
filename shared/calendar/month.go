package calendar

import (
	"fmt"
	"sort"
	"time"
)

// Month is a calendar month, the period of the monthly assessment.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf is the month of t in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	y, m, _ := t.In(loc).Date()
	return Month{y, m}
}

// MonthFromIndex is the inverse of Month.Index.
func MonthFromIndex(i int) Month { return Month{i / 12, time.Month(i%12 + 1)} }

// String writes the month as 2006-01.
func (m Month) String() string {
	if m.Year < 0 || m.Year > 9999 || m.Month < 1 || m.Month > 12 {
		return fmt.Sprintf("%04d-%02d", m.Year, m.Month)
	}
	// Without fmt: the published rankings name their month on every
	// request (issue 16, 4).
	b := [7]byte{'0', '0', '0', '0', '-', '0', '0'}
	putDigits(b[:4], m.Year)
	putDigits(b[5:], int(m.Month))
	return string(b[:])
}

// putDigits writes v, 0 ≤ v < 10^len(b), into b in decimal, padded with
// zeros on the left.
func putDigits(b []byte, v int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
}

// Index numbers months consecutively: Year*12 + Month-1.
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// Start is the first instant of the month in loc.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// End is the first instant after the month in loc.
func (m Month) End(loc *time.Location) time.Time { return m.Next().Start(loc) }

// Next is the following month.
func (m Month) Next() Month { return MonthFromIndex(m.Index() + 1) }

// Prev is the preceding month.
func (m Month) Prev() Month { return MonthFromIndex(m.Index() - 1) }

// MonthTable finds the month of an instant quickly: the month starts of a
// range of years in one zone, searched by bisection.
type MonthTable struct {
	loc    *time.Location
	first  int     // Index of the first month of the table
	starts []int64 // Unix nanoseconds of each month's start, and of the month after the last
}

// NewMonthTable covers the years from first to last in loc.
func NewMonthTable(loc *time.Location, first, last int) *MonthTable {
	t := &MonthTable{loc: loc, first: Month{first, time.January}.Index()}
	for m := (Month{first, time.January}); m.Year <= last; m = m.Next() {
		t.starts = append(t.starts, m.Start(loc).UnixNano())
	}
	t.starts = append(t.starts, Month{last + 1, time.January}.Start(loc).UnixNano())
	return t
}

// Index is the Month.Index of the instant ns (Unix nanoseconds), quick
// within the table's years and exact outside them.
func (t *MonthTable) Index(ns int64) int {
	if ns < t.starts[0] || ns >= t.starts[len(t.starts)-1] {
		return MonthOf(time.Unix(0, ns), t.loc).Index()
	}
	i := sort.Search(len(t.starts), func(i int) bool { return t.starts[i] > ns }) - 1
	return t.first + i
}

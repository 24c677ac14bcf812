package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Calendar tells working days in one time zone.
type Calendar struct {
	loc       *time.Location
	overrides map[int32]bool // date key → is a working day
	declared  map[int]bool   // years a calendar file holds whole (years: [..])
}

// New returns the built-in calendar in loc: Monday to Friday are working days
// except the official holidays, and official make-up days are working days.
// It knows the years of BuiltinYears.
func New(loc *time.Location) *Calendar {
	builtinOnce.Do(loadBuiltin)
	return &Calendar{loc: loc, overrides: map[int32]bool{}, declared: map[int]bool{}}
}

// Location is the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Override makes date d a working day (work true) or a day off.
func (c *Calendar) Override(d Date, work bool) { c.overrides[d.key()] = work }

// Fingerprint identifies the calendar's zone, overrides and declared years,
// for the fingerprint of a result's input.
func (c *Calendar) Fingerprint() string {
	keys := make([]int32, 0, len(c.overrides))
	for k := range c.overrides {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(c.loc.String())
	for _, k := range keys {
		fmt.Fprintf(&b, ";%d=%t", k, c.overrides[k])
	}
	if len(c.declared) > 0 {
		b.WriteString(";years=" + FormatYears(c.declaredYears()))
	}
	return b.String()
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) bool {
	k := d.key()
	if w, ok := c.overrides[k]; ok {
		return w
	}
	if w, ok := builtin[k]; ok {
		return w
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// WorkingTime is the length of the part of [from, to] that falls on working
// days in the calendar's zone; zero when to is not after from.
func (c *Calendar) WorkingTime(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	var total time.Duration
	from, to = from.In(c.loc), to.In(c.loc)
	for d := DateOf(from); ; d = d.Next() {
		start, end := d.Start(c.loc), d.Next().Start(c.loc)
		if !start.Before(to) {
			break
		}
		if c.IsWorkday(d) {
			lo, hi := maxTime(start, from), minTime(end, to)
			if hi.After(lo) {
				total += hi.Sub(lo)
			}
		}
	}
	return total
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

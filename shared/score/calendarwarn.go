package score

import (
	"fmt"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// calendarWarningPrefix begins every warning of a year the calendar does
// not know, so that CalendarWarnings finds them among the others.
const calendarWarningPrefix = "calendar: "

// calendarWarning is the warning of SPEC §4 for year: its working days were
// counted Monday to Friday. It contains the four-digit year (pinned).
func calendarWarning(year int) string {
	return fmt.Sprintf("%s%04d is not a year the calendar knows: working days counted Monday–Friday (%04d年节假日安排未知，按周一至周五计算工作日)",
		calendarWarningPrefix, year, year)
}

// CalendarWarnings are the warnings of ws that name a year the calendar does
// not know (SPEC §4), for the logs of the month-end runs.
func CalendarWarnings(ws []string) []string {
	var out []string
	for _, w := range ws {
		if strings.HasPrefix(w, calendarWarningPrefix) {
			out = append(out, w)
		}
	}
	return out
}

// reckonFrom notes that a return in month m is judged by the late-return
// rule against the working time since its assignment's receipt r.
func (t *tally) reckonFrom(m int, r int64) {
	if t.reckoned == nil {
		t.reckoned = map[int]int64{}
	}
	if prev, ok := t.reckoned[m]; !ok || r < prev {
		t.reckoned[m] = r
	}
}

// mergeReckoned keeps, for each month, the earliest receipt of t and o.
func (t *tally) mergeReckoned(o *tally) {
	for m, r := range o.reckoned {
		t.reckonFrom(m, r)
	}
}

// calendarWarnings puts before the warnings ws one naming each year the
// calendar does not know on which a result of the months first..last (month
// indexes) reckons working time (SPEC §4): the years of the months, and
// before them back to the year of the earliest receipt a return of those
// months is judged from (§5, late_returns). In such a year working days were
// Monday to Friday. Without such a year ws is returned as it is.
func (e *Engine) calendarWarnings(first, last int, ws []string) []string {
	from, to := calendar.MonthFromIndex(first).Year, calendar.MonthFromIndex(last).Year
	for m := first; m <= last; m++ {
		if y, ok := e.reckonedYear(m); ok {
			from = min(from, y)
		}
	}
	return e.unknownYears(from, to, ws)
}

// reckonedYear is the year of the earliest receipt a return of month mi is
// judged from, if any.
func (e *Engine) reckonedYear(mi int) (int, bool) {
	r, ok := e.tally.reckoned[mi]
	if !ok {
		return 0, false
	}
	return time.Unix(0, r).In(e.loc).Year(), true
}

// unknownYears puts before ws a warning for each year from..to the
// calendar does not know; ws as it is when it knows them all.
func (e *Engine) unknownYears(from, to int, ws []string) []string {
	var out []string
	for y := from; y <= to; y++ {
		if !e.cal.Knows(y) {
			out = append(out, calendarWarning(y))
		}
	}
	if out == nil {
		return ws
	}
	return append(out, ws...)
}

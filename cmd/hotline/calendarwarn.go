package main

import (
	"fmt"
	"io"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/score"
)

// calendarHelp is the help of the --calendar flag, with the years the
// built-in calendar knows (SPEC §4).
func calendarHelp() string {
	return fmt.Sprintf("a calendar file adding holidays and make-up working days, and with years: [YYYY] the years it holds whole (built in: %s; other years count Monday–Friday, with a warning)",
		calendar.FormatYears(calendar.BuiltinYears()))
}

// printUnknownYears repeats on w the result's warnings of years the
// calendar does not know, which the output file alone might hide.
func printUnknownYears(w io.Writer, warnings []string) {
	for _, s := range score.CalendarWarnings(warnings) {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
}

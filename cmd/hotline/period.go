package main

import "github.com/shizhong/hotline/shared/calendar"

// firstCLIYear is the first year --year takes: the command line has no
// store, and scores any year of its events, but a year before it is a
// typing error.
const firstCLIYear = 1900

// periodFlag reads the period of --month or --year, exactly one of which is
// given: a month written YYYY-MM, or a year written YYYY from 1900
// (calendar.ParseMonth, calendar.ParseYear).
func periodFlag(month, year string) (calendar.Period, error) {
	if month != "" {
		m, err := calendar.ParseMonth(month)
		if err != nil {
			return calendar.Period{}, badInput("--month: %v", err)
		}
		return calendar.MonthPeriod(m), nil
	}
	y, err := calendar.ParseYear(year)
	if err != nil || y < firstCLIYear {
		return calendar.Period{}, badInput("--year: %q is not a year written YYYY", year)
	}
	return calendar.YearPeriod(y), nil
}

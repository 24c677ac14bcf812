package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// periodKind says how a route names its period.
type periodKind int

const (
	monthPeriod periodKind = iota // {month}: 2026-10
	yearPeriod                    // {year}: 2026
)

// period reads the period of the request's path: {month} 2026-10 or
// {year} 2026.
func (k periodKind) period(r *http.Request) (calendar.Period, *Error) {
	if k == yearPeriod {
		return yearOf(r.PathValue("year"), "year")
	}
	return monthOf(r.PathValue("month"), "month")
}

// The years a period may name: SPEC v1.1 §3 takes instants in 2000–2099
// only, so no result of another year can exist.
const (
	firstYear = event.FirstYear
	lastYear  = event.LastYear
)

// monthOf reads a month written YYYY-MM (calendar.ParseMonth), of the years
// firstYear to lastYear.
func monthOf(s, field string) (calendar.Period, *Error) {
	m, err := calendar.ParseMonth(s)
	if err != nil {
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: err.Error()}
	}
	if m.Year < firstYear || m.Year > lastYear {
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("month %s is not in the years %d to %d", s, firstYear, lastYear)}
	}
	return calendar.MonthPeriod(m), nil
}

// yearOf reads a year written YYYY (calendar.ParseYear), from firstYear to
// lastYear.
func yearOf(s, field string) (calendar.Period, *Error) {
	y, err := calendar.ParseYear(s)
	if err != nil {
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: err.Error()}
	}
	if y < firstYear || y > lastYear {
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("year %s is not from %d to %d", s, firstYear, lastYear)}
	}
	return calendar.YearPeriod(y), nil
}

// query holds the query parameters of a read route.
type query struct {
	group   unit.Group // "" for every group
	version int        // 0 for the latest
}

// parseQuery reads ?group= and ?version=; other parameters are ignored.
func parseQuery(r *http.Request, groups bool) (query, *Error) {
	var q query
	if r.URL.RawQuery == "" {
		return q, nil
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return q, &Error{Code: EInvalid, Message: "the query string is malformed"}
	}
	if v, ok := values["version"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 {
			return q, &Error{Code: EInvalid, Field: "version", Message: fmt.Sprintf("version %q must be a whole number from 1", v[0])}
		}
		q.version = n
	}
	if g, ok := values["group"]; ok && groups {
		q.group = unit.Group(g[0])
		if !q.group.Valid() {
			return q, &Error{Code: EInvalid, Field: "group", Message: fmt.Sprintf("group %q must be %s or %s", g[0], unit.TownStreet, unit.Department)}
		}
	}
	return q, nil
}

package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/unit"
)

// periodKind says how a route names its period.
type periodKind int

const (
	monthPeriod periodKind = iota // {month}: 2026-10
	yearPeriod                    // {year}: 2026
)

// period reads the period of the request's path, written as the store keys
// results: 2026-10 or 2026.
func (k periodKind) period(r *http.Request) (string, *Error) {
	if k == yearPeriod {
		return parseYear(r.PathValue("year"), "year")
	}
	return parseMonth(r.PathValue("month"), "month")
}

// The years a period may name: SPEC v1.1 §3 takes instants in 2000–2099
// only, so no result of another year can exist.
const (
	firstYear = 2000
	lastYear  = 2099
)

func parseMonth(s, field string) (string, *Error) {
	m, e := monthOf(s, field)
	if e != nil {
		return "", e
	}
	return m.String(), nil
}

// monthOf reads a month written YYYY-MM, of the years firstYear to
// lastYear.
func monthOf(s, field string) (calendar.Month, *Error) {
	m, err := calendar.ParseMonth(s)
	if err != nil || len(s) != len("2006-01") {
		return m, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("%q is not a month written YYYY-MM", s)}
	}
	if m.Year < firstYear || m.Year > lastYear {
		return m, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("month %s is not in the years %d to %d", s, firstYear, lastYear)}
	}
	return m, nil
}

func parseYear(s, field string) (string, *Error) {
	if _, e := yearOf(s, field); e != nil {
		return "", e
	}
	return s, nil
}

// yearOf reads a year written YYYY, from firstYear to lastYear.
func yearOf(s, field string) (int, *Error) {
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || s[0] < '0' || s[0] > '9' {
		return 0, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("%q is not a year written YYYY", s)}
	}
	if y < firstYear || y > lastYear {
		return 0, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("year %s is not from %d to %d", s, firstYear, lastYear)}
	}
	return y, nil
}

// kindOf names the kind of a stored period: "month" or "year".
func kindOf(period string) string {
	if len(period) == len("2006") {
		return "year"
	}
	return "month"
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

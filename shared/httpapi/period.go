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
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: err.Error(), MessageZh: "月份应写作“2026-10”"}
	}
	if m.Year < firstYear || m.Year > lastYear {
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("month %s is not in the years %d to %d", s, firstYear, lastYear),
			MessageZh: fmt.Sprintf("月份须在%d年至%d年之间", firstYear, lastYear)}
	}
	return calendar.MonthPeriod(m), nil
}

// yearOf reads a year written YYYY (calendar.ParseYear), from firstYear to
// lastYear.
func yearOf(s, field string) (calendar.Period, *Error) {
	y, err := calendar.ParseYear(s)
	if err != nil {
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: err.Error(), MessageZh: "年度应写作“2026”"}
	}
	if y < firstYear || y > lastYear {
		return calendar.Period{}, &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("year %s is not from %d to %d", s, firstYear, lastYear),
			MessageZh: fmt.Sprintf("年度须在%d年至%d年之间", firstYear, lastYear)}
	}
	return calendar.YearPeriod(y), nil
}

// query holds the query parameters of a read route.
type query struct {
	group   unit.Group // "" for every group
	version int        // 0 for the latest
	view    view
	values  url.Values // every parameter, for the routes that read more
}

// view is how much of each unit a ranking carries (?view=).
type view int

const (
	fullView    view = iota // the stored body: every field of every unit
	summaryView             // a line per unit for a phone (summary.go)
)

// The values of ?view=.
var views = map[string]view{"full": fullView, "summary": summaryView}

// parseQuery reads ?version=, and for a ranking ?group= and ?view=; other
// parameters are ignored.
func parseQuery(r *http.Request, ranking bool) (query, *Error) {
	var q query
	if r.URL.RawQuery == "" {
		return q, nil
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return q, &Error{Code: EInvalid, Message: "the query string is malformed", MessageZh: "请求的查询参数格式有误"}
	}
	q.values = values
	if v, ok := values["version"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 {
			return q, &Error{Code: EInvalid, Field: "version", Message: fmt.Sprintf("version %q must be a whole number from 1", v[0]), MessageZh: "版本应为从1起的整数"}
		}
		q.version = n
	}
	if !ranking {
		return q, nil
	}
	if g, ok := values["group"]; ok {
		q.group = unit.Group(g[0])
		if !q.group.Valid() {
			return q, &Error{Code: EInvalid, Field: "group", Message: fmt.Sprintf("group %q must be %s or %s", g[0], unit.TownStreet, unit.Department),
				MessageZh: "分组应为镇街（town_street）或区直部门（department）"}
		}
	}
	if v, ok := values["view"]; ok {
		vw, known := views[v[0]]
		if !known {
			return q, &Error{Code: EInvalid, Field: "view", Message: fmt.Sprintf("view %q must be full or summary", v[0]), MessageZh: "视图应为 full 或 summary"}
		}
		q.view = vw
	}
	return q, nil
}

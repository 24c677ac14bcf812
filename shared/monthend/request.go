package monthend

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// Action is what a request asks the month-end function to do.
type Action string

// The actions.
const (
	Scheduled Action = "schedule" // compute the previous month, unless final
	Month     Action = "month"    // compute a month
	Year      Action = "year"     // compute a year
	Finalize  Action = "finalize" // mark a period's latest version final
)

// Request is the input of the month-end function: the EventBridge
// Scheduler's input JSON or a manual invocation, one JSON object of
// strings:
//
//	{} or {"source": "schedule"}   compute the previous month (Scheduled)
//	{"month": "2026-10"}           compute 2026-10 again
//	{"year": "2026"}               compute 2026 again
//	{"finalize": "2026-10"}        mark the latest version of 2026-10 (or of a year) final
//
// "source" is a free label, logged; at most one of month, year and
// finalize is given. Any other key is an error that names it.
type Request struct {
	Action Action
	// Period is the month (Month), the year (Year) or either (Finalize);
	// the zero Period for Scheduled.
	Period calendar.Period
	Source string
}

// keys are the keys a request may have.
var keys = []string{"source", "month", "year", "finalize"}

// ParseRequest reads a request. An empty payload or null is {}.
func ParseRequest(payload []byte) (Request, error) {
	var fields map[string]json.RawMessage
	if p := bytes.TrimSpace(payload); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		if err := json.Unmarshal(p, &fields); err != nil {
			return Request{}, fmt.Errorf("the request is not a JSON object: %w", err)
		}
	}
	values := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(keys, k) {
			return Request{}, fmt.Errorf("unknown key %q in the request (allowed: %s)", k, strings.Join(keys, ", "))
		}
		var v string
		if err := json.Unmarshal(fields[k], &v); err != nil {
			return Request{}, fmt.Errorf("%q must be a string, not %s", k, fields[k])
		}
		values[k] = v
	}
	r := Request{Action: Scheduled, Source: values["source"]}
	var given []string
	for _, k := range keys[1:] {
		if _, ok := values[k]; ok {
			given = append(given, k)
		}
	}
	if len(given) > 1 {
		return Request{}, fmt.Errorf("give one of month, year and finalize, not %s", strings.Join(given, " and "))
	}
	if len(given) == 0 {
		return r, nil
	}
	k := given[0]
	v := values[k]
	r.Action = Action(k)
	p, err := parsePeriod(r.Action, v)
	if err != nil {
		return Request{}, fmt.Errorf("%s: %w", k, err)
	}
	r.Period = p
	return r, nil
}

// parsePeriod reads the period of a month, year or finalize request: a
// month written YYYY-MM, a year written YYYY, or either for finalize
// (calendar.ParsePeriod), of the years 2000 to 2099 (SPEC v1.1 §3: no
// result of another year can exist, as the API's recompute has it).
func parsePeriod(a Action, v string) (calendar.Period, error) {
	var p calendar.Period
	var err error
	switch a {
	case Month:
		var m calendar.Month
		m, err = calendar.ParseMonth(v)
		p = calendar.MonthPeriod(m)
	case Year:
		var y int
		y, err = calendar.ParseYear(v)
		p = calendar.YearPeriod(y)
	default:
		p, err = calendar.ParsePeriod(v)
	}
	if err != nil {
		return calendar.Period{}, err
	}
	if y := p.Year(); y < event.FirstYear || y > event.LastYear {
		return calendar.Period{}, fmt.Errorf("%q is not in the years %d to %d", v, event.FirstYear, event.LastYear)
	}
	return p, nil
}

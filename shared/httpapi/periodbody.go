package httpapi

import (
	"fmt"
	"math/big"
	"regexp"
	"time"

	"github.com/valyala/fastjson"

	"github.com/shizhong/hotline/shared/calendar"
)

// jsonNumber is a number as JSON writes it (RFC 8259 §6).
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// wholeNumber writes a JSON number of a whole value in digits (2026.0 and
// 2.026e3 are 2026, as JSON Schema's integer has it); anything else is
// returned as it is, for the caller to refuse.
func wholeNumber(s string) string {
	if !jsonNumber.MatchString(s) || len(s) > 32 {
		return s
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || !r.IsInt() {
		return s
	}
	return r.Num().String()
}

// readPeriod reads the body of the recompute and finalize routes
// (docs/openapi.yaml, PeriodRequest) as strictly as an event is read: one
// JSON object holding exactly one of "month" (a string, 2026-10) and
// "year" (a string of four digits or a whole number, 2026); a key of another name or case, a key
// given twice, a value of another type or null is refused naming the key.
// The period is in the years 2000 to 2099 and not after the current month
// or year at now in loc: a result of the future would be computed from
// nothing and listed as published.
func readPeriod(body []byte, now time.Time, loc *time.Location) (calendar.Period, *Error) {
	var p calendar.Period
	if e := checkShape(body); e != nil {
		return p, e
	}
	var parser fastjson.Parser
	v, err := parser.ParseBytes(body)
	if err != nil {
		return p, &Error{Code: EInvalid, Message: "the body is not valid JSON: " + err.Error()}
	}
	obj, err := v.Object()
	if err != nil {
		return p, &Error{Code: EInvalid, Message: "the body must be a JSON object"}
	}
	var month, year string
	var seen map[string]bool
	var e *Error
	obj.Visit(func(key []byte, v *fastjson.Value) {
		if e != nil {
			return
		}
		k := string(key)
		switch {
		case k != "month" && k != "year":
			e = &Error{Code: EInvalid, Field: k, Message: fmt.Sprintf(`unknown field %q: give "month" or "year"`, k)}
		case seen[k]:
			e = &Error{Code: EInvalid, Field: k, Message: k + " appears twice"}
		case k == "month":
			if v.Type() != fastjson.TypeString {
				e = &Error{Code: EInvalid, Field: k, Message: "month must be a JSON string: \"2026-10\""}
				return
			}
			month = string(v.GetStringBytes())
		default:
			switch v.Type() {
			case fastjson.TypeString:
				year = string(v.GetStringBytes())
			case fastjson.TypeNumber:
				year = wholeNumber(v.String())
			default:
				e = &Error{Code: EInvalid, Field: k, Message: `year must be a JSON string or number: "2026" or 2026`}
				return
			}
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[k] = true
	})
	if e != nil {
		return p, e
	}
	current := calendar.MonthOf(now, loc)
	switch {
	case seen["month"] && seen["year"]:
		return p, &Error{Code: EInvalid, Field: "year", Message: "give a month or a year, not both"}
	case seen["month"]:
		if p, e = monthOf(month, "month"); e != nil {
			return calendar.Period{}, e
		}
		if p.First().Index() > current.Index() {
			return calendar.Period{}, &Error{Code: EInvalid, Field: "month", Message: fmt.Sprintf("month %s is after the current month %s", p, current)}
		}
		return p, nil
	case seen["year"]:
		if p, e = yearOf(year, "year"); e != nil {
			return calendar.Period{}, e
		}
		if p.Year() > current.Year {
			return calendar.Period{}, &Error{Code: EInvalid, Field: "year", Message: fmt.Sprintf("year %s is after the current year %d", p, current.Year)}
		}
		return p, nil
	}
	return p, &Error{Code: EInvalid, Field: "month", Message: `give the period: {"month":"2026-10"} or {"year":"2026"}`}
}

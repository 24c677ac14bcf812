package monthend

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
)

func TestParseRequest(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Request
	}{
		{``, Request{Action: Scheduled}},
		{`null`, Request{Action: Scheduled}},
		{`{}`, Request{Action: Scheduled}},
		{`{"source":"schedule"}`, Request{Action: Scheduled, Source: "schedule"}},
		{`{"month":"2026-10"}`, Request{Action: Month, Period: calendar.MonthPeriod(calendar.Month{Year: 2026, Month: 10})}},
		{`{"year":"2026","source":"console"}`, Request{Action: Year, Period: calendar.YearPeriod(2026), Source: "console"}},
		{`{"finalize":"2026-10"}`, Request{Action: Finalize, Period: calendar.MonthPeriod(calendar.Month{Year: 2026, Month: 10})}},
		{`{"finalize":"2026"}`, Request{Action: Finalize, Period: calendar.YearPeriod(2026)}},
	} {
		got, err := ParseRequest([]byte(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestParseRequestErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"months":"2026-10"}`, `unknown key "months"`},
		{`{"month":"2026-10","detail-type":"Scheduled Event"}`, `unknown key "detail-type"`},
		{`{"month":202610}`, `"month" must be a string`},
		{`{"month":"2026-13"}`, `month: "2026-13" is not a month`},
		{`{"year":"26"}`, `year: "26" is not a year`},
		{`{"finalize":"Oct"}`, `finalize: "Oct" is not a month`},
		{`{"month":"2026"}`, `month: "2026" is not a month written YYYY-MM`},
		{`{"year":"2026-10"}`, `year: "2026-10" is not a year written YYYY`},
		{`{"year":"+202"}`, `year: "+202" is not a year written YYYY`},
		// SPEC v1.1 §3: no result of a year outside 2000–2099 can exist.
		{`{"month":"1999-12"}`, `month: "1999-12" is not in the years 2000 to 2099`},
		{`{"year":"2100"}`, `year: "2100" is not in the years 2000 to 2099`},
		{`{"finalize":"0999"}`, `finalize: "0999" is not in the years 2000 to 2099`},
		{`{"month":"2026-10","finalize":"2026-10"}`, `not month and finalize`},
		{`[]`, `not a JSON object`},
		{`"2026-10"`, `not a JSON object`},
	} {
		_, err := ParseRequest([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.in, err, c.want)
		}
	}
}

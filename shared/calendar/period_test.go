package calendar_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
)

// TestParsePeriod: ParsePeriod reads "a month written YYYY-MM (four ASCII
// digits, a hyphen, two digits from 01 to 12) or a year written YYYY (four
// ASCII digits), nothing before or after"; "every year of four digits is
// read (0000 to 9999)"; "the error names the value". Each valid value
// written back by String is the value read.
func TestParsePeriod(t *testing.T) {
	oct := calendar.Month{Year: 2026, Month: time.October}
	tests := []struct {
		in   string
		want calendar.Period // zero: an error
	}{
		// Months.
		{in: "2026-10", want: calendar.MonthPeriod(oct)},
		{in: "2026-01", want: calendar.MonthPeriod(calendar.Month{Year: 2026, Month: time.January})},
		{in: "2026-12", want: calendar.MonthPeriod(calendar.Month{Year: 2026, Month: time.December})},
		{in: "2000-01", want: calendar.MonthPeriod(calendar.Month{Year: 2000, Month: time.January})},
		{in: "0000-01", want: calendar.MonthPeriod(calendar.Month{Year: 0, Month: time.January})},
		{in: "9999-12", want: calendar.MonthPeriod(calendar.Month{Year: 9999, Month: time.December})},
		// Years.
		{in: "2026", want: calendar.YearPeriod(2026)},
		{in: "2000", want: calendar.YearPeriod(2000)},
		{in: "0000", want: calendar.YearPeriod(0)},
		{in: "9999", want: calendar.YearPeriod(9999)},
		// Neither.
		{in: ""},
		{in: "2026-13"},
		{in: "2026-00"},
		{in: "2026-1"},
		{in: "2026-010"},
		{in: "2026-"},
		{in: "202610"},
		{in: "2026/10"},
		{in: "2026-10-01"},
		{in: " 2026-10"},
		{in: "2026-10 "},
		{in: "2026\n"},
		{in: "26"},
		{in: "202"},
		{in: "20260"},
		{in: "02026"},
		{in: "+202"},
		{in: "-202"},
		{in: "+2026"},
		{in: "2026.0"},
		{in: "2e03"},
		{in: "+026-10"},
		{in: "2026-+1"},
		{in: "２０２６"}, // full-width digits
		{in: "Oct"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := calendar.ParsePeriod(tt.in)
			if tt.want.IsZero() {
				if err == nil {
					t.Fatalf("ParsePeriod(%q) = %v, want an error", tt.in, got)
				}
				if want := strconv.Quote(tt.in); !strings.Contains(err.Error(), want) {
					t.Errorf("ParsePeriod(%q): %q, want the value %s named", tt.in, err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePeriod (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.in, got.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseMonthYear: ParseMonth takes "a period of ParsePeriod that is a
// month", ParseYear "a period of ParsePeriod that is a year"; each refuses
// the other kind with a message of its own kind, naming the value.
func TestParseMonthYear(t *testing.T) {
	if m, err := calendar.ParseMonth("2026-10"); err != nil || m != (calendar.Month{Year: 2026, Month: time.October}) {
		t.Errorf("ParseMonth(2026-10) = %v, %v", m, err)
	}
	if y, err := calendar.ParseYear("2026"); err != nil || y != 2026 {
		t.Errorf("ParseYear(2026) = %v, %v", y, err)
	}
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"ParseMonth(2026)", second(calendar.ParseMonth("2026")), `"2026" is not a month written YYYY-MM`},
		{"ParseMonth(2026-13)", second(calendar.ParseMonth("2026-13")), `"2026-13" is not a month written YYYY-MM`},
		{"ParseYear(2026-10)", second(calendar.ParseYear("2026-10")), `"2026-10" is not a year written YYYY`},
		{"ParseYear(+202)", second(calendar.ParseYear("+202")), `"+202" is not a year written YYYY`},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, tt.err, tt.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// TestPeriodMethods: IsYear, IsMonth, Year, Month, First, Last and Kind of
// a month, a year and the zero Period ("the zero Period is no period").
func TestPeriodMethods(t *testing.T) {
	oct := calendar.Month{Year: 2026, Month: time.October}
	type view struct {
		IsZero, IsYear, IsMonth bool
		Year                    int
		Month, First, Last      calendar.Month
		Kind, String            string
	}
	of := func(p calendar.Period) view {
		return view{p.IsZero(), p.IsYear(), p.IsMonth(), p.Year(), p.Month(), p.First(), p.Last(), p.Kind(), p.String()}
	}
	for _, tt := range []struct {
		p    calendar.Period
		want view
	}{
		{calendar.MonthPeriod(oct), view{IsMonth: true, Year: 2026, Month: oct, First: oct, Last: oct, Kind: "month", String: "2026-10"}},
		{calendar.YearPeriod(2026), view{IsYear: true, Year: 2026,
			First: calendar.Month{Year: 2026, Month: time.January}, Last: calendar.Month{Year: 2026, Month: time.December},
			Kind: "year", String: "2026"}},
		{calendar.YearPeriod(0), view{IsYear: true, Year: 0,
			First: calendar.Month{Year: 0, Month: time.January}, Last: calendar.Month{Year: 0, Month: time.December},
			Kind: "year", String: "0000"}},
		{calendar.Period{}, view{IsZero: true, First: calendar.Month{Month: time.January}, Last: calendar.Month{Month: time.December}}},
	} {
		if diff := cmp.Diff(tt.want, of(tt.p)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.p, diff)
		}
	}
	if calendar.YearPeriod(0).Equal(calendar.Period{}) {
		t.Error("the year 0000 equals no period")
	}
	if calendar.YearPeriod(2026).Equal(calendar.MonthPeriod(calendar.Month{Year: 2026, Month: time.January})) {
		t.Error("2026 equals 2026-01")
	}
}

// TestPeriodText: MarshalText "writes p as String does", UnmarshalText
// "reads p as ParsePeriod does", so a Period is a JSON string.
func TestPeriodText(t *testing.T) {
	in := []calendar.Period{calendar.MonthPeriod(calendar.Month{Year: 2026, Month: time.October}), calendar.YearPeriod(2026)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `["2026-10","2026"]`; got != want {
		t.Errorf("json: %s, want %s", got, want)
	}
	var out []calendar.Period
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`["2026-13"]`), &out); err == nil || !strings.Contains(err.Error(), `"2026-13"`) {
		t.Errorf("2026-13: %v, want an error naming it", err)
	}
}

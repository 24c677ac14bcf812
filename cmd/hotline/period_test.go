package main

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/fault"
)

// TestPeriodFlag: periodFlag reads "a month written YYYY-MM, or a year
// written YYYY from 1900" (SPEC §8: --month 2026-10, --year 2026); a bad
// value is bad input (exit 2) naming the flag and the value. "+2026" and
// "02026" were read as 2026 by strconv.Atoi; they are not a year's one
// written form, and are refused.
func TestPeriodFlag(t *testing.T) {
	for _, tt := range []struct {
		month, year string
		want        calendar.Period // zero: bad input
		wantErr     string
	}{
		{month: "2026-10", want: calendar.MonthPeriod(calendar.Month{Year: 2026, Month: time.October})},
		{month: "0001-01", want: calendar.MonthPeriod(calendar.Month{Year: 1, Month: time.January})},
		{year: "2026", want: calendar.YearPeriod(2026)},
		{year: "1900", want: calendar.YearPeriod(1900)},
		{year: "9999", want: calendar.YearPeriod(9999)},
		{month: "2026-13", wantErr: `--month: "2026-13" is not a month written YYYY-MM`},
		{month: "2026", wantErr: `--month: "2026" is not a month written YYYY-MM`},
		{year: "1899", wantErr: `--year: "1899" is not a year written YYYY`},
		{year: "26", wantErr: `--year: "26" is not a year written YYYY`},
		{year: "+2026", wantErr: `--year: "+2026" is not a year written YYYY`},
		{year: "02026", wantErr: `--year: "02026" is not a year written YYYY`},
		{year: "2026-10", wantErr: `--year: "2026-10" is not a year written YYYY`},
	} {
		got, err := periodFlag(tt.month, tt.year)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || fault.CodeOf(err) != fault.Invalid {
				t.Errorf("periodFlag(%q, %q) = %v, %v; want bad input %q", tt.month, tt.year, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("periodFlag(%q, %q) = %v, %v; want %v", tt.month, tt.year, got, err, tt.want)
		}
	}
}

package calendar

import (
	"fmt"
	"time"
)

// Period is what one assessment covers: a calendar month (SPEC §6) or a
// calendar year (SPEC §7, annual). Its one written form, String, is the
// form every interface reads and the store keys results by: 2026-10 for a
// month, 2026 for a year. The zero Period is no period.
type Period struct {
	year  int
	month time.Month // 1–12 for a month; 0 for a year
	set   bool       // false for the zero Period
}

// MonthPeriod is the period of month m.
func MonthPeriod(m Month) Period { return Period{year: m.Year, month: m.Month, set: true} }

// YearPeriod is the period of year y.
func YearPeriod(y int) Period { return Period{year: y, set: true} }

// ParsePeriod is the one reader of a period: a month written YYYY-MM
// (2026-10: four ASCII digits, a hyphen, two digits from 01 to 12) or a year
// written YYYY (2026: four ASCII digits), nothing before or after. Every
// year of four digits is read (0000 to 9999); which years an interface
// takes is its own rule. The error names the value.
func ParsePeriod(s string) (Period, error) {
	switch {
	case len(s) == len("2006") && digits(s):
		return YearPeriod(atoi(s)), nil
	case len(s) == len("2006-01") && digits(s[:4]) && s[4] == '-' && digits(s[5:]):
		if m := atoi(s[5:]); m >= 1 && m <= 12 {
			return MonthPeriod(Month{Year: atoi(s[:4]), Month: time.Month(m)}), nil
		}
	}
	return Period{}, fmt.Errorf("%q is not a month written YYYY-MM or a year written YYYY", s)
}

// ParseMonth reads a month written YYYY-MM: a period of ParsePeriod that is
// a month.
func ParseMonth(s string) (Month, error) {
	p, err := ParsePeriod(s)
	if err != nil || p.IsYear() {
		return Month{}, fmt.Errorf("%q is not a month written YYYY-MM", s)
	}
	return p.Month(), nil
}

// ParseYear reads a year written YYYY: a period of ParsePeriod that is a
// year.
func ParseYear(s string) (int, error) {
	p, err := ParsePeriod(s)
	if err != nil || !p.IsYear() {
		return 0, fmt.Errorf("%q is not a year written YYYY", s)
	}
	return p.Year(), nil
}

// digits reports whether s is made of ASCII digits only.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads ASCII digits already checked by digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// IsZero reports whether p is the zero Period, no period.
func (p Period) IsZero() bool { return !p.set }

// IsYear reports whether p is a year.
func (p Period) IsYear() bool { return p.set && p.month == 0 }

// IsMonth reports whether p is a month.
func (p Period) IsMonth() bool { return p.month != 0 }

// Year is the year of p: the year itself, or the year of the month.
func (p Period) Year() int { return p.year }

// Month is the month of a month period; the zero Month for a year or no
// period.
func (p Period) Month() Month {
	if !p.IsMonth() {
		return Month{}
	}
	return Month{Year: p.year, Month: p.month}
}

// First is the first month p covers: the month itself, or January of the
// year.
func (p Period) First() Month {
	if p.IsMonth() {
		return p.Month()
	}
	return Month{Year: p.year, Month: time.January}
}

// Last is the last month p covers: the month itself, or December of the
// year.
func (p Period) Last() Month {
	if p.IsMonth() {
		return p.Month()
	}
	return Month{Year: p.year, Month: time.December}
}

// Kind names the kind of p as the API writes it: "month" or "year" ("" for
// no period).
func (p Period) Kind() string {
	switch {
	case p.IsMonth():
		return "month"
	case p.IsYear():
		return "year"
	}
	return ""
}

// String writes p: 2026-10 for a month, 2026 for a year, "" for no period.
// ParsePeriod reads it back.
func (p Period) String() string {
	switch {
	case p.IsMonth():
		return p.Month().String()
	case p.IsYear():
		if p.year < 0 || p.year > 9999 {
			return fmt.Sprintf("%04d", p.year)
		}
		var b [4]byte
		putDigits(b[:], p.year)
		return string(b[:])
	}
	return ""
}

// Equal reports whether p and q are the same period.
func (p Period) Equal(q Period) bool { return p == q }

// MarshalText writes p as String does.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads p as ParsePeriod does.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

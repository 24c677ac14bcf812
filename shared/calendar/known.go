package calendar

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Knows reports whether the calendar holds the whole holiday arrangement of
// year: a year of BuiltinYears, or one a calendar file declares (SPEC §4).
// In a year it does not know, working days are Monday to Friday and the
// calendar file's dates.
func (c *Calendar) Knows(year int) bool {
	if c.declared[year] {
		return true
	}
	_, ok := slices.BinarySearch(builtinKnown, year)
	return ok
}

// KnownYears are the years the calendar knows, ascending.
func (c *Calendar) KnownYears() []int {
	years := slices.Clone(builtinKnown)
	for y := range c.declared {
		if _, ok := slices.BinarySearch(builtinKnown, y); !ok {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	return years
}

// Declare marks year as known: the caller holds its whole arrangement.
func (c *Calendar) Declare(year int) { c.declared[year] = true }

func (c *Calendar) declaredYears() []int { return slices.Sorted(maps.Keys(c.declared)) }

// FormatYears writes ascending years with runs joined by an en dash:
// "2002–2027, 2030". No year is written "none".
func FormatYears(years []int) string {
	if len(years) == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, strconv.Itoa(years[i]))
		case j == i+1:
			parts = append(parts, strconv.Itoa(years[i]), strconv.Itoa(years[j]))
		default:
			parts = append(parts, fmt.Sprintf("%d–%d", years[i], years[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

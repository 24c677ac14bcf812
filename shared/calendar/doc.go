// Package calendar is the working-day calendar of SPEC §4: which local dates
// are working days under the State Council's holiday arrangements (built in
// from github.com/6tail/lunar-go, whose data carries the years 2002–2027,
// with the corrections of corrections in builtin.go), overridden by a
// district's calendar file; which years the calendar knows (BuiltinYears,
// and the years a calendar file declares); the working time between two
// instants; calendar months in the policy time zone; and the period of an
// assessment, a month or a year, with its one reader and written form.
//
// It is pure domain code: it must never import AWS, SQL or net/http packages,
// and it never reads the clock.
package calendar

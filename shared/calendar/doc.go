// Package calendar is the working-day calendar of SPEC §4: which local dates
// are working days under the State Council's holiday arrangements (built in
// from github.com/6tail/lunar-go, which carries them from 2001 through 2027),
// overridden by a district's calendar file; the working time between two
// instants; and calendar months in the policy time zone.
//
// It is pure domain code: it must never import AWS, SQL or net/http packages,
// and it never reads the clock.
package calendar

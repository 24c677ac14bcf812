package report

import (
	"fmt"
	"time"

	"github.com/shizhong/hotline/shared/score"
)

// The times of a result are shown in the policy's zone, and the result
// carries it: the engine sets AsOf to its "now" in the policy zone
// (score.Engine), the stored JSON keeps that as the offset of as_of, and a
// result read back from it has that offset as its zone. So no caller passes
// a zone, no zone is written into this package and no clock is read. A zone
// read from JSON is a fixed offset: a policy zone with daylight saving would
// show a time of the other season an hour off (the built-in Asia/Shanghai
// has none).

// zoneOf is the zone r's times are shown in: the zone of its as-of time.
func zoneOf(r *score.Result) *time.Location { return r.AsOf.Location() }

// localTime writes t as the local time of loc, to the minute.
func localTime(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04") }

// beijing is the UTC offset of China Standard Time, which China has kept all
// year since 1991.
const beijing = 8 * 60 * 60

// zoneLabel names the zone of t for a person in the office: 北京时间 at
// UTC+8, otherwise the offset (UTC+09:00, UTC-05:00).
func zoneLabel(t time.Time) string {
	_, off := t.Zone()
	if off == beijing {
		return "北京时间"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, off/3600, off%3600/60)
}

package event

import (
	"sync/atomic"
	"time"
)

// parseInstant reads an RFC 3339 instant as time.Parse(time.RFC3339, …)
// does, giving the same time.Time, location included, without copying the
// bytes to a string: the common form "2026-10-09T10:15:00+08:00" (or "Z")
// directly, anything else (a fraction of a second, a bad or unusual value)
// by time.Parse itself.
func parseInstant(b []byte) (time.Time, error) {
	if t, ok := parseCommonInstant(b); ok {
		return t, nil
	}
	return time.Parse(time.RFC3339, string(b))
}

// parseCommonInstant reads "YYYY-MM-DDTHH:MM:SS" followed by "Z" or
// "±HH:MM", with the ranges time.Parse checks; ok is false for anything else.
func parseCommonInstant(b []byte) (t time.Time, ok bool) {
	if len(b) != len("2006-01-02T15:04:05Z") && len(b) != len("2006-01-02T15:04:05-07:00") {
		return time.Time{}, false
	}
	if b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	cent, ok0 := two(b[0], b[1])
	yy, ok1 := two(b[2], b[3])
	year := cent*100 + yy
	month, ok2 := two(b[5], b[6])
	day, ok3 := two(b[8], b[9])
	hour, ok4 := two(b[11], b[12])
	minute, ok5 := two(b[14], b[15])
	sec, ok6 := two(b[17], b[18])
	if !(ok0 && ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1 || month < 1 || month > 12 ||
		day < 1 || day > daysInMonth(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	unix := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	zone := b[19:]
	if len(zone) == 1 {
		if zone[0] != 'Z' {
			return time.Time{}, false
		}
		return time.Unix(unix, 0).UTC(), true
	}
	zh, ok1 := two(zone[1], zone[2])
	zm, ok2 := two(zone[4], zone[5])
	if !ok1 || !ok2 || zh > 23 || zm > 59 || zone[3] != ':' || (zone[0] != '+' && zone[0] != '-') {
		return time.Time{}, false
	}
	offset := (zh*60 + zm) * 60
	if zone[0] == '-' {
		offset = -offset
	}
	t = time.Unix(unix-int64(offset), 0)
	// As time.Parse: the local zone when its offset at that instant is the
	// one written, else a zone of that offset without a name.
	if _, local := t.Zone(); local == offset {
		return t, true
	}
	return t.In(fixedZone(offset)), true
}

// lastZone is the zone fixedZone made last: the instants of an input
// nearly all have one offset.
var lastZone atomic.Pointer[offsetZone]

type offsetZone struct {
	offset int
	loc    *time.Location
}

// fixedZone is time.FixedZone("", offset), made once for a run of
// instants of the same offset rather than once an instant.
func fixedZone(offset int) *time.Location {
	if z := lastZone.Load(); z != nil && z.offset == offset {
		return z.loc
	}
	z := &offsetZone{offset, time.FixedZone("", offset)}
	lastZone.Store(z)
	return z.loc
}

// two reads two decimal digits (a byte below '0' wraps to above 9).
func two(hi, lo byte) (n int, ok bool) {
	h, l := hi-'0', lo-'0'
	return int(h)*10 + int(l), h <= 9 && l <= 9
}

func daysInMonth(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysSinceEpoch is the number of days from 1970-01-01 to the date, in
// the proleptic Gregorian calendar (year ≥ 1).
func daysSinceEpoch(year, month, day int) int64 {
	y := year
	if month <= 2 {
		y--
	}
	era := y / 400 // y ≥ 0
	yoe := y - era*400
	mp := (month + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097+doe) - 719468
}

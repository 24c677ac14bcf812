package sheet

import "time"

// excelEpoch is day 0 of Excel's 1900 date system, 1899-12-30, as days
// since the Unix epoch: serial = unix days + 25569.
const excelEpoch = 25569

// Serial is the Excel serial date of t's wall time in loc: the days since
// 1899-12-30, the fraction the time of day. Whole seconds survive the
// float64 (its resolution there is below a microsecond): reading back,
// round(serial×86400) is the wall time to the second.
func Serial(t time.Time, loc *time.Location) float64 {
	_, off := t.In(loc).Zone()
	s := t.Unix() + int64(off)
	days := s / 86400
	if s%86400 < 0 {
		days--
	}
	return float64(days+excelEpoch) + float64(s-days*86400)/86400
}

// FromSerial is the instant of an Excel serial date read as a wall time in
// loc, rounded to the second: the inverse of Serial.
func FromSerial(serial float64, loc *time.Location) time.Time {
	days := int64(serial)
	if float64(days) > serial {
		days--
	}
	sec := int64((serial-float64(days))*86400 + 0.5)
	wall := time.Unix((days-excelEpoch)*86400+sec, 0).UTC()
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc)
}

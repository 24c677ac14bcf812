package event

import "time"

// The years an instant of an event may fall in (SPEC v1.1 §3). An instant
// outside them is a typing error (2602 for 2026), and far enough out it no
// longer fits the engine's int64 nanoseconds: refused, never wrapped.
const (
	FirstYear = 2000
	LastYear  = 2099
)

// contractZone is the zone the years are read in: the policy zone's
// default, Asia/Shanghai, which is UTC+8 all through 2000–2099.
var contractZone = time.FixedZone("UTC+8", 8*60*60)

var (
	firstInstant = time.Date(FirstYear, time.January, 1, 0, 0, 0, 0, contractZone)
	endInstant   = time.Date(LastYear+1, time.January, 1, 0, 0, 0, 0, contractZone)
)

// InRange reports whether t falls in the years FirstYear–LastYear, read in
// Asia/Shanghai.
func InRange(t time.Time) bool { return !t.Before(firstInstant) && t.Before(endInstant) }

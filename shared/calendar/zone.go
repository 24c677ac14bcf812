package calendar

import (
	"sync"
	"time"
)

// DefaultZone is the policy time zone of SPEC §4 when nothing names
// another: every instant is read in it, and months and working days are
// told in it. It is written here only; the built-in policy, the cloud
// configuration, the HTTP server and the command line all take it from here.
const DefaultZone = "Asia/Shanghai"

// DefaultLocation is DefaultZone. Binaries embed time/tzdata (shared/policy
// and shared/cloud import it), so the zone always loads there; where the
// zone data cannot be read it is the same fixed offset, UTC+8 named "CST",
// which Asia/Shanghai has kept since 1991 (SPEC §3 reads instants of
// 2000–2099 only).
func DefaultLocation() *time.Location { return defaultLocation() }

var defaultLocation = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation(DefaultZone); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
})

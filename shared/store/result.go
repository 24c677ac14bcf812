package store

import "time"

// Result is one stored version of a computed result.
type Result struct {
	Period      string    `json:"period"`      // "2026-10" or "2026"
	Version     int       `json:"version"`     // 1, 2, … per period
	Policy      string    `json:"policy"`      // the policy id it was computed under
	Fingerprint string    `json:"fingerprint"` // of its input: events, units, policy, calendar, as-of
	ComputedAt  time.Time `json:"computed_at"`
	Final       bool      `json:"final"`
	Body        []byte    `json:"-"` // the result as `hotline score --format json` writes it
}

package gen

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// Config says what to generate.
type Config struct {
	Seed     uint64         // same seed, same output, byte for byte
	Tickets  int            // tickets assigned in the last month (the month scored); earlier months get about the same number; 0 means DefaultTickets
	Units    int            // number of units; 0 = automatic from Tickets (AutoUnits)
	Month    calendar.Month // the last month generated
	Months   int            // how many months ending at Month (default 1); earlier months make escalations visible
	Location *time.Location // the policy zone; nil means calendar.DefaultZone
}

// Stats counts what was written.
type Stats struct {
	Units   int // units in units.yaml
	Tickets int // tickets over all months
	Events  int // events (lines) written
}

// Limits and defaults of a Config.
const (
	DefaultTickets = 30000 // a district like Shizhong in one month
	MaxMonths      = 120   // ten years at most
	MaxUnits       = 5000  // more units than any district has
	minAutoUnits   = 14    // enough for bottom ranks in both groups
)

// AutoUnits is the number of units generated for a month of the given number
// of tickets when Config.Units is 0: 42 units (12 towns/streets and 30
// departments) for 30,000 tickets, growing with the square root of the volume
// to about 340 for 2,000,000 tickets.
func AutoUnits(tickets int) int {
	if tickets <= 0 {
		tickets = DefaultTickets
	}
	n := int(math.Sqrt(float64(42*42) * float64(tickets) / DefaultTickets))
	return min(max(n, minAutoUnits), MaxUnits)
}

// normalize fills in the defaults and checks the Config.
func (c Config) normalize() (Config, error) {
	if c.Tickets < 0 {
		return c, fmt.Errorf("gen: tickets %d must not be negative", c.Tickets)
	}
	if c.Tickets == 0 {
		c.Tickets = DefaultTickets
	}
	if c.Units < 0 || c.Units > MaxUnits {
		return c, fmt.Errorf("gen: units %d must be from 0 to %d", c.Units, MaxUnits)
	}
	if c.Units == 0 {
		c.Units = AutoUnits(c.Tickets)
	}
	if c.Months == 0 {
		c.Months = 1
	}
	if c.Months < 0 || c.Months > MaxMonths {
		return c, fmt.Errorf("gen: months %d must be from 1 to %d", c.Months, MaxMonths)
	}
	if c.Month.Year < 1000 || c.Month.Year > 9999 || c.Month.Month < time.January || c.Month.Month > time.December {
		return c, errors.New("gen: month is required (e.g. 2026-10)")
	}
	if c.Location == nil {
		c.Location = calendar.DefaultLocation()
	}
	return c, nil
}

// unitCount is the number of units of the Config, as Units and Write use it.
func (c Config) unitCount() int {
	if c.Units > 0 {
		return min(c.Units, MaxUnits)
	}
	return AutoUnits(c.Tickets)
}

// Shanghai is the policy zone, calendar.DefaultLocation, for the tools
// that build a district (tools/loadcrash).
func Shanghai() *time.Location { return calendar.DefaultLocation() }

package gen

import (
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// clock is the working-day calendar of the generated period as a table of
// local days, with instants as Unix seconds.
type clock struct {
	loc   *time.Location
	start []int64 // start[i]: first instant of day i; start[len-1] ends the table
	work  []bool  // day i is a working day
	wpos  []int   // number of working days among days 0..i
	wdays []int   // the working days, in order
}

// newClock covers the local days from `from` for `days` days.
func newClock(loc *time.Location, from calendar.Date, days int) *clock {
	cal := calendar.New(loc)
	c := &clock{loc: loc}
	d := from
	for i := range days {
		c.start = append(c.start, d.Start(loc).Unix())
		w := cal.IsWorkday(d)
		c.work = append(c.work, w)
		if w {
			c.wdays = append(c.wdays, i)
		}
		c.wpos = append(c.wpos, len(c.wdays))
		d = d.Next()
	}
	c.start = append(c.start, d.Start(loc).Unix())
	return c
}

// days is the number of days in the table.
func (c *clock) days() int { return len(c.work) }

// day is the index of the day that holds t, clamped to the table.
func (c *clock) day(t int64) int {
	n := c.days()
	i := int((t - c.start[0]) / day)
	i = min(max(i, 0), n-1)
	for i+1 < n && c.start[i+1] <= t {
		i++
	}
	for i > 0 && c.start[i] > t {
		i--
	}
	return i
}

// addWorkdays is t at the same time of day on the n-th working day after
// t's day (n ≥ 1); the last day of the table when it runs out.
func (c *clock) addWorkdays(t int64, n int) int64 {
	i := c.day(t)
	sod := t - c.start[i]
	k := min(c.wpos[i]+n-1, len(c.wdays)-1)
	j := c.wdays[k]
	if j <= i {
		j = min(i+n, c.days()-1)
	}
	return c.start[j] + min(sod, c.start[j+1]-c.start[j]-1)
}

// addWorking is the instant when the working time since t reaches d
// seconds; time on days off does not count.
func (c *clock) addWorking(t, d int64) int64 {
	i := c.day(t)
	for ; i < c.days(); i++ {
		if !c.work[i] {
			continue
		}
		from := max(t, c.start[i])
		left := c.start[i+1] - from
		if d <= left {
			return from + d
		}
		d -= left
	}
	return max(t, c.start[c.days()]) + d
}

// firstWorkday is the index of the first working day at or after day i.
func (c *clock) firstWorkday(i int) int {
	for i < c.days()-1 && !c.work[i] {
		i++
	}
	return i
}

// time is the instant t in the clock's zone.
func (c *clock) time(t int64) time.Time { return time.Unix(t, 0).In(c.loc) }

// noLimit is an instant after every generated one: no upper bound.
const noLimit = int64(1) << 62

// daytime maps t into the office hours of its day, 8:00–20:00 (0:00 to
// 8:00, 12:00 to 14:00, 24:00 to 20:00), if that stays within [lo, hi]:
// units and the centre act by day, citizens call at any hour.
func (c *clock) daytime(t, lo, hi int64) int64 {
	i := c.day(t)
	m := c.start[i] + 8*hour + (t-c.start[i])/2
	if m < lo || m > hi {
		return t
	}
	return m
}

package gen

import (
	"math/rand/v2"

	"github.com/shizhong/hotline/shared/event"
)

// callbacks writes the callback attempts for the reply of unit u at
// instant reply, with a share pd (ppm) of dissatisfied results; it gives the
// instant of the last attempt and whether the result was dissatisfied.
func (g *generator) callbacks(reply int64, u, pd int) (int64, bool) {
	r := g.r
	t := g.later(reply+2*hour+r.Int64N(46*hour), reply+1)
	if chance(r, firstMissed) {
		e := g.set(event.Callback, t, u)
		e.Connected = false
		g.emit()
		if !chance(r, secondAttempt) {
			return t, false
		}
		t = g.later(t+3*hour+r.Int64N(day), t+1)
		if !chance(r, secondConnects) {
			g.set(event.Callback, t, u)
			g.emit()
			return t, false
		}
	}
	e := g.set(event.Callback, t, u)
	e.Connected = true
	e.Result, e.Process = answers(r, pd)
	g.emit()
	return t, e.Result == event.Dissatisfied
}

// later maps t, which must come after lo, into office hours.
func (g *generator) later(t, lo int64) int64 { return g.clk.daytime(t, lo, noLimit) }

// answers draws the result and process answers of a connected callback.
func answers(r *rand.Rand, pd int) (result, process string) {
	switch x := int(r.Uint32N(million)); {
	case x < pd:
		result = event.Dissatisfied
	case x < pd+basically:
		result = event.BasicallySatisfied
	default:
		result = event.Satisfied
	}
	y := int(r.Uint32N(million))
	if result == event.Dissatisfied {
		switch {
		case y < 500_000:
			return result, event.Dissatisfied
		case y < 800_000:
			return result, event.BasicallySatisfied
		}
		return result, event.Satisfied
	}
	switch {
	case y < pd/4:
		return result, event.Dissatisfied
	case y < pd/4+150_000:
		return result, event.BasicallySatisfied
	}
	return result, event.Satisfied
}

package score_test

// Properties over random but valid event sets (math/rand/v2, fixed seeds):
// SPEC §5 (order, duplicates, conflicts) and invariants of §6–§7 checked
// against small independent recomputations.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// gen makes random valid events.
type gen struct {
	r     *rand.Rand
	units []string
	out   []event.Event
}

func (g *gen) add(e event.Event) {
	e.ID = fmt.Sprintf("e%05d", len(g.out))
	if err := e.Validate(); err != nil {
		panic(fmt.Sprintf("generated an invalid event %+v: %v", e, err))
	}
	g.out = append(g.out, e)
}

func (g *gen) unit() string { return g.units[g.r.IntN(len(g.units))] }
func (g *gen) chance(p float64) bool {
	return g.r.Float64() < p
}

// after is from plus up to max, to the second.
func (g *gen) after(from time.Time, max time.Duration) time.Time {
	return from.Add(time.Duration(g.r.Int64N(int64(max/time.Second))) * time.Second)
}

func (g *gen) answer() string { return event.Answers[g.r.IntN(len(event.Answers))] }

// sometimes is t, or half the time one of a few instants shared by many
// events, so that events tie in time.
func (g *gen) sometimes(t time.Time) time.Time {
	if g.chance(0.5) {
		return ts("2026-10-15 09:00").Add(time.Duration(g.r.IntN(2)) * 30 * 24 * time.Hour)
	}
	return t
}

// randomEvents makes about n events of the units over October and November
// 2026 (deadlines and callbacks may run into December); seed fixes them.
func randomEvents(seed uint64, n int, units []string) []event.Event {
	g := &gen{r: rand.New(rand.NewPCG(seed, 20261001)), units: units}
	start := ts("2026-10-01 00:00")
	day := 24 * time.Hour
	quarter := func() decimal.Decimal { return decimal.NewFromInt(int64(g.r.IntN(21))).Div(decimal.NewFromInt(4)) }
	for _, u := range units {
		if g.chance(0.7) {
			e := event.Event{Type: event.OrgAssessed, At: g.after(ts("2026-09-01 00:00"), 75*day), UnitID: u,
				Leadership: quarter(), Staffing: quarter()}
			if g.chance(0.5) {
				e.StaffCount, e.HasStaffCount = g.r.IntN(4), true
			}
			g.add(e)
			if g.chance(0.4) { // another assessment at the same instant
				e.Leadership, e.Staffing = quarter(), quarter()
				g.add(e)
			}
		}
	}
	for tk := 0; len(g.out) < n; tk++ {
		ticket := fmt.Sprintf("T%04d", tk)
		u := g.unit()
		if g.chance(0.02) {
			u = "ghost" // not in the registry
		}
		r := g.after(start, 58*day)
		due := r.Add(time.Duration(2+g.r.IntN(240)) * time.Hour)
		g.add(event.Event{Type: event.Assigned, At: r, TicketID: ticket, UnitID: u, DueAt: due, Channel: event.Channels[g.r.IntN(len(event.Channels))]})
		switch k := g.r.IntN(10); {
		case k < 3:
			at := g.after(r, 96*time.Hour)
			if g.chance(0.1) {
				at = r.Add(24 * time.Hour)
			}
			e := event.Event{Type: event.Returned, At: at, TicketID: ticket, UnitID: u}
			if g.chance(0.35) {
				e.Noncompliant, e.CitizenContacted = true, g.chance(0.5)
			}
			g.add(e)
			if g.chance(0.3) { // the centre refuses the application (SPEC §3 v1.1)
				rj := at.Add(time.Duration(g.r.IntN(72)) * time.Hour)
				if g.chance(0.15) {
					rj = at // at the same instant
				}
				g.add(event.Event{Type: event.ReturnRejected, At: rj, TicketID: ticket, UnitID: u, Reason: "请继续办理"})
			}
			if g.chance(0.3) { // a second unit takes it
				u2 := g.unit()
				r2 := at.Add(time.Hour)
				g.add(event.Event{Type: event.Assigned, At: r2, TicketID: ticket, UnitID: u2, DueAt: r2.Add(time.Duration(24+g.r.IntN(200)) * time.Hour), Channel: "hotline_12345"})
				if g.chance(0.6) {
					g.add(event.Event{Type: event.Replied, At: g.after(r2, 200*time.Hour), TicketID: ticket, UnitID: u2})
				}
				u = u2
			}
		case k < 8:
			at := g.after(r, due.Sub(r)+48*time.Hour)
			if g.chance(0.1) {
				at = due
			}
			g.add(event.Event{Type: event.Replied, At: at, TicketID: ticket, UnitID: u})
		}
		if g.chance(0.1) { // assigned again to the same unit
			r2 := g.after(r, 48*time.Hour).Add(time.Second)
			g.add(event.Event{Type: event.Assigned, At: r2, TicketID: ticket, UnitID: u, DueAt: r2.Add(time.Duration(2+g.r.IntN(240)) * time.Hour), Channel: "other"})
		}
		if g.chance(0.1) {
			sv := g.after(r, 5*day)
			g.add(event.Event{Type: event.Supervised, At: sv, TicketID: ticket, UnitID: u})
			if g.chance(0.6) {
				g.add(event.Event{Type: event.SupervisionRejected, At: g.after(sv, 5*day), TicketID: ticket, UnitID: u})
			}
		}
		if g.chance(0.75) {
			for range 1 + g.r.IntN(3) {
				e := event.Event{Type: event.Callback, At: g.after(r, 20*day), TicketID: ticket, UnitID: u, Connected: g.chance(0.75)}
				if e.Connected {
					e.Result, e.Process = g.answer(), g.answer()
				}
				g.add(e)
				if e.Connected && g.chance(0.2) { // another answer at the same instant
					e.Result, e.Process = g.answer(), g.answer()
					g.add(e)
				}
			}
		}
		if g.chance(0.06) {
			g.add(event.Event{Type: event.UnreasonableApproved, At: g.after(start, 75*day), TicketID: ticket})
		}
		if g.chance(0.1) {
			to := ""
			for g.chance(0.7) && (to == "" || to == u) {
				to = g.unit()
			}
			if to == u {
				to = ""
			}
			e := event.Event{Type: event.OverdueReassigned, At: g.after(due, 5*day), TicketID: ticket, UnitID: u, ToUnitID: to}
			g.add(e)
			if g.chance(0.3) { // another decision at the same instant
				e.ToUnitID = ""
				if to == "" {
					e.ToUnitID = g.units[0]
					if e.ToUnitID == u {
						e.ToUnitID = g.units[1]
					}
				}
				g.add(e)
			}
		}
		if g.chance(0.05) {
			g.add(event.Event{Type: event.Criticized, At: g.sometimes(g.after(start, 60*day)), UnitID: g.unit(), TicketID: ticket, Reason: event.CriticismReasons[g.r.IntN(5)]})
		}
		if g.chance(0.05) {
			g.add(event.Event{Type: event.Criticized, At: g.sometimes(g.after(start, 60*day)), UnitID: g.unit(), Reason: "not_handled"})
		}
		if g.chance(0.05) {
			g.add(event.Event{Type: event.MeetingAbsent, At: g.sometimes(g.after(start, 60*day)), UnitID: g.unit(), Meeting: event.Meetings[g.r.IntN(3)]})
		}
		if g.chance(0.12) {
			g.add(event.Event{Type: event.SupervisionRejected, At: g.sometimes(g.after(start, 60*day)), TicketID: ticket, UnitID: u})
		}
		if g.chance(0.03) {
			g.add(event.Event{Type: event.Redo, At: g.after(r, 10*day), TicketID: ticket, UnitID: u, Reason: event.RedoReasons[g.r.IntN(4)]})
		}
	}
	g.corrections()
	return g.out
}

// causes are the deduction rules an event of each type may cause.
var causes = map[event.Type][]string{
	event.Assigned:            {"overdue"},
	event.Returned:            {"late_return", "noncompliant_return"},
	event.SupervisionRejected: {"supervision_rejected"},
	event.MeetingAbsent:       {"meeting_absent"},
	event.Criticized:          {"criticized"},
}

// corrections adds the centre's corrections (SPEC §3, §5 v1.1) to the
// events made so far: waivers of deductions that may or may not exist
// (some naming the wrong unit or rule), retractions of any event, of
// waivers, of retractions and of ids that do not exist, some at the
// instants other events share.
func (g *gen) corrections() {
	start := ts("2026-10-01 00:00")
	made := len(g.out)
	for i := range made {
		e := g.out[i]
		if rules, ok := causes[e.Type]; ok && g.chance(0.08) {
			w := event.Event{Type: event.DeductionWaived, At: g.sometimes(g.after(start, 70*24*time.Hour)), UnitID: e.UnitID,
				Rule: rules[g.r.IntN(len(rules))], EventID: e.ID, Reason: "申诉成立"}
			if w.UnitID == "" || w.UnitID == "ghost" || g.chance(0.1) {
				w.UnitID = g.unit()
			}
			if g.chance(0.1) {
				w.Rule = event.DeductionRules[g.r.IntN(len(event.DeductionRules))]
			}
			if g.chance(0.3) {
				w.AppealID = fmt.Sprintf("ap-%d", i)
			}
			g.add(w)
		}
	}
	for i := range len(g.out) {
		if g.chance(0.03) {
			g.add(event.Event{Type: event.Retracted, At: g.sometimes(g.after(start, 70*24*time.Hour)), EventID: g.out[i].ID, Reason: "录入错误"})
		}
	}
	for range 3 {
		g.add(event.Event{Type: event.Retracted, At: g.after(start, 60*24*time.Hour), EventID: g.out[len(g.out)-1-g.r.IntN(10)].ID, Reason: "撤销撤销"})
		g.add(event.Event{Type: event.Retracted, At: g.after(start, 60*24*time.Hour), EventID: fmt.Sprintf("nothing-%d", g.r.IntN(1000)), Reason: "笔误"})
	}
}

// withdrawn are the ids of the events a retraction withdraws (SPEC §5
// v1.1): a retraction of a retraction withdraws nothing.
func withdrawn(events []event.Event) map[string]bool {
	isRetraction := map[string]bool{}
	for _, e := range events {
		if e.Type == event.Retracted {
			isRetraction[e.ID] = true
		}
	}
	gone := map[string]bool{}
	for _, e := range events {
		if e.Type == event.Retracted && !isRetraction[e.EventID] {
			gone[e.EventID] = true
		}
	}
	return gone
}

// scoredEvents are the events the engine scores: without those withdrawn,
// and without the corrections themselves.
func scoredEvents(events []event.Event) []event.Event {
	gone := withdrawn(events)
	var out []event.Event
	for _, e := range events {
		if !gone[e.ID] && !e.Type.IsCorrection() {
			out = append(out, e)
		}
	}
	return out
}

// waiversInForce are the deduction_waived events not withdrawn.
func waiversInForce(events []event.Event) []event.Event {
	gone := withdrawn(events)
	var out []event.Event
	for _, e := range events {
		if e.Type == event.DeductionWaived && !gone[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

// waivedNames is what the waivers in force name: unit, rule, event.
func waivedNames(events []event.Event) map[[3]string]bool {
	out := map[[3]string]bool{}
	for _, w := range waiversInForce(events) {
		out[[3]string{w.UnitID, w.Rule, w.EventID}] = true
	}
	return out
}

var threeUnits = []unit.Unit{town("a"), town("b"), dept("x")}

func ids(units []unit.Unit) []string {
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = u.ID
	}
	return out
}

// resultsJSON scores October, November and the year 2026 of the events,
// through score.Month / score.Year (each with its own ledger), and returns
// their JSON.
func resultsJSON(t *testing.T, events []event.Event, units []unit.Unit) string {
	t.Helper()
	var b strings.Builder
	for _, m := range []calendar.Month{oct2026, nov2026} {
		res := monthOf(t, events, m, withUnits(units...), withNow("2026-12-05 12:00"))
		j, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	res := yearOf(t, events, 2026, withUnits(units...), withNow("2026-12-05 12:00"))
	j, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	b.Write(j)
	return b.String()
}

// TestPropertyCoverage makes sure the random events exercise the rules the
// other properties rely on.
func TestPropertyCoverage(t *testing.T) {
	events := randomEvents(1, 300, ids(threeUnits))
	eng := engine(t, events, withUnits(threeUnits...), withNow("2026-12-05 12:00"))
	var sum score.Counts
	moved, waivedN := 0, 0
	warned := map[string]bool{}
	for _, m := range []calendar.Month{oct2026, nov2026} {
		res := eng.Month(m)
		for _, u := range res.Units {
			c := u.Counts
			sum.LateReturns += c.LateReturns
			sum.NoncompliantUncontacted += c.NoncompliantUncontacted
			sum.Overdue += c.Overdue
			sum.SupervisionRejected += c.SupervisionRejected
			sum.MeetingsAbsent += c.MeetingsAbsent
			sum.Criticisms += c.Criticisms
			sum.Connected += c.Connected
			sum.ExcludedUnreasonable += c.ExcludedUnreasonable
			for _, d := range u.Deductions {
				if d.FromUnitID != "" {
					moved++
				}
				if d.Waived {
					waivedN++
				}
			}
		}
		for _, w := range res.Warnings {
			for _, kind := range []string{"names retraction", "not among the events", "deduction_waived"} {
				if strings.Contains(w, kind) {
					warned[kind] = true
				}
			}
		}
	}
	for _, kind := range []string{"names retraction", "not among the events", "deduction_waived"} {
		if !warned[kind] {
			t.Errorf("the random events never warn %q", kind)
		}
	}
	retractedN, refused := 0, 0
	for _, e := range events {
		switch e.Type {
		case event.Retracted:
			retractedN++
		case event.ReturnRejected:
			refused++
		}
	}
	for name, n := range map[string]int{
		"late": sum.LateReturns, "noncompliant": sum.NoncompliantUncontacted, "overdue": sum.Overdue,
		"supervision_rejected": sum.SupervisionRejected, "meetings_absent": sum.MeetingsAbsent,
		"criticisms": sum.Criticisms, "connected": sum.Connected, "excluded_unreasonable": sum.ExcludedUnreasonable,
		"moved overdue": moved, "waived deductions": waivedN, "retractions": retractedN, "refused returns": refused,
		"overdue after a refused return": refusedThenOverdue(t, events),
	} {
		if n == 0 {
			t.Errorf("the random events never produce %s", name)
		}
	}
	if len(events) < 300 {
		t.Errorf("only %d events", len(events))
	}
}

// refusedThenOverdue counts the assignments that are overdue only because a
// return was refused: scoring the events without their return_rejected
// gives fewer overdue counts.
func refusedThenOverdue(t *testing.T, events []event.Event) int {
	t.Helper()
	var without []event.Event
	for _, e := range events {
		if e.Type != event.ReturnRejected {
			without = append(without, e)
		}
	}
	n := 0
	for _, m := range []calendar.Month{oct2026, nov2026} {
		with := monthOf(t, events, m, withUnits(threeUnits...), withNow("2026-12-05 12:00"))
		wo := monthOf(t, without, m, withUnits(threeUnits...), withNow("2026-12-05 12:00"))
		for i := range with.Units {
			n += with.Units[i].Counts.Overdue - unitOf(t, wo, with.Units[i].UnitID).Counts.Overdue
		}
	}
	return n
}

// §5: the result depends only on the set of events, never on their order.
func TestPropertyOrderIndependence(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			events := randomEvents(seed, 300, ids(threeUnits))
			base := resultsJSON(t, events, threeUnits)
			r := rand.New(rand.NewPCG(seed, 7))
			for i := range 20 {
				sh := slices.Clone(events)
				r.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
				if got := resultsJSON(t, sh, threeUnits); got != base {
					t.Fatalf("shuffle %d changes the result (-first +shuffled):\n%s", i, cmp.Diff(base, got))
				}
			}
		})
	}
}

// §5: the same result on one CPU as on many (the engine splits its work).
func TestPropertyParallelism(t *testing.T) {
	events := randomEvents(4, 400, ids(threeUnits))
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	one := resultsJSON(t, events, threeUnits)
	runtime.GOMAXPROCS(7)
	if many := resultsJSON(t, events, threeUnits); many != one {
		t.Fatalf("GOMAXPROCS changes the result (-1 +7):\n%s", cmp.Diff(one, many))
	}
}

// §5: an event repeated with the same id and content counts once.
func TestPropertyDuplicatesCountOnce(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			events := randomEvents(seed, 300, ids(threeUnits))
			base := resultsJSON(t, events, threeUnits)
			r := rand.New(rand.NewPCG(seed, 11))
			for i := range 5 {
				dup := slices.Clone(events)
				for _, e := range events {
					for range r.IntN(3) { // 0, 1 or 2 more copies
						dup = append(dup, e)
					}
				}
				r.Shuffle(len(dup), func(i, j int) { dup[i], dup[j] = dup[j], dup[i] })
				if got := resultsJSON(t, dup, threeUnits); got != base {
					t.Fatalf("round %d: duplicates change the result (-once +repeated):\n%s", i, cmp.Diff(base, got))
				}
				l := score.NewLedger(registry(t, threeUnits))
				added := 0
				for k := range dup {
					ok, err := l.Add(&dup[k], score.Origin{File: "dup", Line: k + 1})
					if err != nil {
						t.Fatalf("identical duplicate %s: %v", dup[k].ID, err)
					}
					if ok {
						added++
					}
				}
				if added != len(events) || l.Len() != len(events) {
					t.Errorf("round %d: %d added, Len %d, want %d distinct", i, added, l.Len(), len(events))
				}
			}
		})
	}
}

// mutate changes the content of an event, keeping it valid.
func mutate(r *rand.Rand, e event.Event, units []string) event.Event {
	switch r.IntN(3) {
	case 0:
		e.At = e.At.Add(-time.Second)
	case 1:
		e.At = e.At.Add(time.Minute)
		if e.Type == event.Assigned {
			e.DueAt = e.DueAt.Add(time.Minute)
		}
	default:
		switch e.Type {
		case event.Callback:
			e.Connected = !e.Connected
			e.Result, e.Process = "", ""
			if e.Connected {
				e.Result, e.Process = event.Satisfied, event.Dissatisfied
			}
		case event.UnreasonableApproved:
			e.TicketID += "-other"
		case event.OrgAssessed:
			e.Leadership = e.Leadership.Add(decimal.NewFromInt(1)).Mod(decimal.NewFromInt(5))
		case event.Retracted:
			e.EventID += "-other"
		default:
			for _, u := range units {
				if u != e.UnitID {
					e.UnitID = u
					break
				}
			}
		}
	}
	return e
}

// §5: the same id with different content is a *score.ConflictError naming
// both origins, wherever the two copies are in the input.
func TestPropertyConflict(t *testing.T) {
	units := ids(threeUnits)
	events := randomEvents(5, 300, units)
	r := rand.New(rand.NewPCG(5, 13))
	for round := range 30 {
		i := r.IntN(len(events))
		other := mutate(r, events[i], units)
		if err := other.Validate(); err != nil {
			t.Fatalf("mutated event invalid: %v", err)
		}
		list := slices.Clone(events)
		j := r.IntN(len(list) + 1)
		list = slices.Insert(list, j, other)
		first, second := i, j // positions in list
		if j <= i {
			first, second = j, i+1
		}
		_, err := score.Month(list, score.NewLedger(registry(t, threeUnits)), policy.Builtin(), calendar.New(shanghai), oct2026, ts(defaultNow))
		var ce *score.ConflictError
		if !errors.As(err, &ce) {
			t.Fatalf("round %d: %s changed (%+v → %+v): error %v, want a *score.ConflictError", round, events[i].ID, events[i], other, err)
		}
		if ce.ID != events[i].ID {
			t.Errorf("round %d: conflict names id %q, want %q", round, ce.ID, events[i].ID)
		}
		if ce.First.Line != first+1 || ce.Second.Line != second+1 {
			t.Errorf("round %d: conflict between lines %d and %d, want %d and %d", round, ce.First.Line, ce.Second.Line, first+1, second+1)
		}
		for _, o := range []score.Origin{ce.First, ce.Second} {
			if !strings.Contains(err.Error(), o.String()) {
				t.Errorf("round %d: error %q does not name %s", round, err, o)
			}
		}
	}
}

// TestConflictNamesBothFiles: the ledger reports the two origins it was
// given, and an identical repeat is a no-op.
func TestConflictNamesBothFiles(t *testing.T) {
	l := score.NewLedger(registry(t, defaultUnits()))
	e := criticized("ev-1", "a", "2026-10-12 09:00")
	if added, err := l.Add(&e, score.Origin{File: "monday.jsonl", Line: 3}); !added || err != nil {
		t.Fatalf("first add: %v %v", added, err)
	}
	same := e
	if added, err := l.Add(&same, score.Origin{File: "monday.jsonl", Line: 4}); added || err != nil {
		t.Fatalf("identical repeat: added %v, error %v; want a no-op", added, err)
	}
	// The same instant written with another offset is the same content.
	utc := e
	utc.At = e.At.UTC()
	if added, err := l.Add(&utc, score.Origin{File: "monday.jsonl", Line: 5}); added || err != nil {
		t.Fatalf("same instant in UTC: added %v, error %v; want a no-op", added, err)
	}
	diff := e
	diff.Reason = "false_result"
	added, err := l.Add(&diff, score.Origin{File: "tuesday.jsonl", Line: 9})
	var ce *score.ConflictError
	if added || !errors.As(err, &ce) {
		t.Fatalf("different content: added %v, error %v; want a *score.ConflictError", added, err)
	}
	if ce.ID != "ev-1" || ce.First != (score.Origin{File: "monday.jsonl", Line: 3}) || ce.Second != (score.Origin{File: "tuesday.jsonl", Line: 9}) {
		t.Errorf("conflict %+v", ce)
	}
	for _, s := range []string{"monday.jsonl:3", "tuesday.jsonl:9", `"ev-1"`} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %s", err, s)
		}
	}
	// Nothing of the conflicting event was kept.
	res := score.New(l, policy.Builtin(), calendar.New(shanghai), ts(defaultNow)).Month(oct2026)
	if n := unitOf(t, res, "a").Counts.Criticisms; n != 1 {
		t.Errorf("criticisms %d, want 1", n)
	}
	if l.Len() != 1 {
		t.Errorf("Len %d, want 1", l.Len())
	}
}

// TestInvalidEventRejected: score.Month validates the events it is given.
func TestInvalidEventRejected(t *testing.T) {
	bad := assigned("as1", "T1", "a", "2026-10-12 09:00", "2026-10-12 09:00") // due not after at
	_, err := score.Month(evs(bad), score.NewLedger(registry(t, defaultUnits())), policy.Builtin(), calendar.New(shanghai), oct2026, ts(defaultNow))
	if err == nil || !strings.Contains(err.Error(), "due_at") {
		t.Errorf("error %v, want one naming due_at", err)
	}
}

// ---- invariants, recomputed independently ----

var manyUnits = []unit.Unit{town("a"), town("b"), town("c"), town("d"), town("e"), dept("x"), dept("y"), dept("z"), dept("w")}

// oracle is what can be recomputed from the events directly: per unit and
// month, the callback tickets, connected, excluded and satisfied tickets;
// per unit and year, the callback tickets. When two connected callbacks of
// a ticket tie as the latest with different answers, SPEC does not say
// which decides: the satisfied counts are known between a low and a high.
type oracle struct {
	tickets, connected, excluded map[string]int // "unit month" →
	resultLo, resultHi           map[string]int
	procLo, procHi               map[string]int
	yearTickets                  map[string]int // "unit" → tickets with a callback in 2026
}

func newOracle(events []event.Event, units []unit.Unit) *oracle {
	known := map[string]bool{}
	for _, u := range units {
		known[u.ID] = true
	}
	unreasonableT := map[string]bool{}
	for _, e := range events {
		if e.Type == event.UnreasonableApproved {
			unreasonableT[e.TicketID] = true
		}
	}
	type key struct{ unit, month, ticket string }
	type last struct {
		at     time.Time
		conn   bool
		result []string // the answers of the latest connected callbacks
		proc   []string
	}
	latest := map[key]*last{}
	year := map[[2]string]bool{}
	for _, e := range events {
		if e.Type != event.Callback || !known[e.UnitID] {
			continue
		}
		m := calendar.MonthOf(e.At, shanghai)
		k := key{e.UnitID, m.String(), e.TicketID}
		l, ok := latest[k]
		if !ok {
			l = &last{}
			latest[k] = l
		}
		switch {
		case e.Connected && (!l.conn || e.At.After(l.at)):
			l.at, l.conn, l.result, l.proc = e.At, true, []string{e.Result}, []string{e.Process}
		case e.Connected && e.At.Equal(l.at):
			l.result, l.proc = append(l.result, e.Result), append(l.proc, e.Process)
		}
		if m.Year == 2026 {
			year[[2]string{e.UnitID, e.TicketID}] = true
		}
	}
	o := &oracle{map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}}
	sat := func(a string) bool { return a == event.Satisfied || a == event.BasicallySatisfied }
	count := func(answers []string, lo, hi map[string]int, um string) {
		if !slices.ContainsFunc(answers, func(a string) bool { return !sat(a) }) {
			lo[um]++
		}
		if slices.ContainsFunc(answers, sat) {
			hi[um]++
		}
	}
	for k, l := range latest {
		um := k.unit + " " + k.month
		o.tickets[um]++
		switch {
		case !l.conn:
		case unreasonableT[k.ticket]:
			o.excluded[um]++
		default:
			o.connected[um]++
			count(l.result, o.resultLo, o.resultHi, um)
			count(l.proc, o.procLo, o.procHi, um)
		}
	}
	for k := range year {
		o.yearTickets[k[0]]++
	}
	return o
}

// stepwise is 四(三) stepwise, recomputed with rationals.
func stepwise(sat, conn int, avg *big.Rat) decimal.Decimal {
	twenty := decimal.NewFromInt(20)
	if conn == 0 || avg == nil {
		return twenty
	}
	gap := new(big.Rat).Sub(avg, big.NewRat(int64(sat), int64(conn)))
	if gap.Sign() <= 0 {
		return twenty
	}
	steps := new(big.Int).Quo(new(big.Int).Mul(gap.Num(), big.NewInt(1000)), gap.Denom()) // whole 0.1 pp
	return decimal.Max(decimal.Zero, twenty.Sub(decimal.NewFromBigInt(steps, 0).Mul(decimal.RequireFromString("0.05"))))
}

// halfUp rounds a non-negative rational half-up to 2 decimals.
func halfUp(r *big.Rat) decimal.Decimal {
	x := new(big.Rat).Mul(r, big.NewRat(100, 1))
	x.Add(x, big.NewRat(1, 2))
	return decimal.NewFromBigInt(new(big.Int).Quo(x.Num(), x.Denom()), -2)
}

func TestPropertyInvariants(t *testing.T) {
	dec := decimal.RequireFromString
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			events := randomEvents(seed, 700, ids(manyUnits))
			o := newOracle(scoredEvents(events), manyUnits)
			inForce := waivedNames(events)
			eng := engine(t, events, withUnits(manyUnits...), withNow("2026-12-05 12:00"))
			yearTotals := map[string]*big.Rat{}
			yearMonths := map[string]int{}
			deducted := map[[3]string]bool{} // every deduction of the year: unit, rule, event
			warnedWaivers := map[string]bool{}
			for mo := time.January; mo <= time.December; mo++ {
				m := month(2026, mo)
				res := eng.Month(m)
				for _, w := range res.Warnings {
					if id, ok := strings.CutPrefix(w, `deduction_waived "`); ok {
						id, _, _ = strings.Cut(id, `"`)
						warnedWaivers[id] = true
					}
				}
				for _, u := range res.Units {
					for _, d := range u.Deductions {
						deducted[[3]string{u.UnitID, string(d.Rule), d.EventID}] = true
					}
				}
				var sumConn, sumRes, sumProc int
				for _, u := range res.Units {
					sumConn += u.Counts.Connected
					sumRes += u.Counts.ResultSatisfied
					sumProc += u.Counts.ProcessSatisfied
				}
				var avgRes, avgProc *big.Rat
				if sumConn > 0 {
					avgRes, avgProc = big.NewRat(int64(sumRes), int64(sumConn)), big.NewRat(int64(sumProc), int64(sumConn))
				}
				for i := range res.Units {
					u := &res.Units[i]
					where := fmt.Sprintf("%s %s", m, u.UnitID)
					um := u.UnitID + " " + m.String()
					c := u.Counts
					// counts from the events
					for name, pair := range map[string][2]int{
						"callback_tickets": {c.CallbackTickets, o.tickets[um]}, "connected": {c.Connected, o.connected[um]},
						"excluded_unreasonable": {c.ExcludedUnreasonable, o.excluded[um]},
					} {
						if pair[0] != pair[1] {
							t.Errorf("%s %s = %d, recomputed %d", where, name, pair[0], pair[1])
						}
					}
					for name, x := range map[string][3]int{
						"result_satisfied":  {c.ResultSatisfied, o.resultLo[um], o.resultHi[um]},
						"process_satisfied": {c.ProcessSatisfied, o.procLo[um], o.procHi[um]},
					} {
						if x[0] < x[1] || x[0] > x[2] {
							t.Errorf("%s %s = %d, recomputed %d..%d", where, name, x[0], x[1], x[2])
						}
					}
					s := u.Scores
					// deduction items from their counts
					for _, x := range []struct {
						item     score.Item
						max, per string
						n        int
					}{
						{score.LateReturns, "10", "0.2", c.LateReturns},
						{score.NoncompliantReturns, "10", "0.5", c.NoncompliantUncontacted},
						{score.Overdue, "20", "0.5", c.Overdue},
						{score.Supervision, "10", "0.5", c.SupervisionRejected + c.MeetingsAbsent},
					} {
						want := decimal.Max(decimal.Zero, dec(x.max).Sub(dec(x.per).Mul(decimal.NewFromInt(int64(x.n)))))
						if !s.Get(x.item).Equal(want) {
							t.Errorf("%s %s = %s, want %s from %d", where, x.item, s.Get(x.item), want, x.n)
						}
					}
					if want := dec("0.5").Mul(decimal.NewFromInt(int64(c.Criticisms))); !s.Criticism.Equal(want) {
						t.Errorf("%s criticism %s, want %s", where, s.Criticism, want)
					}
					if o := s.Organization; o.LessThan(decimal.Zero) || o.GreaterThan(dec("10")) {
						t.Errorf("%s organization %s", where, o)
					}
					// satisfaction from the counts and the pooled average
					if want := stepwise(c.ResultSatisfied, c.Connected, avgRes); !s.ResultSatisfaction.Equal(want) {
						t.Errorf("%s result_satisfaction %s, want %s (%d/%d, average %v)", where, s.ResultSatisfaction, want, c.ResultSatisfied, c.Connected, avgRes)
					}
					if want := stepwise(c.ProcessSatisfied, c.Connected, avgProc); !s.ProcessSatisfaction.Equal(want) {
						t.Errorf("%s process_satisfaction %s, want %s", where, s.ProcessSatisfaction, want)
					}
					if (c.Connected == 0) != slices.Contains(u.Flags, score.FlagNoConnectedCallbacks) {
						t.Errorf("%s connected %d but flags %v", where, c.Connected, u.Flags)
					}
					// one deduction per counted event, besides those waived
					// by a waiver in force naming them (SPEC §5 v1.1)
					checkDeductionEvents(t, u, events)
					byRule := map[score.Rule]int{}
					for _, d := range u.Deductions {
						if d.Waived != inForce[[3]string{u.UnitID, string(d.Rule), d.EventID}] {
							t.Errorf("%s %s deduction of %q waived %v, waiver in force %v", where, d.Rule, d.EventID, d.Waived, !d.Waived)
						}
						if d.Waived {
							continue
						}
						byRule[d.Rule]++
						if d.FromUnitID == u.UnitID {
							t.Errorf("%s an overdue count moved from itself", where)
						}
						if d.FromUnitID != "" && d.Rule != score.RuleOverdue {
							t.Errorf("%s from_unit_id on %s", where, d.Rule)
						}
					}
					for rule, n := range map[score.Rule]int{
						score.RuleLateReturn: c.LateReturns, score.RuleNoncompliantReturn: c.NoncompliantUncontacted,
						score.RuleOverdue: c.Overdue, score.RuleSupervisionRejected: c.SupervisionRejected,
						score.RuleMeetingAbsent: c.MeetingsAbsent, score.RuleCriticized: c.Criticisms,
					} {
						if byRule[rule] != n {
							t.Errorf("%s %d %s deductions, count %d", where, byRule[rule], rule, n)
						}
					}
					// 二: assessed; 六(二): the total
					if u.Assessed != (c.CallbackTickets >= 1) {
						t.Errorf("%s assessed %v with %d callback tickets", where, u.Assessed, c.CallbackTickets)
					}
					if !u.Assessed {
						if u.Total != nil || u.Rank != nil || u.Grade != nil || u.Bottom {
							t.Errorf("%s not assessed but ranked", where)
						}
						continue
					}
					sum := decimal.Zero
					for _, it := range score.Items[:7] {
						sum = sum.Add(s.Get(it).Decimal)
					}
					wantTotal := decimal.Max(decimal.Zero, sum.Sub(s.Criticism.Decimal))
					if u.Total == nil || !u.Total.Equal(wantTotal) {
						t.Fatalf("%s total %v, want %s", where, u.Total, wantTotal)
					}
					// 五
					var grade score.Grade
					switch {
					case wantTotal.GreaterThanOrEqual(dec("85")):
						grade = score.Excellent
					case wantTotal.GreaterThanOrEqual(dec("75")):
						grade = score.Good
					case wantTotal.GreaterThanOrEqual(dec("60")):
						grade = score.Pass
					default:
						grade = score.Fail
					}
					if u.Grade == nil || *u.Grade != grade {
						t.Errorf("%s grade %v, want %s for %s", where, u.Grade, grade, wantTotal)
					}
					// 七: rank and bottom within the group
					above, below, n := 0, 0, 0
					for _, v := range res.Units {
						if v.Group != u.Group || !v.Assessed {
							continue
						}
						n++
						switch v.Total.Cmp(u.Total.Decimal) {
						case 1:
							above++
						case -1:
							below++
						}
					}
					if u.Rank == nil || *u.Rank != above+1 {
						t.Errorf("%s rank %v, want %d", where, u.Rank, above+1)
					}
					if wantBottom := n > 3 && below < 3 && above > 0; u.Bottom != wantBottom {
						t.Errorf("%s bottom %v, want %v (%d below and %d above of %d)", where, u.Bottom, wantBottom, below, above, n)
					}
					if (u.Escalation != nil) != u.Bottom {
						t.Errorf("%s bottom %v with escalation %v", where, u.Bottom, u.Escalation)
					}
					if yearTotals[u.UnitID] == nil {
						yearTotals[u.UnitID] = new(big.Rat)
					}
					yearTotals[u.UnitID].Add(yearTotals[u.UnitID], u.Total.Rat())
					yearMonths[u.UnitID]++
				}
			}
			// SPEC §5 v1.1: a waiver in force is warned about, in its own
			// month, exactly when it names no deduction of any month
			warnedOnce := false
			for _, e := range waiversInForce(events) {
				if e.UnitID == "ghost" {
					continue // left out with its unit
				}
				want := !deducted[[3]string{e.UnitID, e.Rule, e.EventID}]
				if warnedWaivers[e.ID] != want {
					t.Errorf("waiver %s (%s %s %s): warned %v, want %v", e.ID, e.UnitID, e.Rule, e.EventID, warnedWaivers[e.ID], want)
				}
				warnedOnce = warnedOnce || want
			}
			if !warnedOnce {
				t.Errorf("no waiver of the random events matched nothing")
			}
			// the annual result from the monthly ones
			yr := eng.Year(2026)
			for _, u := range yr.Units {
				if u.MonthsAssessed == nil || *u.MonthsAssessed != yearMonths[u.UnitID] {
					t.Errorf("year %s months_assessed %v, want %d", u.UnitID, u.MonthsAssessed, yearMonths[u.UnitID])
				}
				if u.Counts.CallbackTickets != o.yearTickets[u.UnitID] {
					t.Errorf("year %s callback_tickets %d, recomputed %d", u.UnitID, u.Counts.CallbackTickets, o.yearTickets[u.UnitID])
				}
				if want := o.yearTickets[u.UnitID] >= 5; u.Assessed != want {
					t.Errorf("year %s assessed %v with %d tickets", u.UnitID, u.Assessed, o.yearTickets[u.UnitID])
				}
				if !u.Assessed {
					continue
				}
				mean := new(big.Rat).Quo(yearTotals[u.UnitID], big.NewRat(int64(yearMonths[u.UnitID]), 1))
				if want := halfUp(mean); u.Total == nil || !u.Total.Equal(want) {
					t.Errorf("year %s total %v, want %s", u.UnitID, u.Total, want)
				}
			}
		})
	}
}

// The engine's methods are safe for concurrent use and give what a fresh
// engine gives.
func TestEngineConcurrentUse(t *testing.T) {
	events := randomEvents(6, 400, ids(manyUnits))
	want := map[string]string{}
	periods := []string{"2026-10", "2026-11", "2026-12", "2026"}
	result := func(eng *score.Engine, p string) string {
		var res *score.Result
		if p == "2026" {
			res = eng.Year(2026)
		} else {
			m, err := calendar.ParseMonth(p)
			if err != nil {
				panic(err)
			}
			res = eng.Month(m)
		}
		b, err := json.Marshal(res)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	for _, p := range periods {
		want[p] = result(engine(t, events, withUnits(manyUnits...), withNow("2026-12-05 12:00")), p)
	}
	eng := engine(t, events, withUnits(manyUnits...), withNow("2026-12-05 12:00"))
	got := make([]string, 16)
	done := make(chan int)
	for i := range got {
		go func() {
			got[i] = result(eng, periods[(len(periods)-1-i%len(periods))])
			done <- i
		}()
	}
	for range got {
		<-done
	}
	for i, g := range got {
		if p := periods[len(periods)-1-i%len(periods)]; g != want[p] {
			t.Errorf("%s computed concurrently differs from a fresh engine", p)
		}
	}
}

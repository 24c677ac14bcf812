package score_test

// A small language for the engine's tests: events written with local
// (Asia/Shanghai) times and little noise, a default unit registry, a runner
// for one month or one year, and a table case that checks an item's score,
// its count and its deductions with decimal equality (never floats).

import (
	"encoding/json"
	"fmt"
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

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		panic(err)
	}
	return loc
}()

// ts reads "2026-10-09 10:00", "2026-10-09 10:00:01" or "2026-10-09" as a
// local time in Asia/Shanghai, or an RFC 3339 instant with its own offset.
func ts(s string) time.Time {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, shanghai); err == nil {
			return t
		}
	}
	panic(fmt.Sprintf("ts: cannot read %q", s))
}

func month(y int, m time.Month) calendar.Month { return calendar.Month{Year: y, Month: m} }

var (
	sep2026 = month(2026, time.September)
	oct2026 = month(2026, time.October)
	nov2026 = month(2026, time.November)
)

// defaultNow is long after every deadline of the tests.
const defaultNow = "2027-03-01 00:00"

// ---- events ----

func assigned(id, ticket, unitID, at, due string) event.Event {
	return event.Event{ID: id, Type: event.Assigned, At: ts(at), TicketID: ticket, UnitID: unitID, DueAt: ts(due), Channel: "hotline_12345"}
}

func returned(id, ticket, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.Returned, At: ts(at), TicketID: ticket, UnitID: unitID, Reason: "不属于本单位职责"}
}

// noncompliant is a return of a demand that belongs to another channel.
func noncompliant(id, ticket, unitID, at string, contacted bool) event.Event {
	e := returned(id, ticket, unitID, at)
	e.Noncompliant, e.CitizenContacted = true, contacted
	return e
}

func replied(id, ticket, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.Replied, At: ts(at), TicketID: ticket, UnitID: unitID}
}

func supervised(id, ticket, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.Supervised, At: ts(at), TicketID: ticket, UnitID: unitID}
}

func supRejected(id, ticket, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.SupervisionRejected, At: ts(at), TicketID: ticket, UnitID: unitID}
}

func meetingAbsent(id, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.MeetingAbsent, At: ts(at), UnitID: unitID}
}

// callback is a connected callback with its two answers.
func callback(id, ticket, unitID, at, result, process string) event.Event {
	return event.Event{ID: id, Type: event.Callback, At: ts(at), TicketID: ticket, UnitID: unitID, Connected: true, Result: result, Process: process}
}

// missed is a callback that did not reach the citizen.
func missed(id, ticket, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.Callback, At: ts(at), TicketID: ticket, UnitID: unitID}
}

func unreasonable(id, ticket, at string) event.Event {
	return event.Event{ID: id, Type: event.UnreasonableApproved, At: ts(at), TicketID: ticket}
}

func redo(id, ticket, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.Redo, At: ts(at), TicketID: ticket, UnitID: unitID, Reason: "poor_quality"}
}

// reassigned moves the overdue count of (ticket, unit) to `to`, or waives it
// when to is "".
func reassigned(id, ticket, unitID, at, to string) event.Event {
	return event.Event{ID: id, Type: event.OverdueReassigned, At: ts(at), TicketID: ticket, UnitID: unitID, ToUnitID: to}
}

// returnRejected is the centre's refusal of unitID's application to return
// the ticket (SPEC §3 v1.1).
func returnRejected(id, ticket, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.ReturnRejected, At: ts(at), TicketID: ticket, UnitID: unitID, Reason: "属于本单位职责，请继续办理"}
}

// waived cancels unitID's deduction (rule, eventID) (SPEC §3, §5 v1.1).
func waived(id, unitID string, rule score.Rule, eventID, at, reason string) event.Event {
	return event.Event{ID: id, Type: event.DeductionWaived, At: ts(at), UnitID: unitID, Rule: string(rule), EventID: eventID, Reason: reason}
}

// retracted withdraws the event eventID (SPEC §3, §5 v1.1).
func retracted(id, eventID, at string) event.Event {
	return event.Event{ID: id, Type: event.Retracted, At: ts(at), EventID: eventID, Reason: "录入错误"}
}

func criticized(id, unitID, at string) event.Event {
	return event.Event{ID: id, Type: event.Criticized, At: ts(at), UnitID: unitID, Reason: "repeatedly_urged"}
}

func orgAssessed(id, unitID, at, leadership, staffing string) event.Event {
	return event.Event{ID: id, Type: event.OrgAssessed, At: ts(at), UnitID: unitID,
		Leadership: decimal.RequireFromString(leadership), Staffing: decimal.RequireFromString(staffing)}
}

func withStaff(e event.Event, n int) event.Event {
	e.StaffCount, e.HasStaffCount = n, true
	return e
}

func withTicket(e event.Event, ticket string) event.Event {
	e.TicketID = ticket
	return e
}

// evs flattens events and lists of events into one list.
func evs(parts ...any) []event.Event {
	var out []event.Event
	for _, p := range parts {
		switch v := p.(type) {
		case event.Event:
			out = append(out, v)
		case []event.Event:
			out = append(out, v...)
		default:
			panic(fmt.Sprintf("evs: %T", p))
		}
	}
	return out
}

// repeat makes n events.
func repeat(n int, f func(i int) event.Event) []event.Event {
	out := make([]event.Event, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// cbs makes n tickets of unitID with one connected callback at `at` each:
// the first resultSat are satisfied with the result and the first procSat
// with the process, the others dissatisfied.
func cbs(unitID, prefix, at string, n, resultSat, procSat int) []event.Event {
	return repeat(n, func(i int) event.Event {
		r, p := event.Dissatisfied, event.Dissatisfied
		if i < resultSat {
			r = event.Satisfied
		}
		if i < procSat {
			p = event.Satisfied
		}
		tk := fmt.Sprintf("%s-%04d", prefix, i)
		return callback("cb-"+tk, tk, unitID, at, r, p)
	})
}

// rate makes n tickets of unitID of which sat are satisfied with both the
// result and the process.
func rate(unitID, prefix, at string, n, sat int) []event.Event {
	return cbs(unitID, prefix, at, n, sat, sat)
}

// present makes unitID assessed in the month of `at`: one ticket with a
// connected, satisfied callback.
func present(unitID, at string) event.Event {
	tk := "present-" + unitID + "-" + ts(at).In(shanghai).Format("200601")
	return callback("cb-"+tk, tk, unitID, at, event.Satisfied, event.Satisfied)
}

// criticisms makes n notices of criticism of unitID at `at`.
func criticisms(unitID, at string, n int) []event.Event {
	tag := ts(at).In(shanghai).Format("20060102")
	return repeat(n, func(i int) event.Event {
		return criticized(fmt.Sprintf("crit-%s-%s-%d", unitID, tag, i), unitID, at)
	})
}

// ---- units ----

func town(id string) unit.Unit { return unit.Unit{ID: id, Name: "镇街" + id, Group: unit.TownStreet} }
func dept(id string) unit.Unit { return unit.Unit{ID: id, Name: "部门" + id, Group: unit.Department} }

// defaultUnits: towns a, b, c and department x.
func defaultUnits() []unit.Unit {
	return []unit.Unit{town("a"), town("b"), town("c"), dept("x")}
}

func registry(t testing.TB, units []unit.Unit) *unit.Registry {
	t.Helper()
	reg, err := unit.NewRegistry(units)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// ---- running the engine ----

type setup struct {
	units []unit.Unit
	pol   func(*policy.Policy)
	now   string
}

type opt func(*setup)

func withUnits(u ...unit.Unit) opt          { return func(s *setup) { s.units = u } }
func withPolicy(f func(*policy.Policy)) opt { return func(s *setup) { s.pol = f } }
func withNow(now string) opt                { return func(s *setup) { s.now = now } }

func proportional(p *policy.Policy)  { p.Satisfaction.Mode = policy.Proportional }
func onlySatisfied(p *policy.Policy) { p.Satisfaction.SatisfiedLevels = []string{event.Satisfied} }
func staffingFlag(p *policy.Policy)  { p.Organization.StaffingRule = policy.StaffingFlag }
func groupAverage(p *policy.Policy)  { p.Satisfaction.Average = policy.GroupAverage }
func bottomCount(n int) func(p *policy.Policy) {
	return func(p *policy.Policy) { p.Ranking.BottomCount = n }
}

func applyOpts(opts []opt) setup {
	s := setup{units: defaultUnits(), now: defaultNow}
	for _, o := range opts {
		o(&s)
	}
	return s
}

func (s setup) policy() *policy.Policy {
	p := policy.Builtin()
	if s.pol != nil {
		s.pol(p)
	}
	return p
}

func (s setup) ledger(t testing.TB) *score.Ledger { return score.NewLedger(registry(t, s.units)) }

// monthOf scores month m of the events.
func monthOf(t testing.TB, events []event.Event, m calendar.Month, opts ...opt) *score.Result {
	t.Helper()
	s := applyOpts(opts)
	res, err := score.Month(events, s.ledger(t), s.policy(), calendar.New(shanghai), m, ts(s.now))
	if err != nil {
		t.Fatalf("score.Month: %v", err)
	}
	return res
}

// yearOf scores year y of the events.
func yearOf(t testing.TB, events []event.Event, y int, opts ...opt) *score.Result {
	t.Helper()
	s := applyOpts(opts)
	res, err := score.Year(events, s.ledger(t), s.policy(), calendar.New(shanghai), y, ts(s.now))
	if err != nil {
		t.Fatalf("score.Year: %v", err)
	}
	return res
}

// engine builds an engine over the events, for several months or years.
func engine(t testing.TB, events []event.Event, opts ...opt) *score.Engine {
	t.Helper()
	s := applyOpts(opts)
	l := s.ledger(t)
	for i := range events {
		if err := events[i].Validate(); err != nil {
			t.Fatalf("event %s: %v", events[i].ID, err)
		}
		if _, err := l.Add(&events[i], score.Origin{File: "test", Line: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	return score.New(l, s.policy(), calendar.New(shanghai), ts(s.now))
}

func unitOf(t testing.TB, res *score.Result, id string) *score.UnitResult {
	t.Helper()
	for i := range res.Units {
		if res.Units[i].UnitID == id {
			return &res.Units[i]
		}
	}
	t.Fatalf("unit %q is not in the result of %s", id, res.Period)
	return nil
}

// ---- decimal assertions ----

// eqPoints checks got == want exactly, as decimals.
func eqPoints(t testing.TB, what string, got score.Points, want string) {
	t.Helper()
	if w := score.MustPoints(want); !w.Equal(got.Decimal) {
		t.Errorf("%s = %s, want %s", what, got.String(), w.String())
	}
}

// eqTotal checks an optional total (nil when not assessed).
func eqTotal(t testing.TB, u *score.UnitResult, want string) {
	t.Helper()
	if u.Total == nil {
		t.Errorf("%s: total is nil, want %s", u.UnitID, want)
		return
	}
	eqPoints(t, u.UnitID+" total", *u.Total, want)
}

// ---- deductions ----

// ded is a deduction as a unit checks it: ticket, rule, points, the unit
// an overdue count was moved from, the event that caused it and whether it
// was waived (with the waiver's reason).
type ded struct {
	Ticket string
	Rule   score.Rule
	Points string
	From   string
	Event  string
	Waived string // the waiver's reason; "" when not waived
}

// dedsOf lists the unit's deductions; without events, their event ids are
// left out (the clause cases that do not name them).
func dedsOf(u *score.UnitResult, events bool) []ded {
	out := make([]ded, 0, len(u.Deductions))
	for _, d := range u.Deductions {
		x := ded{Ticket: d.TicketID, Rule: d.Rule, Points: d.Points.String(), From: d.FromUnitID, Event: d.EventID, Waived: d.WaiverReason}
		if d.Waived && x.Waived == "" {
			x.Waived = "(waived without a reason)"
		}
		if !events {
			x.Event = ""
		}
		out = append(out, x)
	}
	return sortDeds(out)
}

func sortDeds(d []ded) []ded {
	for i := range d {
		d[i].Points = score.MustPoints(d[i].Points).String()
	}
	slices.SortFunc(d, func(a, b ded) int {
		return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	return d
}

// dedsN is n deductions of one rule on tickets named by format (with %d,
// or one ticket id, or "" for none).
func dedsN(n int, format string, rule score.Rule, pts string) []ded {
	out := make([]ded, n)
	for i := range out {
		tk := format
		if strings.Contains(format, "%") {
			tk = fmt.Sprintf(format, i)
		}
		out[i] = ded{Ticket: tk, Rule: rule, Points: pts}
	}
	return out
}

// countsOf reads the counts under their pinned JSON keys.
func countsOf(t testing.TB, c score.Counts) map[string]int {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// ---- a clause case ----

// clause is one case of a clause of the method: the events, and what the
// unit's result must say about them.
type clause struct {
	name   string
	events []event.Event
	month  calendar.Month // zero: October 2026
	now    string         // "": defaultNow
	pol    func(*policy.Policy)
	units  []unit.Unit // nil: defaultUnits
	unit   string      // "": "a"

	scores map[score.Item]string // item → exact points
	counts map[string]int        // pinned count key → value
	// deds are all the unit's deductions, compared as a set; nil means none.
	deds []ded
	// withEvents compares the deductions' event ids too; otherwise each is
	// only checked to name an event of the case that can cause it.
	withEvents bool
	skipDeds   bool
	flags      []string // flags the unit must carry
	noFlags    []string // flags it must not carry
	warn       []string // each must be a substring of some warning
	noWarn     bool     // no warning at all
	assessed   *bool
	check      func(t *testing.T, res *score.Result, u *score.UnitResult)
}

func (c clause) run(t *testing.T) {
	t.Helper()
	m := c.month
	if m == (calendar.Month{}) {
		m = oct2026
	}
	opts := []opt{}
	if c.now != "" {
		opts = append(opts, withNow(c.now))
	}
	if c.pol != nil {
		opts = append(opts, withPolicy(c.pol))
	}
	if c.units != nil {
		opts = append(opts, withUnits(c.units...))
	}
	res := monthOf(t, c.events, m, opts...)
	id := c.unit
	if id == "" {
		id = "a"
	}
	u := unitOf(t, res, id)
	if u.Scores == nil {
		t.Fatalf("%s: no scores in a monthly result", id)
	}
	for _, it := range score.Items {
		if want, ok := c.scores[it]; ok {
			eqPoints(t, fmt.Sprintf("%s %s (%s)", id, it, it.Label()), u.Scores.Get(it), want)
		}
	}
	for it := range c.scores {
		if !slices.Contains(score.Items, it) {
			t.Fatalf("unknown item %q", it)
		}
	}
	if len(c.counts) > 0 {
		got := countsOf(t, u.Counts)
		for k, want := range c.counts {
			g, ok := got[k]
			if !ok {
				t.Fatalf("no count %q in %v", k, got)
			}
			if g != want {
				t.Errorf("%s count %s = %d, want %d", id, k, g, want)
			}
		}
	}
	if !c.skipDeds {
		want := append([]ded{}, c.deds...)
		for i := range want {
			if !c.withEvents {
				want[i].Event = ""
			}
		}
		want = sortDeds(want)
		if diff := cmp.Diff(want, dedsOf(u, c.withEvents)); diff != "" {
			t.Errorf("%s deductions (-want +got):\n%s", id, diff)
		}
		// Every counted event is one deduction not waived: the counts
		// follow from the expected deductions.
		got := countsOf(t, u.Counts)
		for rule, key := range countOfRule {
			n := 0
			for _, d := range c.deds {
				if d.Rule == rule && d.Waived == "" {
					n++
				}
			}
			if got[key] != n {
				t.Errorf("%s count %s = %d, want %d (one per %s deduction)", id, key, got[key], n, rule)
			}
		}
	}
	for _, r := range res.Units {
		checkDeductionEvents(t, &r, c.events)
	}
	for _, f := range c.flags {
		if !slices.Contains(u.Flags, f) {
			t.Errorf("%s flags %v lack %q", id, u.Flags, f)
		}
	}
	for _, f := range c.noFlags {
		if slices.Contains(u.Flags, f) {
			t.Errorf("%s flags %v carry %q", id, u.Flags, f)
		}
	}
	for _, w := range c.warn {
		if !slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("no warning contains %q: %q", w, res.Warnings)
		}
	}
	if c.noWarn && len(res.Warnings) > 0 {
		t.Errorf("unexpected warnings %q", res.Warnings)
	}
	if c.assessed != nil && u.Assessed != *c.assessed {
		t.Errorf("%s assessed = %v, want %v", id, u.Assessed, *c.assessed)
	}
	if c.check != nil {
		c.check(t, res, u)
	}
}

func runClauses(t *testing.T, cases []clause) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, c.run)
	}
}

func ptr[T any](v T) *T { return &v }

// d is a deduction of a ticket (or of no ticket: "").
func d(ticket string, rule score.Rule, pts string) ded {
	return ded{Ticket: ticket, Rule: rule, Points: pts}
}

// de is a deduction of a ticket caused by the event eventID.
func de(ticket string, rule score.Rule, pts, eventID string) ded {
	return ded{Ticket: ticket, Rule: rule, Points: pts, Event: eventID}
}

// waivedAs is the deduction x listed as waived for reason.
func waivedAs(x ded, reason string) ded {
	x.Waived = reason
	return x
}

// assignN makes n assignments of unitID received at `at`, due long after
// every "now" of the tests, on tickets prefix-0000...
func assignN(unitID, prefix, at string, n int) []event.Event {
	return repeat(n, func(i int) event.Event {
		tk := fmt.Sprintf("%s-%04d", prefix, i)
		return assigned("as-"+tk, tk, unitID, at, "2027-06-01 00:00")
	})
}

// hundredMinus is the total 100 − 0.5 × notices, exactly.
func hundredMinus(notices int) string {
	return decimal.NewFromInt(100).Sub(decimal.NewFromInt(int64(notices)).Mul(decimal.RequireFromString("0.5"))).String()
}

// causeOf is the type of the event that causes each per-event rule's
// deductions (SPEC §8 v1.1 event_id).
var causeOf = map[score.Rule]event.Type{
	score.RuleLateReturn:          event.Returned,
	score.RuleNoncompliantReturn:  event.Returned,
	score.RuleOverdue:             event.Assigned,
	score.RuleSupervisionRejected: event.SupervisionRejected,
	score.RuleMeetingAbsent:       event.MeetingAbsent,
	score.RuleCriticized:          event.Criticized,
}

// checkDeductionEvents checks SPEC §8 v1.1 on every deduction of a unit: a
// per-event deduction names an event of the input of the type that causes
// it, on its ticket, and of the unit (for a moved overdue, of the unit it
// was moved from); organisation and satisfaction deductions name none.
func checkDeductionEvents(t testing.TB, u *score.UnitResult, events []event.Event) {
	t.Helper()
	byID := map[string]*event.Event{}
	for i := range events {
		byID[events[i].ID] = &events[i]
	}
	for _, d := range u.Deductions {
		cause, perEvent := causeOf[d.Rule]
		if !perEvent {
			if d.EventID != "" {
				t.Errorf("%s %s deduction names event %q, want none", u.UnitID, d.Rule, d.EventID)
			}
			continue
		}
		e := byID[d.EventID]
		owner := u.UnitID
		if d.FromUnitID != "" {
			owner = d.FromUnitID
		}
		switch {
		case e == nil:
			t.Errorf("%s %s deduction on %q names event %q, not in the input", u.UnitID, d.Rule, d.TicketID, d.EventID)
		case e.Type != cause || e.TicketID != d.TicketID || e.UnitID != owner:
			t.Errorf("%s %s deduction (ticket %q, from %q) names %s event %q of ticket %q and unit %q",
				u.UnitID, d.Rule, d.TicketID, d.FromUnitID, e.Type, e.ID, e.TicketID, e.UnitID)
		}
	}
}

// countOfRule is the pinned count key of each per-event rule.
var countOfRule = map[score.Rule]string{
	score.RuleLateReturn:          "late_returns",
	score.RuleNoncompliantReturn:  "noncompliant_uncontacted",
	score.RuleOverdue:             "overdue",
	score.RuleSupervisionRejected: "supervision_rejected",
	score.RuleMeetingAbsent:       "meetings_absent",
	score.RuleCriticized:          "criticisms",
}

package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
)

// waivable is the deduction rule (SPEC §8) of the deduction an event may
// give, as a deduction_waived names it; "" for an event that gives none.
// For overdue, the deduction's event is the assignment.
func waivable(e *event.Event) string {
	switch e.Type {
	case event.Assigned:
		return "overdue"
	case event.Returned:
		if e.Noncompliant {
			return "noncompliant_return"
		}
		return "late_return"
	case event.SupervisionRejected:
		return "supervision_rejected"
	case event.MeetingAbsent:
		return "meeting_absent"
	case event.Criticized:
		return "criticized"
	}
	return ""
}

// corrections are retractions and waivers of a sample of events, each
// dated in another month than the event it corrects (earlier or later,
// down to August and up to February), half of them naming the event's
// ticket; with a retraction of a retraction (ignored, SPEC §5) and a waiver
// that matches no deduction (a warning).
func corrections(events []event.Event) []event.Event {
	r := rand.New(rand.NewPCG(10, 16))
	var out []event.Event
	shift := func(at time.Time) time.Time {
		days := 20 + r.IntN(60)
		if r.IntN(4) == 0 {
			days = -days
		}
		return at.AddDate(0, 0, days)
	}
	for i := range events {
		e := &events[i]
		n := len(out)
		switch rule := waivable(e); {
		case r.IntN(25) == 0:
			out = append(out, event.Event{ID: fmt.Sprintf("fix-r%d", n), Type: event.Retracted, At: shift(e.At),
				EventID: e.ID, Reason: "录入错误，撤回", RecordedBy: "centre.li"})
		case rule != "" && r.IntN(6) == 0:
			out = append(out, event.Event{ID: fmt.Sprintf("fix-w%d", n), Type: event.DeductionWaived, At: shift(e.At),
				UnitID: e.UnitID, Rule: rule, EventID: e.ID, Reason: "申诉成立，扣分撤销", AppealID: fmt.Sprintf("ap-%d", n)})
		default:
			continue
		}
		if r.IntN(2) == 0 {
			out[n].TicketID = e.TicketID
		}
	}
	at := time.Date(2026, 12, 20, 9, 0, 0, 0, events[0].At.Location())
	first := slices.IndexFunc(out, func(e event.Event) bool { return e.Type == event.Retracted })
	out = append(out,
		event.Event{ID: "fix-rr", Type: event.Retracted, At: at, EventID: out[first].ID, Reason: "撤回的撤回不生效"},
		event.Event{ID: "fix-none", Type: event.DeductionWaived, At: at, UnitID: events[len(events)-1].UnitID,
			Rule: "overdue", EventID: "no-such-event", Reason: "无对应扣分"})
	return out
}

// testMonthScopeCorrections: with corrections of events of other months
// stored among the events, every month's read holds every correction, every
// stored event a correction names and that event's whole ticket history
// (store.Scope), and the engine's counts over it equal its counts over every
// event (the Scope promise, SPEC §5: the events scored are the stored set
// less those retracted, a waiver cancels its deduction in whatever month it
// falls, and a correction that corrects nothing is warned about in its own
// month, which the engine can tell only with what it names at hand).
func testMonthScopeCorrections(t *testing.T, open Open) {
	s := fresh(t, open)
	units, events := district(t, 400)
	fixes := corrections(events)
	kinds := map[event.Type]int{}
	for i := range fixes {
		kinds[fixes[i].Type]++
	}
	if kinds[event.Retracted] < 20 || kinds[event.DeductionWaived] < 20 {
		t.Fatalf("the sample corrects too little: %v", kinds)
	}
	events = append(events, fixes...)
	reg := putShuffled(t, s, units, events, 7)
	loc := shanghai(t)
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	months := []calendar.Month{{Year: 2026, Month: 8}, {Year: 2026, Month: 10}, {Year: 2026, Month: 11}, {Year: 2026, Month: 12}}
	full := countMonths(t, engine(t, reg, events, now), loc, months)
	named := namedEvents(events)
	elsewhere := 0 // named events the month would not read for themselves
	for _, m := range months {
		var scoped []event.Event
		err := s.MonthEvents(context.Background(), m, func(batch []event.Event) error {
			scoped = append(scoped, batch...)
			return nil
		})
		if err != nil {
			t.Fatalf("MonthEvents %s: %v", m, err)
		}
		got := map[string]uint64{}
		for i := range scoped {
			got[scoped[i].ID] = scoped[i].ContentHash()
		}
		for i := range fixes {
			if h, ok := got[fixes[i].ID]; !ok || h != fixes[i].ContentHash() {
				t.Errorf("month %s: correction %s (%s, at %s) read %v, content equal %v; want it read as stored",
					m, fixes[i].ID, fixes[i].Type, fixes[i].At.Format(time.DateOnly), ok, h == fixes[i].ContentHash())
			}
		}
		var short []string
		for _, n := range named {
			if missing := missingFrom(got, n.history); len(missing) > 0 {
				short = append(short, fmt.Sprintf("%s names %s (ticket %q): %d of %d events missing or changed, e.g. %v",
					n.by, n.target.ID, n.target.TicketID, len(missing), len(n.history), missing[:min(len(missing), 3)]))
			}
			if !inOwnScope(&n.target, events, m, loc) {
				elsewhere++
			}
		}
		if len(short) > 0 {
			t.Errorf("month %s: the read lacks what %d of %d corrections name (the event, its ticket history), e.g.\n%s",
				m, len(short), len(named), strings.Join(short[:min(len(short), 5)], "\n"))
		}
		scores := countMonths(t, engine(t, reg, scoped, now), loc, []calendar.Month{m})[m]
		if diff := cmp.Diff(full[m], scores); diff != "" {
			t.Errorf("month %s: counts over MonthEvents differ from counts over all events (-all +scoped):\n%s", m, diff)
		}
		if m.Month == 10 && len(got) >= len(events) {
			t.Errorf("month %s read %d events of %d: the scope is not a month", m, len(got), len(events))
		}
	}
	if elsewhere < 20 {
		t.Errorf("only %d named events outside their reader's month: the sample does not try the rule", elsewhere)
	}
}

// named is an event a correction names, with the events the month read must
// give for it: itself and, when it has a ticket and is not a correction, its
// ticket's stored events.
type named struct {
	by      string // the correction
	target  event.Event
	history []event.Event
}

// namedEvents are the events of events that a correction among them names;
// an id that names nothing gives none.
func namedEvents(events []event.Event) []named {
	byID := map[string]*event.Event{}
	byTicket := map[string][]event.Event{}
	for i := range events {
		e := &events[i]
		byID[e.ID] = e
		if e.TicketID != "" {
			byTicket[e.TicketID] = append(byTicket[e.TicketID], *e)
		}
	}
	var out []named
	for i := range events {
		if !events[i].Type.IsCorrection() {
			continue
		}
		target, ok := byID[events[i].EventID]
		if !ok {
			continue
		}
		n := named{by: events[i].ID, target: *target, history: []event.Event{*target}}
		if target.TicketID != "" && !target.Type.IsCorrection() {
			n.history = byTicket[target.TicketID]
		}
		out = append(out, n)
	}
	return out
}

// missingFrom are the ids of the events of want that read (id → content
// hash) lacks or holds with another content.
func missingFrom(read map[string]uint64, want []event.Event) []string {
	var out []string
	for i := range want {
		if h, ok := read[want[i].ID]; !ok || h != want[i].ContentHash() {
			out = append(out, want[i].ID)
		}
	}
	return out
}

// inOwnScope reports whether month m reads e without the rule for named
// events (store.Scope): e is a correction, e's ticket is active in m, or e
// has no ticket and falls in m (or is an org assessment before its end).
func inOwnScope(e *event.Event, events []event.Event, m calendar.Month, loc *time.Location) bool {
	sc := store.Scope{Location: loc}
	switch {
	case e.Type.IsCorrection():
		return true
	case e.TicketID == "":
		return calendar.MonthOf(e.At, loc) == m || e.Type == event.OrgAssessed && e.At.Before(m.End(loc))
	}
	for i := range events {
		if events[i].TicketID == e.TicketID && slices.Contains(sc.Months(&events[i]), m) {
			return true
		}
	}
	return false
}

// v11Events use every field of SPEC v1.1 (return_rejected, deduction_waived,
// retracted, appeal_id, recorded_by) on a ticket assigned in September and
// handled in October, so that the month reads find them both through their
// month and through their ticket's history; and a ticket of September only,
// named by the ticket_id of a December retraction whose event_id names
// nothing, itself named by a retraction.
func v11Events(loc *time.Location) []event.Event {
	sep := time.Date(2026, 9, 28, 10, 0, 0, 0, loc)
	oct := time.Date(2026, 10, 9, 9, 30, 0, 0, loc)
	return []event.Event{
		{ID: "v1", Type: event.Assigned, At: sep, TicketID: "V11", UnitID: "wenhualu", DueAt: sep.AddDate(0, 0, 3), Channel: "hotline_12345", RecordedBy: "centre.li"},
		{ID: "v2", Type: event.Returned, At: sep.Add(time.Hour), TicketID: "V11", UnitID: "wenhualu", Reason: "非本单位职责"},
		{ID: "v3", Type: event.ReturnRejected, At: oct, TicketID: "V11", UnitID: "wenhualu", Reason: "诉求属本单位职责，请继续办理", RecordedBy: "centre.wang"},
		{ID: "v4", Type: event.ReturnRejected, At: oct.Add(time.Minute), TicketID: "V11", UnitID: "wenhualu"},
		{ID: "v5", Type: event.OverdueReassigned, At: oct.Add(time.Hour), TicketID: "V11", UnitID: "wenhualu", ToUnitID: "guangminglu", AppealID: "ap-2026-10-0007"},
		{ID: "v6", Type: event.DeductionWaived, At: oct.AddDate(0, 1, 0), UnitID: "wenhualu", Rule: "overdue", EventID: "v1",
			Reason: "经核实已按时办理 \"引号\" \\ 与换行\n", AppealID: "ap-2026-10-0007", RecordedBy: "centre.li"},
		{ID: "v7", Type: event.DeductionWaived, At: oct.AddDate(0, 1, 0), TicketID: "V11", UnitID: "wenhualu", Rule: "late_return", EventID: "v2", Reason: "申诉成立"},
		{ID: "v8", Type: event.Retracted, At: oct.AddDate(0, 2, 0), EventID: "v4", Reason: "重复录入", RecordedBy: "admin.zhao"},
		{ID: "v9", Type: event.Retracted, At: oct.AddDate(0, 2, 0), TicketID: "V11", UnitID: "wenhualu", EventID: "v2", Reason: "𠮷 会议缺席记录录入错误"},
		{ID: "v10", Type: event.Replied, At: oct.Add(2 * time.Hour), TicketID: "V11", UnitID: "guangminglu", RecordedBy: "town.guangminglu-01"},
		{ID: "v11", Type: event.Assigned, At: sep.AddDate(0, 0, -7), TicketID: "V12", UnitID: "wenhualu", DueAt: sep.AddDate(0, 0, -5), Channel: "mayor_mailbox"},
		{ID: "v12", Type: event.Retracted, At: oct.AddDate(0, 2, 0), TicketID: "V12", EventID: "v-typo", Reason: "编号有误"},
		{ID: "v13", Type: event.Retracted, At: oct.AddDate(0, 2, 1), EventID: "v12", Reason: "撤回的撤回不生效"},
	}
}

// testV11RoundTrip: every field of SPEC v1.1 comes back exactly from every
// read (the content hash and the encoding equal what was put), so that the
// same events sent again are duplicates and not conflicts; the same id with
// another reason, appeal or recorder is a conflict.
func testV11RoundTrip(t *testing.T, open Open) {
	s := fresh(t, open)
	events := v11Events(shanghai(t))
	for i := range events {
		if err := events[i].Validate(); err != nil {
			t.Fatalf("event %s: %v", events[i].ID, err)
		}
	}
	want := map[string]string{}
	for i := range events {
		want[events[i].ID] = string(events[i].AppendJSON(nil))
	}
	wantAll := func(step string, st []store.Status, status store.Status) {
		t.Helper()
		for i, got := range st {
			if got != status {
				t.Errorf("%s: event %s: %s, want %s", step, events[i].ID, got, status)
			}
		}
	}
	wantAll("first put", put(t, s, events), store.Stored)

	byID := map[string]*event.Event{}
	for i := range events {
		byID[events[i].ID] = &events[i]
	}
	check := func(what string, got []event.Event, ids []string) {
		t.Helper()
		seen := map[string]string{}
		for i := range got {
			e := &got[i]
			seen[e.ID] = string(e.AppendJSON(nil))
			if put, ok := byID[e.ID]; !ok || put.ContentHash() != e.ContentHash() {
				t.Errorf("%s: event %s: not the content put (put %v)", what, e.ID, ok)
			}
		}
		for _, id := range ids {
			if seen[id] != want[id] {
				t.Errorf("%s: event %s\n got %s\nwant %s", what, id, seen[id], want[id])
			}
		}
	}
	allIDs := make([]string, len(events))
	for i := range events {
		allIDs[i] = events[i].ID
	}
	var got []event.Event
	collect := func(batch []event.Event) error { got = append(got, batch...); return nil }
	if err := s.Events(context.Background(), collect); err != nil {
		t.Fatal(err)
	}
	check("Events", got, allIDs)
	// September reads both tickets, active then. October reads V11, active
	// then, and every correction. December, without events of its own, reads
	// the corrections, the events they name and, for those, the whole
	// history of V11; not V12: a correction's ticket_id brings no ticket,
	// even when a retraction names the correction (v13), and v12 names no
	// event (store.Scope).
	notV12 := slices.DeleteFunc(slices.Clone(allIDs), func(id string) bool { return id == "v11" })
	for _, c := range []struct {
		m   calendar.Month
		ids []string
	}{
		{calendar.Month{Year: 2026, Month: 9}, allIDs},
		{calendar.Month{Year: 2026, Month: 10}, notV12},
		{calendar.Month{Year: 2026, Month: 12}, notV12},
	} {
		got = nil
		if err := s.MonthEvents(context.Background(), c.m, collect); err != nil {
			t.Fatal(err)
		}
		check("MonthEvents "+c.m.String(), got, c.ids)
		if diff := cmp.Diff(slices.Sorted(slices.Values(c.ids)), sortedIDs(got)); diff != "" {
			t.Errorf("MonthEvents %s (-want +got):\n%s", c.m, diff)
		}
	}

	wantAll("put again", put(t, s, events), store.Duplicate)
	changed := slices.Clone(events)
	changed[2].Reason = "另一理由"          // return_rejected
	changed[4].AppealID = "ap-other"    // overdue_reassigned
	changed[5].Rule = "late_return"     // deduction_waived
	changed[7].EventID = "v3"           // retracted
	changed[9].RecordedBy = "centre.li" // replied
	st := put(t, s, []event.Event{changed[2], changed[4], changed[5], changed[7], changed[9]})
	if diff := cmp.Diff([]store.Status{store.Conflict, store.Conflict, store.Conflict, store.Conflict, store.Conflict}, st); diff != "" {
		t.Errorf("changed v1.1 fields (-want +got):\n%s", diff)
	}
}

// sortedIDs are the distinct ids of events, sorted.
func sortedIDs(events []event.Event) []string {
	ids := make([]string, 0, len(events))
	for i := range events {
		ids = append(ids, events[i].ID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

package gen

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

func testConfig(seed uint64, tickets, months int) Config {
	return Config{Seed: seed, Tickets: tickets, Month: calendar.Month{Year: 2026, Month: time.October}, Months: months}
}

func generate(t testing.TB, cfg Config) (units, events []byte, st Stats) {
	t.Helper()
	var u, e bytes.Buffer
	st, err := Write(cfg, &u, &e, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u.Bytes(), e.Bytes(), st
}

func TestDeterministic(t *testing.T) {
	cfg := testConfig(7, 3000, 2)
	u1, e1, _ := generate(t, cfg)
	u2, e2, _ := generate(t, cfg)
	if !bytes.Equal(u1, u2) || !bytes.Equal(e1, e2) {
		t.Fatal("the same Config gave different output")
	}
	cfg.Seed = 8
	_, e3, _ := generate(t, cfg)
	if bytes.Equal(e1, e3) {
		t.Fatal("another seed gave the same events")
	}
}

// decoded is a generated output, decoded strictly.
type decoded struct {
	reg     *unit.Registry
	events  []event.Event
	byType  map[event.Type]int
	tickets map[string][]event.Event
}

func decode(t *testing.T, units, events []byte) decoded {
	t.Helper()
	reg, err := unit.Decode(bytes.NewReader(units))
	if err != nil {
		t.Fatalf("units.yaml: %v", err)
	}
	d := decoded{reg: reg, byType: map[event.Type]int{}, tickets: map[string][]event.Event{}}
	ids := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(events))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		e, err := event.Decode(sc.Bytes())
		if err != nil {
			t.Fatalf("line %d: %v: %s", line, err, sc.Bytes())
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if ids[e.ID] {
			t.Fatalf("line %d: duplicate id %s", line, e.ID)
		}
		ids[e.ID] = true
		if _, off := e.At.Zone(); off != 8*3600 || !strings.Contains(sc.Text(), "+08:00\"") {
			t.Fatalf("line %d: not in +08:00: %s", line, sc.Bytes())
		}
		for _, id := range []string{e.UnitID, e.ToUnitID} {
			if _, ok := reg.Lookup(id); id != "" && !ok {
				t.Fatalf("line %d: unknown unit %s", line, id)
			}
		}
		d.events = append(d.events, e)
		d.byType[e.Type]++
		if e.TicketID != "" {
			d.tickets[e.TicketID] = append(d.tickets[e.TicketID], e)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDecodes(t *testing.T) {
	cfg := testConfig(1, 2000, 3)
	units, events, st := generate(t, cfg)
	d := decode(t, units, events)
	if got := d.reg.Units(); len(got) != st.Units || len(Units(cfg)) != st.Units {
		t.Fatalf("units: registry %d, stats %d, Units %d", len(got), st.Units, len(Units(cfg)))
	}
	if len(d.events) != st.Events {
		t.Fatalf("events: %d lines, stats %d", len(d.events), st.Events)
	}
}

func TestRealism(t *testing.T) {
	cfg := testConfig(42, 20000, 1)
	units, events, st := generate(t, cfg)
	d := decode(t, units, events)
	if st.Tickets != 20000 {
		t.Fatalf("tickets = %d", st.Tickets)
	}
	perTicket := float64(st.Events) / float64(st.Tickets)
	t.Logf("%d units, %d tickets, %d events, %.3f per ticket, %d bytes", st.Units, st.Tickets, st.Events, perTicket, len(events))
	if perTicket < 3.0 || perTicket > 4.0 {
		t.Errorf("%.3f events per ticket, want 3.0–4.0", perTicket)
	}
	for _, typ := range event.Types() {
		t.Logf("%-22s %7d", typ, d.byType[typ])
		if d.byType[typ] == 0 {
			t.Errorf("no %s event", typ)
		}
	}
	if d.byType[event.OrgAssessed] != st.Units {
		t.Errorf("%d org_assessed for %d units", d.byType[event.OrgAssessed], st.Units)
	}

	cal := calendar.New(Shanghai())
	start, end := cfg.Month.Start(Shanghai()), cfg.Month.End(Shanghai())
	var returnedTickets, manyReturns, returns, late, noncompliant, ontime, replied int
	for id, evs := range d.tickets {
		assigned := map[string]time.Time{} // latest assignment of each unit
		dues := map[string]time.Time{}
		n := 0
		firstReply := map[string]time.Time{}
		for _, e := range evs {
			switch e.Type {
			case event.Assigned:
				if assigned[e.UnitID].IsZero() || e.At.After(assigned[e.UnitID]) {
					assigned[e.UnitID], dues[e.UnitID] = e.At, e.DueAt
				}
			case event.Replied:
				if r, ok := firstReply[e.UnitID]; !ok || e.At.Before(r) {
					firstReply[e.UnitID] = e.At
				}
			}
		}
		for _, e := range evs {
			if e.Type == event.Assigned || e.UnitID == "" {
				continue
			}
			if a, ok := assigned[e.UnitID]; !ok || e.At.Before(a) && e.Type != event.Returned && e.Type != event.ReturnRejected {
				t.Fatalf("ticket %s: %s of %s at %v before its assignment", id, e.Type, e.UnitID, e.At)
			}
			if r, ok := firstReply[e.UnitID]; e.Type == event.Callback && (!ok || !e.At.After(r)) {
				t.Fatalf("ticket %s: callback of %s at %v before a reply", id, e.UnitID, e.At)
			}
		}
		first := evs[0]
		if first.Type != event.Assigned || first.At.Before(start) || !first.At.Before(end) {
			t.Fatalf("ticket %s: first event %v at %v is not an assignment in %s", id, first.Type, first.At, cfg.Month)
		}
		for _, e := range evs {
			if e.Type != event.Returned {
				continue
			}
			n++
			returns++
			var r time.Time // the latest assignment of the unit not after the return
			for _, a := range evs {
				if a.Type == event.Assigned && a.UnitID == e.UnitID && !a.At.After(e.At) && a.At.After(r) {
					r = a.At
				}
			}
			if r.IsZero() {
				t.Fatalf("ticket %s: return without assignment", id)
			}
			if cal.WorkingTime(r, e.At) > 24*time.Hour {
				late++
			}
			if e.Noncompliant {
				noncompliant++
			}
		}
		if n > 0 {
			returnedTickets++
		}
		if n > 3 {
			manyReturns++
		}
		for u, r := range firstReply {
			replied++
			if !r.After(dues[u]) {
				ontime++
			}
		}
	}
	t.Logf("returned tickets %d (%.2f%%), returns %d, late %d (%.1f%%), noncompliant %d, returned >3 times %d, replies on time %.1f%%",
		returnedTickets, 100*float64(returnedTickets)/float64(st.Tickets), returns, late, 100*float64(late)/float64(returns),
		noncompliant, manyReturns, 100*float64(ontime)/float64(replied))
	if manyReturns == 0 {
		t.Error("no ticket returned more than 3 times")
	}
	if late == 0 {
		t.Error("no late return")
	}
	if share := float64(returnedTickets) / float64(st.Tickets); share < 0.05 || share > 0.11 {
		t.Errorf("%.3f of tickets returned, want about 0.08", share)
	}
}

func TestUnits(t *testing.T) {
	for _, tc := range []struct{ tickets, units, towns int }{
		{30000, 42, 12}, {2000000, 342, 98}, {100, 14, 4},
	} {
		us := Units(Config{Tickets: tc.tickets})
		towns := 0
		for _, u := range us {
			if u.Group == unit.TownStreet {
				towns++
			}
		}
		if len(us) != tc.units || towns != tc.towns {
			t.Errorf("%d tickets: %d units, %d towns; want %d, %d", tc.tickets, len(us), towns, tc.units, tc.towns)
		}
		if _, err := unit.NewRegistry(us); err != nil {
			t.Errorf("%d tickets: %v", tc.tickets, err)
		}
	}
	us := Units(Config{Units: 3000})
	if _, err := unit.NewRegistry(us); err != nil || len(us) != 3000 {
		t.Errorf("3000 units: %d, %v", len(us), err)
	}
	if us[0].ID != "wenhualu" || us[0].Name != "文化路街道" {
		t.Errorf("first unit %+v", us[0])
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Tickets: 10},
		{Tickets: -1, Month: calendar.Month{Year: 2026, Month: 1}},
		{Tickets: 10, Months: -1, Month: calendar.Month{Year: 2026, Month: 1}},
	} {
		if _, err := Write(cfg, io.Discard, io.Discard, nil); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var calls []int
	st, err := Write(testConfig(3, 100_000, 2), io.Discard, io.Discard, func(n int) { calls = append(calls, n) })
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != st.Tickets/ProgressEvery || calls[0] != ProgressEvery {
		t.Errorf("progress calls %v for %d tickets", calls, st.Tickets)
	}
}

func BenchmarkWrite(b *testing.B) {
	cfg := testConfig(1, 100_000, 1)
	var st Stats
	for b.Loop() {
		var err error
		if st, err = Write(cfg, io.Discard, io.Discard, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Events), "events/op")
}

func TestSmallConfigs(t *testing.T) {
	for _, cfg := range []Config{
		{Seed: 1, Tickets: 1, Units: 1, Month: calendar.Month{Year: 2026, Month: time.February}},
		{Seed: 2, Tickets: 5, Units: 2, Month: calendar.Month{Year: 2027, Month: time.January}, Months: 13},
		{Seed: 3, Tickets: 300, Month: calendar.Month{Year: 2026, Month: time.October}, Months: 2, Location: time.FixedZone("CST", 8*3600)},
	} {
		units, events, st := generate(t, cfg)
		d := decode(t, units, events)
		if st.Units != cfg.unitCount() || len(d.events) != st.Events {
			t.Errorf("%+v: %+v, %d events decoded", cfg, st, len(d.events))
		}
		years := map[int]bool{}
		for i := range max(cfg.Months, 1) {
			years[calendar.MonthFromIndex(cfg.Month.Index()-i).Year] = true
		}
		if want := st.Units * len(years); d.byType[event.OrgAssessed] != want {
			t.Errorf("%+v: %d org_assessed, want %d", cfg, d.byType[event.OrgAssessed], want)
		}
	}
}

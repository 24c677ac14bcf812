package dynamo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestEventIndexKeys: each event in its partitions; an assignment, and it
// alone, in by_assigned, in the month and shard of its by_month partition
// (the staffing rule, SPEC §6 四(一), reads a month's assignments there).
func TestEventIndexKeys(t *testing.T) {
	loc := shanghai(t)
	at := time.Date(2026, 10, 31, 23, 30, 0, 0, loc) // 15:30 UTC: October in Shanghai
	// SS stands for the event's shard.
	for _, c := range []struct {
		name                         string
		e                            event.Event
		month, due, ticket, assigned string
	}{
		{"assigned, due next month", event.Event{ID: "a", Type: event.Assigned, At: at, DueAt: at.Add(2 * time.Hour), TicketID: "T1", UnitID: "u"},
			"M#2026-10#SS", "D#2026-11#SS", "T#T1", "A#2026-10#SS"},
		{"assigned, due same month", event.Event{ID: "b", Type: event.Assigned, At: at, DueAt: at.Add(time.Minute), TicketID: "T1", UnitID: "u"},
			"M#2026-10#SS", "", "T#T1", "A#2026-10#SS"},
		{"meeting without ticket", event.Event{ID: "c", Type: event.MeetingAbsent, At: at, UnitID: "u"},
			"M#2026-10#SS", "", "", ""},
		{"org assessment", event.Event{ID: "d", Type: event.OrgAssessed, At: at, UnitID: "u"},
			orgPartition, "", "", ""},
		{"retraction", event.Event{ID: "e", Type: event.Retracted, At: at, EventID: "c", Reason: "录入错误"},
			correctionPartition, "", "", ""},
		{"waiver naming a ticket", event.Event{ID: "f", Type: event.DeductionWaived, At: at, TicketID: "T1", UnitID: "u", Rule: "overdue", EventID: "a", Reason: "申诉成立"},
			correctionPartition, "", "T#T1", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			shard := shardOf(&c.e)
			if shard < 0 || shard >= shards {
				t.Fatalf("shard %d out of range", shard)
			}
			ss := fmt.Sprintf("%02d", shard)
			got := eventIndexKeys(&c.e, loc)
			want := indexKeys{Month: strings.ReplaceAll(c.month, "SS", ss), Due: strings.ReplaceAll(c.due, "SS", ss), Ticket: c.ticket}
			if got.Month != want.Month || got.Due != want.Due || got.Ticket != want.Ticket {
				t.Errorf("partitions %q %q %q, want %q %q %q", got.Month, got.Due, got.Ticket, want.Month, want.Due, want.Ticket)
			}
			if got.MonthSort != "2026-10-31T15:30:00.000000000Z#"+c.e.ID {
				t.Errorf("sort key %q", got.MonthSort)
			}
			if (got.Due == "") != (got.DueSort == "") || (got.Ticket == "") != (got.TicketSort == "") || (got.Assigned == "") != (got.AsgSort == "") {
				t.Errorf("a sparse index key without its sort key: %+v", got)
			}
			if a := strings.ReplaceAll(c.assigned, "SS", ss); got.Assigned != a {
				t.Errorf("by_assigned partition %q, want %q", got.Assigned, a)
			}
			if got.Assigned != "" {
				if a, ok := assignedOfMonth(got.Month); !ok || a != got.Assigned || got.AsgSort != got.MonthSort {
					t.Errorf("by_assigned keys %q %q, not those of by_month %q %q (the backfill's %q)", got.Assigned, got.AsgSort, got.Month, got.MonthSort, a)
				}
			}
			r := newEventRecord(&c.e, loc)
			if (r.Unit != "") != (c.e.Type == event.Assigned) || r.Assigned != got.Assigned {
				t.Errorf("item: unit %q, gsi4pk %q; want the unit on assignments only", r.Unit, r.Assigned)
			}
		})
	}
	for _, p := range []string{orgPartition, correctionPartition, "D#2026-10#01", "M#"} {
		if a, ok := assignedOfMonth(p); ok {
			t.Errorf("assignedOfMonth(%q) = %q, want none", p, a)
		}
	}
}

// TestParseHash: the content hash as the items hold it reads back.
func TestParseHash(t *testing.T) {
	for _, h := range []uint64{0, 1, 0x5a17c0dea5516e3d, ^uint64(0)} {
		if got, err := parseHash(hashString(h)); err != nil || got != h {
			t.Errorf("parseHash(%q) = %x, %v", hashString(h), got, err)
		}
	}
	for _, bad := range []string{"", "123", "zzzzzzzzzzzzzzzz", "00000000000000001"} {
		if _, err := parseHash(bad); err == nil {
			t.Errorf("parseHash(%q): no error", bad)
		}
	}
}

func TestTimeKeySortsAsInstants(t *testing.T) {
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var times []time.Time
	for _, d := range []time.Duration{0, time.Nanosecond, time.Millisecond, time.Second, 9 * time.Hour, 400 * 24 * time.Hour} {
		times = append(times, base.Add(d), base.Add(-d))
	}
	keys := make([]string, len(times))
	for i, tm := range times {
		keys[i] = timeKey(tm.In(time.FixedZone("x", 8*3600)))
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	slices.Sort(keys)
	for i := range times {
		if keys[i] != timeKey(times[i]) {
			t.Fatalf("key %d is %s, want %s", i, keys[i], timeKey(times[i]))
		}
	}
}

func TestShardsSpread(t *testing.T) {
	n := make([]int, shards)
	for i := range 16000 {
		e := event.Event{ID: "E" + time.Duration(i).String()}
		n[shardOf(&e)]++
	}
	for s, c := range n {
		if c < 800 || c > 1200 {
			t.Errorf("shard %d holds %d of 16000 events, want about 1000", s, c)
		}
	}
}

func TestResultKeysSort(t *testing.T) {
	// Newest period first when read backwards: months of a year, then the
	// year, then the year before.
	keys := []string{resultKey("2026", 1).SK, resultKey("2026-10", 2).SK, resultKey("2026-10", 10).SK, resultKey("2026-09", 1).SK, resultKey("2025-12", 3).SK}
	slices.Sort(keys)
	slices.Reverse(keys)
	want := []string{resultKey("2026-10", 10).SK, resultKey("2026-10", 2).SK, resultKey("2026-09", 1).SK, resultKey("2026", 1).SK, resultKey("2025-12", 3).SK}
	if !slices.Equal(keys, want) {
		t.Errorf("order %q, want %q", keys, want)
	}
}

func TestAccountKeys(t *testing.T) {
	// ListAccounts is ordered by id: the sort keys sort as the ids do, and
	// no account, not even one named EVENT, has an event item's sort key.
	ids := []string{"wenhualu-1", "EVENT", "Zed", "li.wei@centre", "a", "a.b", "a-b"}
	var keys []string
	for _, id := range ids {
		k := accountKey(id)
		if k.PK != accountsPK || k.SK == eventSK || k.SK == ticketSK || k.SK == sessionSK {
			t.Errorf("account %q has the key %+v", id, k)
		}
		keys = append(keys, k.SK)
	}
	slices.Sort(ids)
	slices.Sort(keys)
	for i := range ids {
		if keys[i] != accountLabel+ids[i] {
			t.Fatalf("key %d is %q, want the id %q", i, keys[i], ids[i])
		}
	}
	if k := sessionKey("ab12"); k.PK != "SESSION#ab12" || k.SK != sessionSK {
		t.Errorf("session key %+v", k)
	}
}

func TestAppealKeys(t *testing.T) {
	for _, c := range []struct {
		id string
		pk string // "" for an id that names no month
	}{
		{"ap-2026-10-0123456789abcdef", "APPEALS#2026-10"},
		{"ap-2027-01-0000000000000000", "APPEALS#2027-01"},
		{"ap-2026-13-0123456789abcdef", ""},
		{"ap-2026-10", ""},
		{"ap-2026-1-0123456789abcdef", ""},
		{"EVENT", ""},
		{"", ""},
	} {
		k, ok := appealKey(c.id)
		switch {
		case ok != (c.pk != ""):
			t.Errorf("appealKey(%q): %+v, %v; want partition %q", c.id, k, ok, c.pk)
		case ok && (k.PK != c.pk || k.SK != appealLabel+c.id || k.SK == eventSK):
			t.Errorf("appealKey(%q) = %+v, want %s/%s%s", c.id, k, c.pk, appealLabel, c.id)
		}
	}
}

// TestImportKeys: the records of imports sort by time, then id, whatever
// the ids (a later record of a smaller id comes later), never as an event
// item; the guard of an id is a partition of its own.
func TestImportKeys(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 30, 15, 123456789, time.FixedZone("CST", 8*3600))
	earlier := importKey(at, "imp-20261102T013015Z-ffffffff")
	sameTime := importKey(at, "imp-20261102T013015Z-00000001")
	later := importKey(at.Add(time.Nanosecond), "imp-20261102T013015Z-00000000")
	if earlier.PK != importsPK || earlier.SK != "2026-11-02T01:30:15.123456789Z#imp-20261102T013015Z-ffffffff" {
		t.Errorf("importKey = %+v", earlier)
	}
	if !(sameTime.SK < earlier.SK && earlier.SK < later.SK) {
		t.Errorf("sort keys out of order: %q, %q, %q", sameTime.SK, earlier.SK, later.SK)
	}
	if k := importIDKey("imp-1"); k.PK != "IMPORT#imp-1" || k.SK != importSK || k.SK == eventSK {
		t.Errorf("importIDKey = %+v", k)
	}
}

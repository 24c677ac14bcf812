package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

// schemaObject is a table or an index of the schema.
type schemaObject struct{ kind, name string }

// addedIn are the tables and indexes each schema version added after the
// first, in the order they are dropped: a store of version v lacks those of
// the versions after v.
var addedIn = map[int][]schemaObject{
	2: {{"index", "events_assigned_by_month"}},                                          // MonthAssignments
	3: {{"index", "events_corrections_by_at"}},                                          // the corrections every month reads
	4: {{"index", "sessions_by_expires"}, {"table", "sessions"}, {"table", "accounts"}}, // SPEC v1.1 §11
	5: {{"index", "appeals_by_month"}, {"table", "appeals"}},                            // SPEC v1.1 §12
}

// TestMigrate: a store written by a program of any earlier schema version
// opens at the current version, with the tables and indexes the later
// versions added, and gives what it stored before through them: the
// assignments of a month (version 2) and a correction of another month in
// a month's read (version 3); and it keeps accounts (version 4) and
// appeals (version 5).
func TestMigrate(t *testing.T) {
	if len(addedIn) != sqlite.SchemaVersion-1 {
		t.Fatalf("addedIn lists %d versions after the first, want %d: name the tables and indexes of the new version", len(addedIn), sqlite.SchemaVersion-1)
	}
	for from := 1; from < sqlite.SchemaVersion; from++ {
		t.Run(fmt.Sprintf("from version %d", from), func(t *testing.T) { testMigrateFrom(t, from) })
	}
}

func testMigrateFrom(t *testing.T, from int) {
	dir := t.TempDir()
	s := open(t, dir)
	loc := shanghai(t)
	at := time.Date(2026, 10, 9, 10, 15, 0, 0, loc)
	assigned := event.Event{ID: "a1", Type: event.Assigned, At: at, TicketID: "T1", UnitID: "wenhualu",
		DueAt: at.Add(72 * time.Hour), Channel: "hotline_12345"}
	retracted := event.Event{ID: "r1", Type: event.Retracted, At: at.AddDate(0, 2, 0), EventID: "x1", Reason: "录入错误"}
	// Every version writes the same rows; only the indexes differ, so a
	// store of an earlier version is this one less the later indexes.
	events := []event.Event{assigned, retracted}
	if _, err := s.PutEvents(context.Background(), events); err != nil {
		t.Fatal(err)
	}
	s.Close()

	db := raw(t, dir) // back to version from, as the program of that version left it
	for v := sqlite.SchemaVersion; v > from; v-- {
		for _, o := range addedIn[v] {
			if _, err := db.Exec("DROP " + o.kind + " " + o.name); err != nil {
				t.Fatalf("drop the %s %s of version %d: %v", o.kind, o.name, v, err)
			}
		}
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", from)); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(dir, loc)
	if err != nil {
		t.Fatalf("open a version %d store: %v", from, err)
	}
	defer s.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != sqlite.SchemaVersion {
		t.Errorf("schema version %d (%v), want %d", v, err, sqlite.SchemaVersion)
	}
	for version, objects := range addedIn {
		for _, o := range objects {
			var n int
			if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?", o.kind, o.name).Scan(&n); err != nil || n != 1 {
				t.Errorf("%s %s of version %d: %d (%v)", o.kind, o.name, version, n, err)
			}
		}
	}
	admin := account.Account{ID: "admin", Role: account.Admin, Password: "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", CreatedAt: at}
	if err := s.CreateAccount(context.Background(), admin); err != nil {
		t.Errorf("CreateAccount after the migration: %v", err)
	} else if got, err := s.Account(context.Background(), "admin"); err != nil || got.Role != account.Admin || !got.CreatedAt.Equal(at) {
		t.Errorf("Account after the migration: %+v, %v", got, err)
	}
	ap := appeal.Filed(appeal.Appeal{ID: appeal.ID("2026-10", "wenhualu", "a1", "overdue"), Month: "2026-10",
		UnitID: "wenhualu", EventID: "a1", Rule: "overdue", Points: "-0.5", Version: 1, Reason: "已按时回复"}, "wenhualu-1", at)
	if err := s.CreateAppeal(context.Background(), ap); err != nil {
		t.Errorf("CreateAppeal after the migration: %v", err)
	} else if got, err := s.MonthAppeals(context.Background(), "2026-10"); err != nil || len(got) != 1 || got[0].ID != ap.ID {
		t.Errorf("MonthAppeals after the migration: %+v, %v", got, err)
	}
	oct := calendar.Month{Year: 2026, Month: 10}
	var got []string
	collect := func(batch []event.Event) error {
		for _, e := range batch {
			got = append(got, e.ID)
		}
		return nil
	}
	if err := s.MonthAssignments(context.Background(), oct, collect); err != nil || !slices.Equal(got, []string{"a1"}) {
		t.Errorf("MonthAssignments after the migration: %v, %v; want [a1]", got, err)
	}
	got = nil
	if err := s.MonthEvents(context.Background(), oct, collect); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a1", "r1"}) {
		t.Errorf("MonthEvents(2026-10) after the migration: %v, want [a1 r1] (the December retraction with October)", got)
	}
}

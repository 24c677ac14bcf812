package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// schemaObject is a table, an index or a column ("table.column") of the
// schema.
type schemaObject struct{ kind, name string }

// drop is the statement that takes o out of the schema.
func (o schemaObject) drop() string {
	if table, column, ok := strings.Cut(o.name, "."); ok && o.kind == "column" {
		return "ALTER TABLE " + table + " DROP COLUMN " + column
	}
	return "DROP " + o.kind + " " + o.name
}

// count is a query of the number of such objects in the schema (1 or 0).
func (o schemaObject) count() (string, []any) {
	if table, column, ok := strings.Cut(o.name, "."); ok && o.kind == "column" {
		return "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", []any{table, column}
	}
	return "SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?", []any{o.kind, o.name}
}

// addedIn are the tables, indexes and columns each schema version added
// after the first, in the order they are dropped: a store of version v
// lacks those of the versions after v.
var addedIn = map[int][]schemaObject{
	2: {{"index", "events_assigned_by_month"}},                                          // MonthAssignments
	3: {{"index", "events_corrections_by_at"}},                                          // the corrections every month reads
	4: {{"index", "sessions_by_expires"}, {"table", "sessions"}, {"table", "accounts"}}, // SPEC v1.1 §11
	5: {{"index", "appeals_by_month"}, {"table", "appeals"}},                            // SPEC v1.1 §12
	6: {{"column", "units.aliases"}},                                                    // issue 15: units by name
	7: {{"index", "imports_by_at"}, {"table", "imports"}},                               // issue 15: the records of imports
	8: {{"column", "results.summary"}},                                                  // issue 16: the year from its months
}

// TestMigrate: a store written by a program of any earlier schema version
// opens at the current version, with the tables and indexes the later
// versions added, and gives what it stored before through them: the
// assignments of a month (version 2) and a correction of another month in
// a month's read (version 3), and its units without aliases (version 6);
// and it keeps accounts (version 4), appeals (version 5), aliases
// (version 6) and the records of imports (version 7).
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
	units := []unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}, {ID: "gonganju", Name: "区公安分局", Group: unit.Department}}
	if err := s.PutUnits(context.Background(), units); err != nil {
		t.Fatal(err)
	}
	s.Close()

	db := raw(t, dir) // back to version from, as the program of that version left it
	for v := sqlite.SchemaVersion; v > from; v-- {
		for _, o := range addedIn[v] {
			if _, err := db.Exec(o.drop()); err != nil {
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
			query, args := o.count()
			if err := db.QueryRow(query, args...).Scan(&n); err != nil || n != 1 {
				t.Errorf("%s %s of version %d: %d (%v)", o.kind, o.name, version, n, err)
			}
		}
	}
	if got, err := s.Units(context.Background()); err != nil || !cmp.Equal(got, units) {
		t.Errorf("Units after the migration: %+v, %v; want %+v (no aliases)", got, err, units)
	}
	units[1].Aliases = []string{"公安分局"}
	if err := s.PutUnits(context.Background(), units); err != nil {
		t.Errorf("PutUnits with aliases after the migration: %v", err)
	} else if got, err := s.Units(context.Background()); err != nil || !cmp.Equal(got, units) {
		t.Errorf("Units with aliases after the migration: %+v, %v; want %+v", got, err, units)
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
	imp := store.Import{ID: "imp-20261109T021500Z-0a1b2c3d", At: at.Add(time.Nanosecond), By: "li.wei", File: "平台导出.xlsx",
		Mapping: "gen-platform", Events: map[string]int{"assigned": 1}, Stored: 1}
	if err := s.PutImport(context.Background(), imp); err != nil {
		t.Errorf("PutImport after the migration: %v", err)
	} else if got, err := s.RecentImports(context.Background(), 5); err != nil || len(got) != 1 || !got[0].At.Equal(imp.At) || got[0].Events["assigned"] != 1 {
		t.Errorf("RecentImports after the migration: %+v, %v", got, err)
	}
	oct := calendar.Month{Year: 2026, Month: 10}
	var got []string
	collect := func(batch []event.Event) error {
		for _, e := range batch {
			got = append(got, e.ID)
		}
		return nil
	}
	briefs := func(batch []event.Brief) error {
		for _, b := range batch {
			got = append(got, b.ID)
		}
		return nil
	}
	if err := s.MonthAssignments(context.Background(), oct, briefs); err != nil || !slices.Equal(got, []string{"a1"}) {
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

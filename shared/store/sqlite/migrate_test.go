package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

// TestMigrateFromV1: a store written by a program of schema version 1 (no
// index of the month's assignments) opens at the current version, with the
// index, and gives the assignments of a month it stored before.
func TestMigrateFromV1(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	loc := shanghai(t)
	at := time.Date(2026, 10, 9, 10, 15, 0, 0, loc)
	assigned := event.Event{ID: "a1", Type: event.Assigned, At: at, TicketID: "T1", UnitID: "wenhualu",
		DueAt: at.Add(72 * time.Hour), Channel: "hotline_12345"}
	if _, err := s.PutEvents(context.Background(), []event.Event{assigned}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	db := raw(t, dir) // back to version 1, as the previous program left it
	for _, q := range []string{"DROP INDEX events_assigned_by_month", "PRAGMA user_version = 1"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	s, err := sqlite.Open(dir, loc)
	if err != nil {
		t.Fatalf("open a version 1 store: %v", err)
	}
	defer s.Close()
	var v, indexes int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != sqlite.SchemaVersion {
		t.Errorf("schema version %d (%v), want %d", v, err, sqlite.SchemaVersion)
	}
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_assigned_by_month'").Scan(&indexes); err != nil || indexes != 1 {
		t.Errorf("index events_assigned_by_month: %d (%v)", indexes, err)
	}
	var got []string
	err = s.MonthAssignments(context.Background(), calendar.Month{Year: 2026, Month: 10}, func(batch []event.Event) error {
		for _, e := range batch {
			got = append(got, e.ID)
		}
		return nil
	})
	if err != nil || len(got) != 1 || got[0] != "a1" {
		t.Errorf("MonthAssignments after the migration: %v, %v; want [a1]", got, err)
	}
}

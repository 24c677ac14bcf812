package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// TestMonthPlan: every part of the month read goes through an index of its
// own (store.Scope: a month costs its events, not the history), the
// corrections in particular through events_corrections_by_at and the events
// they name by the primary key, never a scan of a table (under any alias).
func TestMonthPlan(t *testing.T) {
	s, err := Open(t.TempDir(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m := calendar.Month{Year: 2026, Month: 10}
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+monthEventsSQL, m.String(), m.End(time.UTC).UnixNano())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	for _, index := range []string{"events_by_ticket", "events_ticketless_by_month", "events_org_assessed_by_at", "events_corrections_by_at",
		"USING PRIMARY KEY (ticket=? AND month=?)"} {
		if !strings.Contains(text, index) {
			t.Errorf("the month read does not use %s:\n%s", index, text)
		}
	}
	// The named events without a ticket, and those whose ticket's history
	// comes: two lookups by id.
	if n := strings.Count(text, "sqlite_autoindex_events_1 (id=?)"); n != 2 {
		t.Errorf("the month read finds named events by id %d times, want 2:\n%s", n, text)
	}
	for _, line := range plan {
		if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "INDEX") {
			t.Errorf("the month read scans a table: %q\n%s", line, text)
		}
		// A range of tickets would be a scan of the history under another name.
		if strings.Contains(line, "events_by_ticket") && !strings.HasSuffix(line, "(ticket=?)") {
			t.Errorf("the month read reads events_by_ticket other than by ticket: %q\n%s", line, text)
		}
	}
}

// TestRecentImportsPlan: the most recent imports are read from the index
// imports_by_at backwards, limit rows of it, without sorting the table.
func TestRecentImportsPlan(t *testing.T) {
	s, err := Open(t.TempDir(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+recentImportsSQL, 20)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "imports_by_at") || strings.Contains(text, "TEMP B-TREE") {
		t.Errorf("RecentImports does not read imports_by_at in order:\n%s", text)
	}
}

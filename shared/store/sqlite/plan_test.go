package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// TestMonthPlan: every part of the month read goes through an index of its
// own (store.Scope: a month costs its events, not the history), and the
// corrections in particular through events_corrections_by_at, never a scan
// of the events table.
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
	for _, index := range []string{"events_by_ticket", "events_ticketless_by_month", "events_org_assessed_by_at", "events_corrections_by_at"} {
		if !strings.Contains(text, index) {
			t.Errorf("the month read does not use %s:\n%s", index, text)
		}
	}
	for _, line := range plan {
		if strings.HasPrefix(line, "SCAN events") && !strings.Contains(line, "INDEX") {
			t.Errorf("the month read scans the events table: %q\n%s", line, text)
		}
	}
}

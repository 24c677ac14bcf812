package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// batchSize is how many events MonthEvents and Events give fn at a time.
const batchSize = 1000

// monthEventsSQL reads the scope of a month (store.Scope), each part through
// its own index: the events of the tickets active in month ?1, the events
// without a ticket of ?1, the organisation assessments before ?2, the end of
// ?1, except those the second part gave already, every correction, and the
// events the corrections name: those without a ticket that no earlier part
// gave, and the whole histories of their tickets not active in ?1 (a named
// correction brings no ticket). The parts but the fourth leave the
// corrections to it, so that each comes once; named names the types exactly
// as the partial index events_corrections_by_at does, which is what lets
// SQLite use it, and finds each named event by the primary key. event_id is
// in the body only: corrections are few, and reading it there costs less
// than a column every event would carry.
const monthEventsSQL = `
WITH named AS (
	SELECT json_extract(CAST(body AS TEXT), '$.event_id') AS id FROM events
		WHERE type IN ('deduction_waived', 'retracted'))
SELECT body FROM events
	WHERE ticket IN (SELECT ticket FROM ticket_months WHERE month = ?1)
		AND type NOT IN ('deduction_waived', 'retracted')
UNION ALL
SELECT body FROM events
	WHERE ticket IS NULL AND month = ?1
		AND type NOT IN ('deduction_waived', 'retracted')
UNION ALL
SELECT body FROM events
	WHERE type = 'org_assessed' AND at < ?2 AND (ticket IS NOT NULL OR month <> ?1)
UNION ALL
SELECT body FROM events
	WHERE type IN ('deduction_waived', 'retracted')
UNION ALL
SELECT body FROM events
	WHERE id IN (SELECT id FROM named) AND ticket IS NULL AND month <> ?1
		AND type NOT IN ('deduction_waived', 'retracted')
		AND NOT (type = 'org_assessed' AND at < ?2)
UNION ALL
SELECT body FROM events
	WHERE ticket IN (
		SELECT t.ticket FROM events AS t
			WHERE t.id IN (SELECT id FROM named) AND t.ticket IS NOT NULL
				AND t.type NOT IN ('deduction_waived', 'retracted')
				AND NOT EXISTS (SELECT 1 FROM ticket_months AS a WHERE a.ticket = t.ticket AND a.month = ?1))
		AND type NOT IN ('deduction_waived', 'retracted')`

// monthAssignmentsSQL reads the assignments whose `at` falls in month ?1.
const monthAssignmentsSQL = `SELECT body FROM events WHERE type = 'assigned' AND month = ?1`

// eventsPageSQL reads the events after a rowid, in the order they were
// stored.
const eventsPageSQL = `SELECT rowid, body FROM events WHERE rowid > ? ORDER BY rowid LIMIT ?`

// MonthEvents calls fn, in batches of up to 1000, with every event the
// assessment of month m reads (see store.Scope), corrections of every month
// and the events they name included. Only an organisation assessment that
// names a ticket whose history m reads can come twice. The events are
// read from one snapshot while fn runs: fn may use the store, but a slow fn
// holds the snapshot, and the write-ahead log grows meanwhile.
func (s *Store) MonthEvents(ctx context.Context, m calendar.Month, fn func([]event.Event) error) error {
	rows, err := s.st.monthEvents.QueryContext(ctx, m.String(), m.End(s.scope.Location).UnixNano())
	if err != nil {
		return fmt.Errorf("sqlite: events of month %s: %w", m, err)
	}
	return emitRows(rows, fn, "events of month "+m.String())
}

// MonthAssignments calls fn, in batches of up to 1000, with the summary of
// every assignment whose `at` falls in m, through the partial index
// events_assigned_by_month.
func (s *Store) MonthAssignments(ctx context.Context, m calendar.Month, fn func([]event.Brief) error) error {
	rows, err := s.st.monthAssignments.QueryContext(ctx, m.String())
	if err != nil {
		return fmt.Errorf("sqlite: assignments of month %s: %w", m, err)
	}
	return emitRows(rows, func(events []event.Event) error {
		briefs := make([]event.Brief, len(events))
		for i := range events {
			briefs[i] = events[i].Brief()
		}
		return fn(briefs)
	}, "assignments of month "+m.String())
}

// emitRows decodes rows of one column, body, and calls fn with them in
// batches of batchSize; it closes rows. what names the read in errors.
func emitRows(rows *sql.Rows, fn func([]event.Event) error, what string) error {
	defer rows.Close()
	var d event.Decoder
	batch := make([]event.Event, 0, batchSize)
	for rows.Next() {
		var body sql.RawBytes
		if err := rows.Scan(&body); err != nil {
			return fmt.Errorf("sqlite: %s: %w", what, err)
		}
		e, err := d.Decode(body)
		if err != nil {
			return fmt.Errorf("sqlite: %s: stored event: %w", what, err)
		}
		if batch = append(batch, e); len(batch) == batchSize {
			if err := fn(batch); err != nil {
				return err
			}
			batch = make([]event.Event, 0, batchSize)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

// Events calls fn, in batches of up to 1000, with every stored event, in the
// order they were stored. Each batch is read in its own short query, so fn
// holds no snapshot; an event stored meanwhile may or may not come.
func (s *Store) Events(ctx context.Context, fn func([]event.Event) error) error {
	var d event.Decoder
	var after int64
	for {
		batch, last, err := s.eventsPage(ctx, &d, after)
		if err != nil {
			return fmt.Errorf("sqlite: events: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := fn(batch); err != nil {
			return err
		}
		if len(batch) < batchSize {
			return nil
		}
		after = last
	}
}

// eventsPage reads the events stored after rowid after, and the rowid of the
// last.
func (s *Store) eventsPage(ctx context.Context, d *event.Decoder, after int64) ([]event.Event, int64, error) {
	rows, err := s.st.eventsPage.QueryContext(ctx, after, batchSize)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	batch := make([]event.Event, 0, batchSize)
	for rows.Next() {
		var body sql.RawBytes
		if err := rows.Scan(&after, &body); err != nil {
			return nil, 0, err
		}
		e, err := d.Decode(body)
		if err != nil {
			return nil, 0, fmt.Errorf("stored event: %w", err)
		}
		batch = append(batch, e)
	}
	return batch, after, rows.Err()
}

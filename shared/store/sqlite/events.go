package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
)

const (
	insertEventSQL = `INSERT INTO events (id, hash, ticket, type, at, month, body)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	eventHashSQL         = `SELECT hash FROM events WHERE id = ?`
	insertTicketMonthSQL = `INSERT OR IGNORE INTO ticket_months (ticket, month) VALUES (?, ?)`
)

// ticketMonth is a month in which a ticket is active.
type ticketMonth struct {
	ticket string
	month  calendar.Month
}

// PutEvents stores valid events idempotently, as store.Store says, in one
// transaction: the outcomes are reported once it is committed and synced,
// and on any error it is rolled back and nothing of the batch is stored.
func (s *Store) PutEvents(ctx context.Context, events []event.Event) ([]store.Outcome, error) {
	out := make([]store.Outcome, len(events))
	if len(events) == 0 {
		return out, nil
	}
	first, conflict := store.Dedupe(events)

	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: put events: begin: %w", err)
	}
	defer rollback(tx)
	if err := s.putEvents(ctx, tx, events, first, out); err != nil {
		return nil, fmt.Errorf("sqlite: put events: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: put events: commit: %w", err)
	}
	for i := range events {
		if j := first[i]; j != i {
			out[i] = store.Repeat(out[j], conflict[i])
		}
	}
	return out, nil
}

// putEvents writes the first occurrence of each id in tx and sets its
// outcome, then records the months of the tickets of the events stored.
// ctx is checked between events; the statements themselves run without it,
// since a cancellable context costs the driver a goroutine per statement.
func (s *Store) putEvents(ctx context.Context, tx *sql.Tx, events []event.Event, first []int, out []store.Outcome) error {
	bg := context.WithoutCancel(ctx)
	insert := tx.StmtContext(bg, s.st.insertEvent)
	hash := tx.StmtContext(bg, s.st.eventHash)
	var (
		body   []byte
		seen   = make(map[ticketMonth]bool)
		months []ticketMonth
	)
	for i := range events {
		if err := ctx.Err(); err != nil {
			return err
		}
		if first[i] != i {
			continue
		}
		e := &events[i]
		h := e.ContentHash()
		body = e.AppendJSON(body[:0])
		res, err := insert.ExecContext(bg, e.ID, int64(h), nullString(e.TicketID), e.Type.String(),
			e.At.UnixNano(), s.scope.MonthKey(e), body)
		if err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
		if n == 0 { // the id is stored already
			var stored int64
			if err := hash.QueryRowContext(bg, e.ID).Scan(&stored); err != nil {
				return fmt.Errorf("event %s: read the stored hash: %w", e.ID, err)
			}
			out[i] = store.Outcome{Status: store.Duplicate}
			if uint64(stored) != h {
				out[i] = store.ConflictOutcome()
			}
			continue
		}
		out[i] = store.Outcome{Status: store.Stored}
		if e.TicketID == "" {
			continue
		}
		for _, m := range s.scope.Months(e) {
			if tm := (ticketMonth{e.TicketID, m}); !seen[tm] {
				seen[tm] = true
				months = append(months, tm)
			}
		}
	}
	return s.putTicketMonths(ctx, tx, months)
}

// putTicketMonths records the months in which tickets are active.
func (s *Store) putTicketMonths(ctx context.Context, tx *sql.Tx, months []ticketMonth) error {
	bg := context.WithoutCancel(ctx)
	insert := tx.StmtContext(bg, s.st.insertTicketMonth)
	for _, tm := range months {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := insert.ExecContext(bg, tm.ticket, tm.month.String()); err != nil {
			return fmt.Errorf("ticket %s month %s: %w", tm.ticket, tm.month, err)
		}
	}
	return nil
}

// nullString is s, or NULL when s is empty.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

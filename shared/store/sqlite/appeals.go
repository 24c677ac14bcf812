package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/store"
)

const (
	createAppealSQL = `INSERT INTO appeals (id, month, status, filed_at, body)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	appealSQL       = `SELECT body FROM appeals WHERE id = ?`
	monthAppealsSQL = `SELECT body FROM appeals WHERE month = ? ORDER BY filed_at, id`
	updateAppealSQL = `UPDATE appeals SET month = ?, status = ?, filed_at = ?, body = ?
		WHERE id = ? AND status = ?`
	appealStatusSQL = `SELECT status FROM appeals WHERE id = ?`
)

// CreateAppeal stores a new appeal (store.Appeals); an id already taken is
// store.ErrExists and changes nothing.
func (s *Store) CreateAppeal(ctx context.Context, a appeal.Appeal) error {
	a = a.UTC()
	body, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("sqlite: create appeal %s: %w", a.ID, err)
	}
	s.write.Lock()
	defer s.write.Unlock()
	res, err := s.st.createAppeal.ExecContext(ctx, a.ID, a.Month, string(a.Status), timeKey(a.FiledAt), string(body))
	if err != nil {
		return fmt.Errorf("sqlite: create appeal %s: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = store.ErrExists
		}
		return fmt.Errorf("sqlite: create appeal %s: %w", a.ID, err)
	}
	return nil
}

// Appeal returns the appeal of id (store.Appeals); store.ErrNotFound when
// there is none.
func (s *Store) Appeal(ctx context.Context, id string) (appeal.Appeal, error) {
	var body string
	err := s.st.appeal.QueryRowContext(ctx, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return appeal.Appeal{}, fmt.Errorf("sqlite: appeal %s: %w", id, err)
	}
	a, err := decodeAppeal(body)
	if err != nil {
		return appeal.Appeal{}, fmt.Errorf("sqlite: appeal %s: %w", id, err)
	}
	return a, nil
}

// MonthAppeals returns every appeal of a month (store.Appeals), oldest
// filing first, ties by id: one read of the index appeals_by_month.
func (s *Store) MonthAppeals(ctx context.Context, month string) ([]appeal.Appeal, error) {
	rows, err := s.st.monthAppeals.QueryContext(ctx, month)
	if err != nil {
		return nil, fmt.Errorf("sqlite: appeals of %s: %w", month, err)
	}
	defer rows.Close()
	list := []appeal.Appeal{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("sqlite: appeals of %s: %w", month, err)
		}
		a, err := decodeAppeal(body)
		if err != nil {
			return nil, fmt.Errorf("sqlite: appeals of %s: %w", month, err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: appeals of %s: %w", month, err)
	}
	return list, nil
}

// UpdateAppeal replaces the stored appeal of a.ID by a while it is in
// status from (store.Appeals): one UPDATE on that condition. When it
// changes nothing, the stored status tells store.ErrNotFound from
// store.ErrChanged; writes are serialized, so nothing comes between.
func (s *Store) UpdateAppeal(ctx context.Context, a appeal.Appeal, from appeal.Status) error {
	a = a.UTC()
	body, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("sqlite: update appeal %s: %w", a.ID, err)
	}
	s.write.Lock()
	defer s.write.Unlock()
	res, err := s.st.updateAppeal.ExecContext(ctx, a.Month, string(a.Status), timeKey(a.FiledAt), string(body), a.ID, string(from))
	if err != nil {
		return fmt.Errorf("sqlite: update appeal %s: %w", a.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlite: update appeal %s: %w", a.ID, err)
	}
	if n > 0 {
		return nil
	}
	var status string
	switch err := s.st.appealStatus.QueryRowContext(ctx, a.ID).Scan(&status); {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("sqlite: update appeal %s: %w", a.ID, store.ErrNotFound)
	case err != nil:
		return fmt.Errorf("sqlite: update appeal %s: %w", a.ID, err)
	}
	return fmt.Errorf("sqlite: update appeal %s: it is %s, not %s: %w", a.ID, status, from, store.ErrChanged)
}

// decodeAppeal reads a stored body, every time in UTC.
func decodeAppeal(body string) (appeal.Appeal, error) {
	var a appeal.Appeal
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		return appeal.Appeal{}, fmt.Errorf("stored appeal %.80q: %w", body, err)
	}
	return a.UTC(), nil
}

// timeKey writes an instant as the columns appeals.filed_at and imports.at
// keep it: UTC with a fixed width of nanoseconds, so that the text sorts as the
// instants do (RFC 3339 with nanoseconds drops trailing zeros and does not).
func timeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

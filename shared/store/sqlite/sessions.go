package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/store"
)

const (
	putSessionSQL = `INSERT INTO sessions (token_hash, account_id, created_at, seen_at, expires)
		VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (token_hash) DO UPDATE
		SET account_id = ?2, created_at = ?3, seen_at = ?4, expires = ?5`
	sessionSQL       = `SELECT token_hash, account_id, created_at, seen_at FROM sessions WHERE token_hash = ?`
	deleteSessionSQL = `DELETE FROM sessions WHERE token_hash = ?`
	sweepSessionsSQL = `DELETE FROM sessions WHERE expires < ?`
)

// PutSession stores ses, replacing a session of the same hash, to be swept
// once expires has passed.
func (s *Store) PutSession(ctx context.Context, ses account.Session, expires time.Time) error {
	s.write.Lock()
	defer s.write.Unlock()
	_, err := s.st.putSession.ExecContext(ctx, ses.TokenHash, ses.AccountID,
		formatTime(ses.CreatedAt), formatTime(ses.SeenAt), expires.UnixNano())
	if err != nil {
		return fmt.Errorf("sqlite: put session of %s: %w", ses.AccountID, err)
	}
	return nil
}

// Session returns the session of a token hash; store.ErrNotFound when there
// is none. The hash is not repeated in an error.
func (s *Store) Session(ctx context.Context, tokenHash string) (account.Session, error) {
	var (
		ses           account.Session
		created, seen string
	)
	err := s.st.session.QueryRowContext(ctx, tokenHash).Scan(&ses.TokenHash, &ses.AccountID, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return account.Session{}, fmt.Errorf("sqlite: session: %w", err)
	}
	if ses.CreatedAt, err = parseTime(created); err != nil {
		return account.Session{}, fmt.Errorf("sqlite: session of %s: created_at: %w", ses.AccountID, err)
	}
	if ses.SeenAt, err = parseTime(seen); err != nil {
		return account.Session{}, fmt.Errorf("sqlite: session of %s: seen_at: %w", ses.AccountID, err)
	}
	return ses, nil
}

// DeleteSession removes the session of a token hash; none is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	s.write.Lock()
	defer s.write.Unlock()
	if _, err := s.st.deleteSession.ExecContext(ctx, tokenHash); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return nil
}

// SweepSessions deletes every session that expired before now and says how
// many. Nothing calls it on a timer: the caller chooses when (a session past
// its lifetime is refused by account.Lifetime whether swept or not).
func (s *Store) SweepSessions(ctx context.Context, now time.Time) (int, error) {
	s.write.Lock()
	defer s.write.Unlock()
	res, err := s.st.sweepSessions.ExecContext(ctx, now.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("sqlite: sweep sessions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: sweep sessions: %w", err)
	}
	return int(n), nil
}

package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/store"
)

var (
	_ store.Accounts = (*Store)(nil)
	_ store.Sessions = (*Store)(nil)
)

// storedSession is a session with the time it expires at.
type storedSession struct {
	account.Session
	expires time.Time
}

// inUTC is a with its times in UTC, as every store reads them back.
func inUTC(a account.Account) account.Account {
	a.RevokedAt, a.CreatedAt, a.UpdatedAt = utc(a.RevokedAt), utc(a.CreatedAt), utc(a.UpdatedAt)
	return a
}

// utc is t in UTC without its monotonic reading; the zero time stays zero.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Round(0)
}

// CreateAccount implements store.Accounts.
func (s *Store) CreateAccount(ctx context.Context, a account.Account) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[a.ID]; ok {
		return fmt.Errorf("memstore: create account %s: %w", a.ID, store.ErrExists)
	}
	s.accounts[a.ID] = inUTC(a)
	return nil
}

// Account implements store.Accounts.
func (s *Store) Account(ctx context.Context, id string) (account.Account, error) {
	if err := ctx.Err(); err != nil {
		return account.Account{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[id]
	if !ok {
		return account.Account{}, fmt.Errorf("memstore: account %s: %w", id, store.ErrNotFound)
	}
	return a, nil
}

// ListAccounts implements store.Accounts.
func (s *Store) ListAccounts(ctx context.Context) ([]account.Account, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := make([]account.Account, 0, len(s.accounts))
	for _, a := range s.accounts {
		list = append(list, a)
	}
	slices.SortFunc(list, func(a, b account.Account) int { return strings.Compare(a.ID, b.ID) })
	return list, nil
}

// UpdateAccount implements store.Accounts; the creation time stays.
func (s *Store) UpdateAccount(ctx context.Context, a account.Account) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, ok := s.accounts[a.ID]
	if !ok {
		return fmt.Errorf("memstore: update account %s: %w", a.ID, store.ErrNotFound)
	}
	a = inUTC(a)
	a.CreatedAt = prev.CreatedAt
	s.accounts[a.ID] = a
	return nil
}

// PutSession implements store.Sessions.
func (s *Store) PutSession(ctx context.Context, ses account.Session, expires time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ses.CreatedAt, ses.SeenAt = utc(ses.CreatedAt), utc(ses.SeenAt)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[ses.TokenHash] = storedSession{ses, expires}
	return nil
}

// Session implements store.Sessions.
func (s *Store) Session(ctx context.Context, tokenHash string) (account.Session, error) {
	if err := ctx.Err(); err != nil {
		return account.Session{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, ok := s.sessions[tokenHash]
	if !ok {
		return account.Session{}, fmt.Errorf("memstore: session: %w", store.ErrNotFound)
	}
	return ses.Session, nil
}

// DeleteSession implements store.Sessions.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, tokenHash)
	return nil
}

// SweepSessions implements store.Sessions: every session that expired
// before now is removed.
func (s *Store) SweepSessions(ctx context.Context, now time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for h, ses := range s.sessions {
		if ses.expires.Before(now) {
			delete(s.sessions, h)
			n++
		}
	}
	return n, nil
}

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
	accountColumns   = `id, name, role, unit_id, password, disabled, revoked_at, created_at, updated_at`
	createAccountSQL = `INSERT INTO accounts (` + accountColumns + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	accountSQL       = `SELECT ` + accountColumns + ` FROM accounts WHERE id = ?`
	accountsSQL      = `SELECT ` + accountColumns + ` FROM accounts ORDER BY id`
	updateAccountSQL = `UPDATE accounts SET name = ?, role = ?, unit_id = ?, password = ?, disabled = ?,
		revoked_at = ?, updated_at = ? WHERE id = ?`
)

// CreateAccount stores a new account; an id already taken is
// store.ErrExists and changes nothing.
func (s *Store) CreateAccount(ctx context.Context, a account.Account) error {
	s.write.Lock()
	defer s.write.Unlock()
	res, err := s.st.createAccount.ExecContext(ctx, a.ID, a.Name, string(a.Role), a.UnitID, string(a.Password),
		a.Disabled, formatTime(a.RevokedAt), formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("sqlite: create account %s: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = store.ErrExists
		}
		return fmt.Errorf("sqlite: create account %s: %w", a.ID, err)
	}
	return nil
}

// Account returns the account of id; store.ErrNotFound when there is none.
func (s *Store) Account(ctx context.Context, id string) (account.Account, error) {
	a, err := scanAccount(s.st.account.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return account.Account{}, fmt.Errorf("sqlite: account %s: %w", id, err)
	}
	return a, nil
}

// ListAccounts returns every account, ordered by id (byte order).
func (s *Store) ListAccounts(ctx context.Context) ([]account.Account, error) {
	rows, err := s.st.accounts.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: accounts: %w", err)
	}
	defer rows.Close()
	list := []account.Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: accounts: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: accounts: %w", err)
	}
	return list, nil
}

// UpdateAccount replaces the stored account of a.ID but its creation time;
// store.ErrNotFound when there is none.
func (s *Store) UpdateAccount(ctx context.Context, a account.Account) error {
	s.write.Lock()
	defer s.write.Unlock()
	res, err := s.st.updateAccount.ExecContext(ctx, a.Name, string(a.Role), a.UnitID, string(a.Password),
		a.Disabled, formatTime(a.RevokedAt), formatTime(a.UpdatedAt), a.ID)
	if err != nil {
		return fmt.Errorf("sqlite: update account %s: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = store.ErrNotFound
		}
		return fmt.Errorf("sqlite: update account %s: %w", a.ID, err)
	}
	return nil
}

// scanAccount reads a row of accountColumns.
func scanAccount(row interface{ Scan(...any) error }) (account.Account, error) {
	var (
		a                         account.Account
		role, password            string
		revoked, created, updated string
	)
	if err := row.Scan(&a.ID, &a.Name, &role, &a.UnitID, &password, &a.Disabled, &revoked, &created, &updated); err != nil {
		return account.Account{}, err
	}
	a.Role, a.Password = account.Role(role), account.Hash(password)
	var err error
	for _, f := range []struct {
		dst  *time.Time
		name string
		text string
	}{{&a.RevokedAt, "revoked_at", revoked}, {&a.CreatedAt, "created_at", created}, {&a.UpdatedAt, "updated_at", updated}} {
		if *f.dst, err = parseTime(f.text); err != nil {
			return account.Account{}, fmt.Errorf("account %s: %s: %w", a.ID, f.name, err)
		}
	}
	return a, nil
}

// formatTime writes t as the people's tables keep it: RFC 3339 with
// nanoseconds in UTC, ” for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// parseTime reads what formatTime wrote.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

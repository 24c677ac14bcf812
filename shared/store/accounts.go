package store

import (
	"context"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/fault"
)

// Accounts keeps the accounts of the people who sign in (SPEC v1.1 §11),
// in the same store as the events. Every method is safe for concurrent use.
// Every field is kept exactly: the password hash byte for byte, times to
// the nanosecond, read back in UTC (a zero time stays zero).
type Accounts interface {
	// CreateAccount stores a new account; an id already taken is
	// ErrExists (code fault.Conflict), wrapped, and nothing changes. A
	// store whose answers can be lost (dynamo) may take an id held by the
	// very same account, to the last field, for its own earlier attempt
	// and answer nil.
	CreateAccount(ctx context.Context, a account.Account) error
	// Account returns the account of id; ErrNotFound when there is none.
	Account(ctx context.Context, id string) (account.Account, error)
	// ListAccounts returns every account, ordered by id.
	ListAccounts(ctx context.Context) ([]account.Account, error)
	// UpdateAccount replaces the stored account of a.ID (name, role, unit,
	// password, disabled, revoked, updated; the creation time stays as
	// created); ErrNotFound when there is none.
	UpdateAccount(ctx context.Context, a account.Account) error
}

// Sessions keeps the sessions, each under its token's hash (never the
// token). Whether a session may still be used is the caller's to judge
// (account.Lifetime.Admits): a store may keep an expired session until its
// sweep or its TTL removes it. Times are kept as Accounts keeps them.
type Sessions interface {
	// PutSession stores s, replacing a session of the same hash, to expire
	// at expires (account.Lifetime.Expires): DynamoDB's TTL attribute, the
	// SQLite sweep's bound.
	PutSession(ctx context.Context, s account.Session, expires time.Time) error
	// Session returns the session of a token hash; ErrNotFound when there
	// is none.
	Session(ctx context.Context, tokenHash string) (account.Session, error)
	// DeleteSession removes the session of a token hash; none is not an
	// error (signing out twice).
	DeleteSession(ctx context.Context, tokenHash string) error
	// SweepSessions removes every session that expired before now (one
	// that expires at now stays until the next sweep) and says how many; a
	// store whose sessions expire by themselves (DynamoDB TTL)
	// may remove none.
	SweepSessions(ctx context.Context, now time.Time) (int, error)
}

// ErrExists is returned, wrapped, when what is created exists already: a
// sentinel of code fault.Conflict.
var ErrExists = fault.New(fault.Conflict, "already exists")

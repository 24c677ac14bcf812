package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// schemaV1 is the first schema. Events are written once and never changed:
// body holds the event as event.AppendJSON writes it and is what is read
// back; the other columns of events are keys for idempotency and for the
// month scope (store.Scope).
const schemaV1 = `
-- events: every stored event. hash is event.ContentHash as a signed 64-bit
-- integer (compared to tell a duplicate from a conflict); ticket is NULL for
-- an event without one; type is the wire name; at is in Unix nanoseconds;
-- month is the month of at in the store's zone, written 2006-01.
CREATE TABLE events (
	id     TEXT PRIMARY KEY,
	hash   INTEGER NOT NULL,
	ticket TEXT,
	type   TEXT NOT NULL,
	at     INTEGER NOT NULL,
	month  TEXT NOT NULL,
	body   BLOB NOT NULL
);
-- The whole history of a ticket.
CREATE INDEX events_by_ticket ON events (ticket) WHERE ticket IS NOT NULL;
-- The events without a ticket of a month.
CREATE INDEX events_ticketless_by_month ON events (month) WHERE ticket IS NULL;
-- Organisation assessments in time order (each stays in force until the next).
CREATE INDEX events_org_assessed_by_at ON events (at) WHERE type = 'org_assessed';

-- ticket_months: the months in which a ticket is active (store.Scope.Months
-- of each of its stored events), so that a month finds its tickets without
-- reading other months.
CREATE TABLE ticket_months (
	ticket TEXT NOT NULL,
	month  TEXT NOT NULL,
	PRIMARY KEY (ticket, month)
) WITHOUT ROWID;
-- The tickets of a month.
CREATE INDEX ticket_months_by_month ON ticket_months (month, ticket);

-- units: the unit registry in the order it was put; PutUnits replaces it
-- whole.
CREATE TABLE units (
	pos  INTEGER PRIMARY KEY,
	id   TEXT NOT NULL,
	name TEXT NOT NULL,
	grp  TEXT NOT NULL
);

-- results: every version of every period's computed result. computed_at is
-- RFC 3339 with nanoseconds; final is 0 or 1; body is the result as
-- "hotline score --format json" writes it.
CREATE TABLE results (
	period      TEXT NOT NULL,
	version     INTEGER NOT NULL,
	policy      TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	computed_at TEXT NOT NULL,
	final       INTEGER NOT NULL DEFAULT 0,
	body        BLOB NOT NULL,
	UNIQUE (period, version)
);

-- meta: facts about the store itself: "location", the zone its months are
-- computed in; "units", present once a unit registry was put.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
`

// schemaV2 indexes the assignments of each month, which a later month's
// staffing rule counts (store.Store.MonthAssignments).
const schemaV2 = `
CREATE INDEX events_assigned_by_month ON events (month) WHERE type = 'assigned';
`

// schemaV3 indexes the corrections (deduction_waived, retracted), which
// every month reads whatever their own month (store.Scope): a read of them
// all is a read of this index, as long as the corrections, not the history.
const schemaV3 = `
CREATE INDEX events_corrections_by_at ON events (at) WHERE type IN ('deduction_waived', 'retracted');
`

// schemaV4 keeps the people who sign in and their sessions (SPEC v1.1 §11,
// store.Accounts and store.Sessions). Times are RFC 3339 with nanoseconds
// in UTC, ” for a zero time (an account never revoked); password is the
// argon2id hash in its PHC string form; unit_id is ” but for a unit
// account; disabled is 0 or 1. A session is kept under its token's hash;
// expires is in Unix nanoseconds, what the sweep compares.
const schemaV4 = `
CREATE TABLE accounts (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL,
	unit_id    TEXT NOT NULL,
	password   TEXT NOT NULL,
	disabled   INTEGER NOT NULL,
	revoked_at TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	account_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	seen_at    TEXT NOT NULL,
	expires    INTEGER NOT NULL
) WITHOUT ROWID;
-- The sessions in the order they expire: the sweep reads the expired.
CREATE INDEX sessions_by_expires ON sessions (expires);
`

// schemaV5 keeps the appeals of the month's cycle (SPEC v1.1 §12,
// store.Appeals). body is the appeal as encoding/json writes it and is what
// is read back; the other columns are keys: month is 2006-01, status the
// appeal's (what an update's condition compares), filed_at the filing in
// UTC with a fixed width of nanoseconds, so that the text sorts as the
// instants do.
const schemaV5 = `
CREATE TABLE appeals (
	id       TEXT PRIMARY KEY,
	month    TEXT NOT NULL,
	status   TEXT NOT NULL,
	filed_at TEXT NOT NULL,
	body     TEXT NOT NULL
);
-- A month's appeals, oldest filing first, ties by id.
CREATE INDEX appeals_by_month ON appeals (month, filed_at, id);
`

// schemaV6 keeps the aliases of the units (issue 15: the other names
// exports give a unit, by which an import finds it): a JSON array of text in
// registry order, '[]' for a unit without any, which is what the units of
// an earlier store get.
const schemaV6 = `
ALTER TABLE units ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
`

// schemaV7 keeps the records of imports (issue 15, store.Imports), never
// changed. at is the time in UTC with a fixed width of nanoseconds, so that
// the text sorts as the instants do; events is the count of the events of
// each type as a JSON object, '{}' for none.
const schemaV7 = `
CREATE TABLE imports (
	id          TEXT PRIMARY KEY,
	at          TEXT NOT NULL,
	imported_by TEXT NOT NULL,
	file        TEXT NOT NULL,
	mapping     TEXT NOT NULL,
	events      TEXT NOT NULL,
	stored      INTEGER NOT NULL,
	duplicate   INTEGER NOT NULL,
	conflict    INTEGER NOT NULL,
	problems    INTEGER NOT NULL
);
-- The records in time order, ties by id: read backwards, the most recent.
CREATE INDEX imports_by_at ON imports (at, id);
`

// schemaV8 keeps beside each result version its summary (issue 16: what a
// year computed from its months reads instead of their events,
// store.Result.Summary); NULL for the versions of an earlier store, and for
// years.
const schemaV8 = `
ALTER TABLE results ADD COLUMN summary BLOB;
`

// migrations take the schema from version i to version i+1; the schema
// version, PRAGMA user_version, is the number of migrations applied. A later
// change of the schema is a new entry at the end, never an edit of one
// already released.
var migrations = [SchemaVersion]string{
	schemaV1,
	schemaV2,
	schemaV3,
	schemaV4,
	schemaV5,
	schemaV6,
	schemaV7,
	schemaV8,
}

// SchemaVersion is the schema version this package writes: the number of
// migrations.
const SchemaVersion = 8

// migrate brings the schema of db up to SchemaVersion, one transaction per
// migration. Transactions begin IMMEDIATE (see dsn), so two processes
// opening a new store at once migrate it once.
func migrate(ctx context.Context, db *sql.DB) error {
	for {
		done, err := migrateOne(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any; done reports that the
// schema is current.
func migrateOne(ctx context.Context, db *sql.DB) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer rollback(tx)
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	switch {
	case v > len(migrations):
		return false, fmt.Errorf("migrate: the store has schema version %d, newer than this program's %d", v, len(migrations))
	case v == len(migrations):
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	// PRAGMA takes no parameters; v+1 is an integer of ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	return false, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/shizhong/hotline/shared/store"
)

// FileName is the name of the database file in a store's directory.
const FileName = "hotline.db"

// Store is a store.Store in one SQLite database. It is safe for concurrent
// use; writes are serialized, reads run alongside them.
type Store struct {
	db    *sql.DB
	scope store.Scope
	write sync.Mutex // SQLite has one writer: writers queue here, not in busy_timeout
	st    statements
}

var (
	_ store.Store    = (*Store)(nil)
	_ store.Accounts = (*Store)(nil)
	_ store.Sessions = (*Store)(nil)
	_ store.Appeals  = (*Store)(nil)
	_ store.Imports  = (*Store)(nil)
)

// Open opens (creating if needed) the store in directory dir (file
// dir/hotline.db), with the month scope in loc. A store keeps the zone it
// was created with: opening it with another is an error, since its months
// would no longer agree.
func Open(dir string, loc *time.Location) (*Store, error) {
	if loc == nil {
		return nil, errors.New("sqlite: open: no time zone given")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	path, err := filepath.Abs(filepath.Join(dir, FileName))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db.SetMaxIdleConns(4) // keep connections, and the statements prepared on them
	s := &Store{db: db, scope: store.Scope{Location: loc}}
	if err := s.init(context.Background()); err != nil {
		s.st.close()
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) init(ctx context.Context) error {
	if err := migrate(ctx, s.db); err != nil {
		return err
	}
	if err := s.checkLocation(ctx); err != nil {
		return err
	}
	return s.st.prepare(ctx, s.db)
}

// checkLocation records the store's zone on first use and refuses another.
func (s *Store) checkLocation(ctx context.Context) error {
	name := s.scope.Location.String()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer rollback(tx)
	if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO meta (key, value) VALUES ('location', ?)", name); err != nil {
		return fmt.Errorf("record the time zone: %w", err)
	}
	var stored string
	if err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'location'").Scan(&stored); err != nil {
		return fmt.Errorf("read the time zone: %w", err)
	}
	if stored != name {
		return fmt.Errorf("the store keeps months in time zone %s, not %s", stored, name)
	}
	return tx.Commit()
}

// dsn is the data source name of the database file at path: a write-ahead
// log synced on every commit (synchronous=FULL: a commit that returned
// survives a power cut, not only a crash of the process), a wait of up to
// 10 s for another process's lock, a 32 MiB page cache per connection, and
// transactions that take the write lock when they begin (IMMEDIATE), so a
// transaction never fails half-way to upgrade its lock.
func dsn(path string) string {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	q.Add("_pragma", "cache_size(-32768)")
	return (&url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}).String()
}

// Close releases the store's resources. It waits for no call in progress:
// call it after the last.
func (s *Store) Close() error {
	s.st.close()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// statements are the store's SQL, prepared once at Open. Inside a
// transaction, tx.Stmt reuses the statement prepared on the transaction's
// connection.
type statements struct {
	insertEvent, eventHash, insertTicketMonth *sql.Stmt // events.go
	monthEvents, monthAssignments, eventsPage *sql.Stmt // month.go
	deleteUnits, insertUnit, units, unitsPut  *sql.Stmt // units.go
	markUnitsPut                              *sql.Stmt // units.go
	latestResult, resultVersion, results      *sql.Stmt // results.go
	insertResult, finalize                    *sql.Stmt // results.go
	latestSummary, summaryVersion             *sql.Stmt // results.go
	createAccount, account, accounts          *sql.Stmt // accounts.go
	updateAccount                             *sql.Stmt // accounts.go
	putSession, session, deleteSession        *sql.Stmt // sessions.go
	sweepSessions                             *sql.Stmt // sessions.go
	createAppeal, appeal, monthAppeals        *sql.Stmt // appeals.go
	updateAppeal, appealStatus                *sql.Stmt // appeals.go
	putImport, recentImports                  *sql.Stmt // imports.go
}

func (st *statements) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&st.insertEvent, insertEventSQL},
		{&st.eventHash, eventHashSQL},
		{&st.insertTicketMonth, insertTicketMonthSQL},
		{&st.monthEvents, monthEventsSQL},
		{&st.monthAssignments, monthAssignmentsSQL},
		{&st.eventsPage, eventsPageSQL},
		{&st.deleteUnits, deleteUnitsSQL},
		{&st.insertUnit, insertUnitSQL},
		{&st.units, unitsSQL},
		{&st.unitsPut, unitsPutSQL},
		{&st.markUnitsPut, markUnitsPutSQL},
		{&st.latestResult, latestResultSQL},
		{&st.resultVersion, resultVersionSQL},
		{&st.results, resultsSQL},
		{&st.latestSummary, latestSummarySQL},
		{&st.summaryVersion, summaryVersionSQL},
		{&st.insertResult, insertResultSQL},
		{&st.finalize, finalizeSQL},
		{&st.createAccount, createAccountSQL},
		{&st.account, accountSQL},
		{&st.accounts, accountsSQL},
		{&st.updateAccount, updateAccountSQL},
		{&st.putSession, putSessionSQL},
		{&st.session, sessionSQL},
		{&st.deleteSession, deleteSessionSQL},
		{&st.sweepSessions, sweepSessionsSQL},
		{&st.createAppeal, createAppealSQL},
		{&st.appeal, appealSQL},
		{&st.monthAppeals, monthAppealsSQL},
		{&st.updateAppeal, updateAppealSQL},
		{&st.appealStatus, appealStatusSQL},
		{&st.putImport, putImportSQL},
		{&st.recentImports, recentImportsSQL},
	} {
		stmt, err := db.PrepareContext(ctx, p.sql)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", p.sql, err)
		}
		*p.stmt = stmt
	}
	return nil
}

func (st *statements) close() {
	for _, stmt := range []*sql.Stmt{
		st.insertEvent, st.eventHash, st.insertTicketMonth, st.monthEvents, st.monthAssignments, st.eventsPage,
		st.deleteUnits, st.insertUnit, st.units, st.unitsPut, st.markUnitsPut,
		st.latestResult, st.resultVersion, st.results, st.insertResult, st.finalize, st.latestSummary, st.summaryVersion,
		st.createAccount, st.account, st.accounts, st.updateAccount,
		st.putSession, st.session, st.deleteSession, st.sweepSessions,
		st.createAppeal, st.appeal, st.monthAppeals, st.updateAppeal, st.appealStatus,
		st.putImport, st.recentImports,
	} {
		if stmt != nil {
			stmt.Close()
		}
	}
}

// rollback ends a transaction that was not committed; after Commit it does
// nothing.
func rollback(tx *sql.Tx) { _ = tx.Rollback() }

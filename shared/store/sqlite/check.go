package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Copy describes a database file of the store: what Backup wrote, what
// Restore took in, what Check found.
type Copy struct {
	Path          string
	Bytes         int64
	SchemaVersion int    // PRAGMA user_version
	Location      string // the zone the store keeps its months in
	Events        int
	Units         int
	Results       int // result versions, of every period
}

// Check opens the database file at path read-only, as a file nothing else
// writes (a backup, or a store no process has open), runs SQLite's full
// integrity check, and reports what it holds. A file that fails the check,
// is not a store of this program, or has a newer schema than SchemaVersion
// is an error.
func Check(ctx context.Context, path string) (Copy, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Copy{}, err
	}
	db, err := sql.Open("sqlite", immutableDSN(path))
	if err != nil {
		return Copy{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	c := Copy{Path: path, Bytes: info.Size()}
	if err := integrity(ctx, db); err != nil {
		return Copy{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&c.SchemaVersion); err != nil {
		return Copy{}, fmt.Errorf("%s: schema version: %w", path, err)
	}
	if c.SchemaVersion < 1 || c.SchemaVersion > SchemaVersion {
		return Copy{}, fmt.Errorf("%s: schema version %d: not a store this program reads (1 to %d)", path, c.SchemaVersion, SchemaVersion)
	}
	err = db.QueryRowContext(ctx, `SELECT
		(SELECT value FROM meta WHERE key = 'location'),
		(SELECT count(*) FROM events),
		(SELECT count(*) FROM units),
		(SELECT count(*) FROM results)`).Scan(&c.Location, &c.Events, &c.Units, &c.Results)
	if err != nil {
		return Copy{}, fmt.Errorf("%s: not a store of hotline: %w", path, err)
	}
	return c, nil
}

// integrity runs PRAGMA integrity_check and returns its findings as an
// error, the first ten of them.
func integrity(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(10)")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		found = append(found, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(found) != 1 || found[0] != "ok" {
		return fmt.Errorf("integrity check failed: %s", strings.Join(found, "; "))
	}
	return nil
}

// immutableDSN opens a file nothing writes: no locks, no log.
func immutableDSN(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	return (&url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}).String()
}

package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

// stored fills a store in a new folder with a district, its units, a
// result, the appeal backedUpAppeal and the record of an import
// backedUpImport, and closes it.
func stored(t *testing.T) (dir string, hashes map[string]uint64, units int) {
	t.Helper()
	dir = t.TempDir()
	s := open(t, dir)
	defer s.Close()
	reg, events := district(t, 300)
	putAll(t, s, events)
	ctx := context.Background()
	if err := s.PutUnits(ctx, reg); err != nil {
		t.Fatal(err)
	}
	res := store.Result{Header: store.Header{Period: "2026-10", Policy: "p", Fingerprint: "f", ComputedAt: time.Date(2026, 11, 1, 0, 5, 0, 0, time.UTC)}, Body: []byte(`{"n":1}`)}
	if _, err := s.PutResult(ctx, res); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAppeal(ctx, backedUpAppeal); err != nil {
		t.Fatal(err)
	}
	if err := s.PutImport(ctx, backedUpImport); err != nil {
		t.Fatal(err)
	}
	return dir, want(events), len(reg)
}

// backedUpAppeal is the appeal stored puts.
var backedUpAppeal = appeal.Filed(appeal.Appeal{ID: appeal.ID("2026-10", "wenhualu", "e1", "overdue"), Month: "2026-10",
	UnitID: "wenhualu", EventID: "e1", Rule: "overdue", Points: "-0.5", Version: 1, Reason: "已于时限内回复"},
	"wenhualu-1", time.Date(2026, 11, 2, 9, 30, 0, 123456789, time.UTC))

// backedUpImport is the record of an import stored puts.
var backedUpImport = store.Import{ID: "imp-20261102T013000Z-0a1b2c3d", At: time.Date(2026, 11, 2, 1, 30, 0, 123456789, time.UTC),
	By: "li.wei@centre", File: "平台导出.xlsx", Mapping: "gen-platform", Events: map[string]int{"assigned": 300, "replied": 280},
	Stored: 570, Duplicate: 10, Problems: 2}

// partials are the temporary files Backup and Restore leave in dir: none,
// whatever happened.
func partials(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.partial-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBackupRestore: a backup holds the store's events, units, results,
// appeals and records of imports, checks clean, and restored into a new folder is a store that
// opens at the current schema and reads as the original.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	dir, events, units := stored(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "hotline-2026-11-01.db")
	var calls int
	c, err := sqlite.Backup(ctx, dir, out, sqlite.BackupOptions{Copied: func(n int64) { calls++ }})
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	want := sqlite.Copy{Path: out, Bytes: info.Size(), SchemaVersion: sqlite.SchemaVersion, Location: "Asia/Shanghai",
		Events: len(events), Units: units, Results: 1}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Backup (-want +got):\n%s", diff)
	}
	if calls != 1 {
		t.Errorf("Copied called %d times, want once", calls)
	}
	if p := partials(t, outDir); len(p) > 0 {
		t.Errorf("left behind: %v", p)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	r, err := sqlite.Restore(ctx, out, restored)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if r.SchemaVersion != sqlite.SchemaVersion || r.Events != len(events) || r.Units != units || r.Results != 1 {
		t.Errorf("Restore: %+v", r)
	}
	s := open(t, restored)
	defer s.Close()
	if diff := cmp.Diff(events, hashes(t, s)); diff != "" {
		t.Errorf("restored events (-want +got):\n%s", diff)
	}
	if res, err := s.Result(ctx, "2026-10", 0); err != nil || !bytes.Equal(res.Body, []byte(`{"n":1}`)) {
		t.Errorf("restored result: %+v, %v", res, err)
	}
	if got, err := s.Appeal(ctx, backedUpAppeal.ID); err != nil {
		t.Errorf("restored appeal: %v", err)
	} else if diff := cmp.Diff(backedUpAppeal, got); diff != "" {
		t.Errorf("restored appeal (-want +got):\n%s", diff)
	}
	if got, err := s.RecentImports(ctx, 10); err != nil {
		t.Errorf("restored imports: %v", err)
	} else if diff := cmp.Diff([]store.Import{backedUpImport}, got); diff != "" {
		t.Errorf("restored imports (-want +got):\n%s", diff)
	}
}

// TestBackupRefuses: a backup never replaces a file unless told to, never
// writes over the store itself, and needs a store to copy; a refused
// backup leaves nothing behind.
func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	dir, _, _ := stored(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "backup.db")
	if err := os.WriteFile(out, []byte("an older backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Backup(ctx, dir, out, sqlite.BackupOptions{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Backup over a file: %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "an older backup" {
		t.Errorf("the existing file was changed")
	}
	if c, err := sqlite.Backup(ctx, dir, out, sqlite.BackupOptions{Overwrite: true}); err != nil || c.Events == 0 {
		t.Errorf("Backup with Overwrite: %+v, %v", c, err)
	}
	if _, err := sqlite.Backup(ctx, dir, filepath.Join(dir, sqlite.FileName), sqlite.BackupOptions{Overwrite: true}); err == nil {
		t.Errorf("Backup over the store itself succeeded")
	}
	if _, err := sqlite.Backup(ctx, dir, outDir, sqlite.BackupOptions{Overwrite: true}); err == nil {
		t.Errorf("Backup over a folder succeeded")
	}
	empty := t.TempDir()
	if _, err := sqlite.Backup(ctx, empty, filepath.Join(outDir, "none.db"), sqlite.BackupOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Backup of a folder without a store: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(empty, sqlite.FileName)); err == nil {
		t.Errorf("Backup created a store in the folder it was to copy")
	}
	if p := partials(t, outDir); len(p) > 0 {
		t.Errorf("left behind: %v", p)
	}
}

// TestCheckRefuses: Check fails a damaged copy, an SQLite file that is not
// a store, a file that is not SQLite, and a store of a newer schema.
func TestCheckRefuses(t *testing.T) {
	ctx := context.Background()
	dir, _, _ := stored(t)
	good := filepath.Join(t.TempDir(), "good.db")
	if _, err := sqlite.Backup(ctx, dir, good, sqlite.BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	variant := func(name string, change func(b []byte) []byte) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, change(bytes.Clone(body)), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	damaged := variant("damaged.db", func(b []byte) []byte {
		page := 4096 * (len(b) / 4096 / 2) // a page in the middle of the file
		for i := page + 100; i < page+4000; i++ {
			b[i] = 0xA5
		}
		return b
	})
	newer := variant("newer.db", func(b []byte) []byte { return b })
	setVersion(t, newer, sqlite.SchemaVersion+1)
	other := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE t (x); PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	text := variant("text.db", func([]byte) []byte { return []byte("not a database\n") })
	for _, p := range []string{damaged, newer, other, text} {
		if c, err := sqlite.Check(ctx, p); err == nil {
			t.Errorf("Check(%s) passed: %+v", filepath.Base(p), c)
		} else {
			t.Logf("Check(%s): %v", filepath.Base(p), err)
		}
		if _, err := sqlite.Restore(ctx, p, t.TempDir()); err == nil {
			t.Errorf("Restore(%s) succeeded", filepath.Base(p))
		}
	}
	if _, err := sqlite.Check(ctx, good); err != nil {
		t.Errorf("Check of the good copy: %v", err)
	}
}

// setVersion sets the schema version of the database file at path.
func setVersion(t *testing.T, path string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreRefuses: a restore never goes into a folder that holds a
// store, or the log or shared memory of one (a log of another database
// would be replayed onto the copy), and leaves such a folder as it was.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir, _, _ := stored(t)
	out := filepath.Join(t.TempDir(), "backup.db")
	if _, err := sqlite.Backup(ctx, dir, out, sqlite.BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{sqlite.FileName, sqlite.FileName + "-wal", sqlite.FileName + "-shm"} {
		target := t.TempDir()
		if err := os.WriteFile(filepath.Join(target, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := sqlite.Restore(ctx, out, target); !errors.Is(err, fs.ErrExist) {
			t.Errorf("Restore into a folder with %s: %v, want fs.ErrExist", name, err)
		}
		entries, _ := os.ReadDir(target)
		if len(entries) != 1 {
			t.Errorf("Restore into a folder with %s left %d entries", name, len(entries))
		}
	}
}

// TestRestoreMigrates: a backup of a store of an earlier schema version
// (a server of an older program) restores at the current version.
func TestRestoreMigrates(t *testing.T) {
	ctx := context.Background()
	dir, events, units := stored(t)
	out := filepath.Join(t.TempDir(), "backup.db")
	if _, err := sqlite.Backup(ctx, dir, out, sqlite.BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("ALTER TABLE results DROP COLUMN summary; DROP TABLE imports; ALTER TABLE units DROP COLUMN aliases; DROP TABLE appeals; DROP TABLE sessions; DROP TABLE accounts; DROP INDEX events_corrections_by_at; PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if c, err := sqlite.Check(ctx, out); err != nil || c.SchemaVersion != 2 {
		t.Fatalf("the version 2 copy: %+v, %v", c, err)
	}
	c, err := sqlite.Restore(ctx, out, t.TempDir())
	if err != nil || c.SchemaVersion != sqlite.SchemaVersion || c.Events != len(events) || c.Units != units {
		t.Errorf("Restore of a version 2 copy: %+v, %v; want version %d, %d events, %d units", c, err, sqlite.SchemaVersion, len(events), units)
	}
}

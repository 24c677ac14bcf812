package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// BackupOptions tune Backup.
type BackupOptions struct {
	// Overwrite lets Backup replace an existing file; without it an
	// existing file is an error wrapping fs.ErrExist.
	Overwrite bool
	// Progress, when set, is called about once a second while the copy is
	// written, with the bytes written so far and the size of the source
	// (its file and write-ahead log: an estimate of the copy's size).
	Progress func(written, total int64)
	// Copied, when set, is called once the copy is written and synced,
	// with its size, before it is checked (which reads it all again).
	Copied func(bytes int64)
}

// progressEvery is how often Backup reports progress.
const progressEvery = time.Second

// Backup writes a consistent copy of the store in directory dir to the file
// out, while other processes and connections go on writing to it: the copy
// is the store as one read transaction sees it (SQLite's VACUUM INTO), so
// it holds every batch committed before the copy began, and each later batch
// wholly or not at all. It reads the store without migrating or changing it
// (a server of an older program may be running on it), and it waits for no
// writer, nor any writer for it.
//
// The copy is written to a temporary file beside out, synced, checked (see
// Check) and only then moved to out, so that out is never a partial copy. A
// store not found in dir is an error wrapping fs.ErrNotExist.
func Backup(ctx context.Context, dir, out string, opt BackupOptions) (Copy, error) {
	src := filepath.Join(dir, FileName)
	info, err := os.Stat(src)
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup: no store in %s: %w", dir, err)
	}
	if err := checkTarget(out, src, opt.Overwrite); err != nil {
		return Copy{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".partial-*")
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpPath) // after the move, nothing is there

	db, err := sql.Open("sqlite", readDSN(src))
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup: open %s: %w", src, err)
	}
	defer db.Close()
	total := info.Size()
	if wal, err := os.Stat(src + "-wal"); err == nil {
		total += wal.Size()
	}
	stop := watch(tmpPath, total, opt.Progress)
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", tmpPath)
	stop()
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup of %s: %w", src, err)
	}
	if err := db.Close(); err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup of %s: %w", src, err)
	}
	if err := syncFile(tmpPath); err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup: %w", err)
	}
	if opt.Copied != nil {
		if info, err := os.Stat(tmpPath); err == nil {
			opt.Copied(info.Size())
		}
	}
	c, err := Check(ctx, tmpPath)
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup: the copy: %w", err)
	}
	if err := place(tmpPath, out, opt.Overwrite); err != nil {
		return Copy{}, fmt.Errorf("sqlite: backup: %w", err)
	}
	c.Path = out
	return c, nil
}

// checkTarget refuses to write a backup over the store itself, or over an
// existing file unless told to.
func checkTarget(out, src string, overwrite bool) error {
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if srcInfo, err := os.Stat(src); err == nil && os.SameFile(info, srcInfo) {
		return fmt.Errorf("sqlite: backup: %s is the store itself", out)
	}
	if info.IsDir() {
		return fmt.Errorf("sqlite: backup: %s is a folder; name the file to write", out)
	}
	if !overwrite {
		return fmt.Errorf("sqlite: backup: %s: %w", out, fs.ErrExist)
	}
	return nil
}

// place moves the finished file tmp to out and syncs the folder. Without
// overwrite it links, which fails if out appeared meanwhile; where the file
// system has no links, it checks and renames.
func place(tmp, out string, overwrite bool) error {
	if overwrite {
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
		return syncDir(filepath.Dir(out))
	}
	switch err := os.Link(tmp, out); {
	case err == nil:
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %w", out, fs.ErrExist)
	default:
		if _, err := os.Lstat(out); err == nil {
			return fmt.Errorf("%s: %w", out, fs.ErrExist)
		}
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
	}
	return syncDir(filepath.Dir(out))
}

// readDSN opens a live store to read only: no migration, no write, and a
// wait for a lock as long as a writer's.
func readDSN(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "10000")
	return (&url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}).String()
}

// watch calls progress about once a second with the size of the file at
// path, until the returned stop is called; it does nothing when progress is
// nil.
func watch(path string, total int64, progress func(written, total int64)) (stop func()) {
	if progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if info, err := os.Stat(path); err == nil {
					progress(info.Size(), total)
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// syncFile flushes the file at path to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a folder's entries to disk, so that a file moved into it
// stays after a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

package sqlite

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Restore puts the copy from (a file Backup wrote) as the store of
// directory dir, created if missing, and opens it once, which migrates it to
// SchemaVersion: `hotline serve`, `compute` and `ingest` then open it as
// any store. The copy is checked before (see Check) and the store after. A
// folder that holds a store, or the write-ahead log or shared memory of one,
// is refused with an error wrapping fs.ErrExist: a log left from another
// database would be replayed onto the copy.
func Restore(ctx context.Context, from, dir string) (Copy, error) {
	src, err := Check(ctx, from)
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: restore: %w", err)
	}
	loc, err := time.LoadLocation(src.Location)
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: restore: the copy's time zone: %w", err)
	}
	dst := filepath.Join(dir, FileName)
	for _, p := range []string{dst, dst + "-wal", dst + "-shm", dst + "-journal"} {
		if _, err := os.Lstat(p); err == nil {
			return Copy{}, fmt.Errorf("sqlite: restore: %s: %w", p, fs.ErrExist)
		}
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return Copy{}, fmt.Errorf("sqlite: restore: %w", err)
	}
	if err := copyFile(from, dst); err != nil {
		return Copy{}, fmt.Errorf("sqlite: restore: %w", err)
	}
	s, err := Open(dir, loc)
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: restore: %w", err)
	}
	if err := s.Close(); err != nil {
		return Copy{}, fmt.Errorf("sqlite: restore: %w", err)
	}
	c, err := Check(ctx, dst)
	if err != nil {
		return Copy{}, fmt.Errorf("sqlite: restore: the restored store: %w", err)
	}
	return c, nil
}

// copyFile copies from to a new file to, through a synced temporary file
// beside it.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".partial-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return place(tmp.Name(), to, false)
}

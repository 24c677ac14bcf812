package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"

	"github.com/shizhong/hotline/shared/store/sqlite"
)

// runBackup is `hotline backup --data DIR --out FILE [--force]`: a
// consistent copy of the embedded store, taken while `hotline serve` or an
// ingest goes on writing to it (docs/reliability.md, "Backup and restore").
// Progress and the summary go to stderr.
func runBackup(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("hotline backup", flag.ContinueOnError)
	flags.SetOutput(stderr)
	data := flags.String("data", "", "the folder of the embedded store to back up (required)")
	out := flags.String("out", "", "the file to write the copy to (required; must not exist unless --force)")
	force := flags.Bool("force", false, "replace FILE if it exists")
	quiet := flags.Bool("quiet", false, "no progress output, only the summary")
	if err := flags.Parse(args); err != nil {
		return inputError(err)
	}
	switch {
	case *data == "":
		return badInput("--data is required")
	case *out == "":
		return badInput("--out is required")
	case flags.NArg() > 0:
		return badInput("unexpected arguments %q", flags.Args())
	}
	opt := sqlite.BackupOptions{Overwrite: *force}
	if !*quiet {
		opt.Progress = func(written, total int64) {
			fmt.Fprintf(stderr, "备份中 (copying): %s / 约 %s\n", size(written), size(total))
		}
		opt.Copied = func(n int64) {
			fmt.Fprintf(stderr, "已复制 %s，检查完整性 (copied, checking integrity)\n", size(n))
		}
	}
	c, err := sqlite.Backup(context.Background(), *data, *out, opt)
	if err != nil {
		return storeFileError(err, "give --force to replace it")
	}
	fmt.Fprintf(stderr, "备份完成 %s：事件 %d 条，单位 %d 个，结果 %d 个版本，%s，架构版本 %d，完整性检查通过\n"+
		"(backup written: %d events, %d units, %d result versions, %d bytes, schema version %d, integrity ok)\n",
		c.Path, c.Events, c.Units, c.Results, size(c.Bytes), c.SchemaVersion,
		c.Events, c.Units, c.Results, c.Bytes, c.SchemaVersion)
	return nil
}

// runRestore is `hotline restore --from FILE --data DIR`: a backup made
// into the store of a new folder, checked and brought to the current schema,
// for `hotline serve`, `compute` and `ingest` to open.
func runRestore(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("hotline restore", flag.ContinueOnError)
	flags.SetOutput(stderr)
	from := flags.String("from", "", "the backup to restore, a file `hotline backup` wrote (required)")
	data := flags.String("data", "", "the folder to restore the store into (required; created if missing; must hold no store)")
	if err := flags.Parse(args); err != nil {
		return inputError(err)
	}
	switch {
	case *from == "":
		return badInput("--from is required")
	case *data == "":
		return badInput("--data is required")
	case flags.NArg() > 0:
		return badInput("unexpected arguments %q", flags.Args())
	}
	c, err := sqlite.Restore(context.Background(), *from, *data)
	if err != nil {
		return storeFileError(err, "restore into a new folder, or move the old store away first")
	}
	fmt.Fprintf(stderr, "恢复完成 %s：事件 %d 条，单位 %d 个，结果 %d 个版本，%s，架构版本 %d，完整性检查通过\n"+
		"(store restored: %d events, %d units, %d result versions, %d bytes, schema version %d, integrity ok)\n",
		*data, c.Events, c.Units, c.Results, size(c.Bytes), c.SchemaVersion,
		c.Events, c.Units, c.Results, c.Bytes, c.SchemaVersion)
	return nil
}

// storeFileError makes a missing store or an existing target bad input
// (exit 2), with a hint for the latter.
func storeFileError(err error, hint string) error {
	switch {
	case errors.Is(err, fs.ErrExist):
		return inputError(fmt.Errorf("%w (%s)", err, hint))
	case errors.Is(err, fs.ErrNotExist):
		return inputError(err)
	}
	return err
}

// size writes a number of bytes for a reader: KB below a megabyte, else MB
// with one decimal.
func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

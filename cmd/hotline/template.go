package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/shizhong/hotline/shared/centrebook"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// runTemplate is `hotline template --out 中心记录.xlsx [--units units.yaml |
// --data DIR] [--force]`: the centre's empty workbook for the district's
// registry (docs/import.md, "中心记录.xlsx"), which `hotline import` reads
// back. Like `hotline backup`, it refuses to replace a file without --force.
func runTemplate(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("hotline template", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "", "the workbook to write, e.g. "+centrebook.FileName+" (required; must not exist unless --force)")
	unitsPath := flags.String("units", "", "the unit registry, units.yaml")
	data := flags.String("data", "", "the folder of the embedded store whose registry to use (instead of --units)")
	force := flags.Bool("force", false, "replace FILE if it exists")
	if err := flags.Parse(args); err != nil {
		return inputError(err)
	}
	switch {
	case *out == "":
		return badInput("--out is required")
	case (*unitsPath == "") == (*data == ""):
		return badInput("give the registry with --units units.yaml or --data DIR (one of them)")
	case flags.NArg() > 0:
		return badInput("unexpected arguments %q", flags.Args())
	}
	reg, err := templateRegistry(*unitsPath, *data)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := centrebook.Write(&buf, reg, nil); err != nil {
		return err
	}
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(*out, mode, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return inputError(fmt.Errorf("%w (give --force to replace it)", err))
	}
	if err != nil {
		return err
	}
	if _, err := file.Write(buf.Bytes()); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已写出 %s：%d 个单位 (wrote the centre's workbook for %d units)\n", *out, reg.Len(), reg.Len())
	return nil
}

// templateRegistry reads the registry from a units file or from the store
// of a folder.
func templateRegistry(unitsPath, data string) (*unit.Registry, error) {
	if unitsPath != "" {
		reg, err := unit.Load(unitsPath)
		if err != nil {
			return nil, inputError(err)
		}
		return reg, nil
	}
	if _, err := os.Stat(filepath.Join(data, sqlite.FileName)); errors.Is(err, fs.ErrNotExist) {
		return nil, badInput("--data %s: no store there (hotline ingest --data DIR --units units.yaml makes one)", data)
	}
	loc, err := policy.Builtin().Location()
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(data, loc)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return storedRegistry(st)
}

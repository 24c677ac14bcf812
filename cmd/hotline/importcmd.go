package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/importer"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/sheet"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// maxProblems bounds the bad rows listed one by one.
const maxProblems = 50

// runImport is `hotline import [--mapping mapping.yaml] [--units units.yaml]
// (--out FILE | --data DIR) [--encoding E] [--all-or-nothing] FILE...`: the
// rows of the platform's exports (xlsx, csv) or of the centre's workbook
// (without --mapping) into events (docs/import.md), written as JSON Lines
// or stored as `hotline ingest` stores them. Every bad row is listed with
// its file, sheet, row and column, and makes the exit status 2; the valid
// rows are kept unless --all-or-nothing.
func runImport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hotline import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mappingPath := fs.String("mapping", "", "the mapping of the export, mapping.yaml (the centre's workbook, 中心记录.xlsx, needs none)")
	unitsPath := fs.String("units", "", "the unit registry, units.yaml (default: the one stored in --data; with --data it is stored, as by hotline ingest)")
	data := fs.String("data", "", "store the events in the embedded store of this folder")
	out := fs.String("out", "", "write the events to this file as JSON Lines")
	encodingFlag := fs.String("encoding", "auto", "the encoding of csv files: auto, utf-8 or gb18030 (gbk)")
	allOrNothing := fs.Bool("all-or-nothing", false, "keep no event when any row is bad")
	quiet := fs.Bool("quiet", false, "no progress output")
	if err := fs.Parse(args); err != nil {
		return inputError(err)
	}
	files := fs.Args()
	switch {
	case len(files) == 0:
		return badInput("nothing to import: give the export's files (xlsx or csv)")
	case (*data == "") == (*out == ""):
		return badInput("give --out FILE (JSON Lines) or --data DIR (the embedded store), one of them")
	}
	enc, err := sheet.ParseEncoding(*encodingFlag)
	if err != nil {
		return badInput("--encoding: %v", err)
	}
	loc, err := policy.Builtin().Location()
	if err != nil {
		return err
	}
	ms, err := loadMappings(*mappingPath, loc)
	if err != nil {
		return err
	}
	var st *sqlite.Store
	if *data != "" {
		if err := os.MkdirAll(*data, 0o755); err != nil {
			return err
		}
		if st, err = sqlite.Open(*data, loc); err != nil {
			return err
		}
		defer st.Close()
	}
	reg, err := importRegistry(*unitsPath, st)
	if err != nil {
		return err
	}
	if st != nil && *unitsPath != "" {
		// As `hotline ingest --units`: the registry the rows were read
		// with is the store's from now on.
		if err := st.PutUnits(context.Background(), reg.Units()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "单位名录：%d 个单位已保存\n", reg.Len())
	}
	src := importer.Files{Encoding: enc}
	if !*quiet {
		src.Progress = importProgress(stderr)
	}
	run := &importer.Run{Mappings: ms, Units: reg, Source: src}
	sink, err := newImportSink(*out, st, *allOrNothing)
	if err != nil {
		return err
	}
	var problems []importer.Problem
	counts := map[event.Type]int{}
	for _, f := range files {
		ps, err := run.File(f, func(made importer.Made) error {
			counts[made.Event.Type]++
			return sink.add(made)
		})
		problems = append(problems, ps...)
		if err != nil {
			sink.abort()
			return inputError(err)
		}
	}
	for i, p := range problems {
		if i == maxProblems {
			fmt.Fprintf(stderr, "… and %d more bad rows not listed\n", len(problems)-maxProblems)
			break
		}
		fmt.Fprintln(stderr, p.Error())
	}
	if *allOrNothing && len(problems) > 0 {
		sink.abort()
		return badInput("%d bad rows: nothing was kept (--all-or-nothing)", len(problems))
	}
	res, err := sink.finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "导入事件 %d 个（%s），同一行重复 %d，问题行 %d (events %d, repeated %d, bad rows %d)\n",
		total(counts), countsLine(counts), run.Duplicates, len(problems), total(counts), run.Duplicates, len(problems))
	if st != nil {
		fmt.Fprintf(stdout, "存储：新增 %d，已有 %d，冲突 %d (stored %d, duplicate %d, conflict %d)\n", res.Stored, res.Duplicate, res.Conflict, res.Stored, res.Duplicate, res.Conflict)
		for _, c := range res.Conflicts {
			fmt.Fprintln(stderr, c.Error())
		}
	}
	if len(problems)+res.Conflict > 0 {
		return badInput("%d bad rows and %d conflicts with stored events were not kept; every other event was", len(problems), res.Conflict)
	}
	return nil
}

// loadMappings reads the mapping file, if one is given, followed by the
// built-in mapping of the centre's workbook: a file is read by the first
// that reads one of its sheets, so that the export and the workbook go in
// one command.
func loadMappings(path string, loc *time.Location) ([]*importer.Mapping, error) {
	centre, err := importer.CentreWorkbook(loc)
	if err != nil {
		return nil, err
	}
	if path == "" {
		return []*importer.Mapping{centre}, nil
	}
	m, err := importer.Load(path, loc)
	if err != nil {
		return nil, inputError(err)
	}
	return []*importer.Mapping{m, centre}, nil
}

// importRegistry is the registry units are found in: the file, else the
// store's.
func importRegistry(path string, st *sqlite.Store) (*unit.Registry, error) {
	if path != "" {
		reg, err := unit.Load(path)
		if err != nil {
			return nil, inputError(err)
		}
		return reg, nil
	}
	if st == nil {
		return nil, badInput("--units is required with --out (the units are found by name in it)")
	}
	return storedRegistry(st)
}

// storedRegistry is the unit registry of the embedded store; bad input
// when none was loaded yet.
func storedRegistry(st store.Store) (*unit.Registry, error) {
	units, err := st.Units(context.Background())
	if errors.Is(err, store.ErrNotFound) {
		return nil, badInput("the store has no unit registry yet: give --units units.yaml, or load it with hotline ingest --data DIR --units units.yaml")
	}
	if err != nil {
		return nil, err
	}
	return unit.NewRegistry(units)
}

// importProgress reports the read of each table about once a second.
func importProgress(w io.Writer) func(file, table string, done, total int64) {
	pace := newEverySecond()
	return func(file, table string, done, total int64) {
		if pace.due() {
			if total > 0 {
				fmt.Fprintf(w, "读取 %s %s: %d / %d (%d%%)\n", filepath.Base(file), table, done, total, 100*done/total)
			} else {
				fmt.Fprintf(w, "读取 %s %s: %d\n", filepath.Base(file), table, done)
			}
		}
	}
}

// importSink keeps the events of an import: into a JSON Lines file (written
// beside and renamed at the end, so that nothing half-written is left), or
// into the store in batches; with all-or-nothing, held until the end.
type importSink struct {
	out      string
	tmp      *os.File
	w        *bufio.Writer
	st       store.Store
	hold     bool
	batch    []importer.Made
	res      importer.Stored
	finished bool
}

func newImportSink(out string, st *sqlite.Store, hold bool) (*importSink, error) {
	s := &importSink{out: out, hold: hold}
	if st != nil {
		s.st = st
		return s, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return nil, err
	}
	s.tmp, s.w = tmp, bufio.NewWriterSize(tmp, 1<<20)
	return s, nil
}

func (s *importSink) add(m importer.Made) error {
	if s.w != nil {
		line := m.Event.AppendJSON(nil)
		_, err := s.w.Write(append(line, '\n'))
		return err
	}
	s.batch = append(s.batch, m)
	if !s.hold && len(s.batch) >= store.MaxBatch {
		return s.flush()
	}
	return nil
}

// flush stores the batch held.
func (s *importSink) flush() error {
	err := importer.Store(context.Background(), s.st, s.batch, &s.res)
	s.batch = s.batch[:0]
	return err
}

// finish keeps what was added: the file renamed into place, the last
// batch stored.
func (s *importSink) finish() (importer.Stored, error) {
	s.finished = true
	if s.w != nil {
		if err := s.w.Flush(); err != nil {
			s.abort()
			return s.res, err
		}
		if err := s.tmp.Close(); err != nil {
			s.abort()
			return s.res, err
		}
		return s.res, os.Rename(s.tmp.Name(), s.out)
	}
	return s.res, s.flush()
}

// abort keeps nothing of what was not stored yet: the file is removed.
func (s *importSink) abort() {
	if s.tmp != nil && !s.finished {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
	}
	s.batch = nil
}

func total(counts map[event.Type]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// countsLine lists the events made by type, in the contract's order.
func countsLine(counts map[event.Type]int) string {
	types := make([]event.Type, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool { return types[i] < types[j] })
	parts := make([]string, 0, len(types))
	for _, t := range types {
		parts = append(parts, fmt.Sprintf("%s %d", t, counts[t]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

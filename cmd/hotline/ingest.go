package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// maxListed bounds the invalid and conflicting lines listed one by one.
const maxListed = 20

// ingestTally counts what became of the events of an ingest run.
type ingestTally struct {
	stored, duplicate, conflict, invalid int
	listed                               int
}

func (t *ingestTally) note(stderr io.Writer, format string, args ...any) {
	if t.listed < maxListed {
		fmt.Fprintf(stderr, format+"\n", args...)
	}
	t.listed++
}

// runIngest is `hotline ingest --data DIR [--units units.yaml] [FILE...]`:
// the unit registry and JSON Lines of events into the embedded store, with
// the validation and idempotency of the ingest API, in durable batches of
// 500. Invalid and conflicting lines are listed and make the exit status 2;
// every valid event is stored all the same.
func runIngest(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hotline ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "the folder of the embedded store (required; created if missing)")
	unitsPath := fs.String("units", "", "a unit registry to store, units.yaml")
	quiet := fs.Bool("quiet", false, "no progress output")
	if err := fs.Parse(args); err != nil {
		return inputError(err)
	}
	files := fs.Args()
	switch {
	case *data == "":
		return badInput("--data is required")
	case *unitsPath == "" && len(files) == 0:
		return badInput("nothing to ingest: give --units, event files, or both")
	}
	var reg *unit.Registry
	if *unitsPath != "" {
		var err error
		if reg, err = unit.Load(*unitsPath); err != nil {
			return inputError(err)
		}
	}
	loc, err := policy.Builtin().Location()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*data, 0o755); err != nil {
		return err
	}
	st, err := sqlite.Open(*data, loc)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if reg != nil {
		if err := st.PutUnits(ctx, reg.Units()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "单位名录：%d 个单位已保存\n", reg.Len())
	}
	var t ingestTally
	for _, path := range files {
		if err := ingestFile(ctx, st, path, &t, *quiet, stderr); err != nil {
			return err
		}
	}
	if len(files) > 0 {
		fmt.Fprintf(stdout, "事件：新增 %d，重复 %d，冲突 %d，无效 %d (stored %d, duplicate %d, conflict %d, invalid %d)\n",
			t.stored, t.duplicate, t.conflict, t.invalid, t.stored, t.duplicate, t.conflict, t.invalid)
	}
	if t.listed > maxListed {
		fmt.Fprintf(stderr, "… and %d more lines not listed\n", t.listed-maxListed)
	}
	if t.conflict+t.invalid > 0 {
		return badInput("%d invalid and %d conflicting events were not stored; every other event was", t.invalid, t.conflict)
	}
	return nil
}

func ingestFile(ctx context.Context, st store.Store, path string, t *ingestTally, quiet bool, stderr io.Writer) error {
	file, err := os.Open(path)
	if err != nil {
		return inputError(err)
	}
	defer file.Close()
	var r io.Reader = file
	if info, err := file.Stat(); err == nil && !quiet && info.Size() > progressMin {
		r = newProgress(file, info.Size(), path, stderr)
	}
	return event.ReadLinesLenient(r, path, 0, func(b event.Batch) error {
		for _, bad := range b.Invalid {
			t.invalid++
			t.note(stderr, "%v", bad)
		}
		for i := 0; i < len(b.Events); i += store.MaxBatch {
			end := min(i+store.MaxBatch, len(b.Events))
			out, err := st.PutEvents(ctx, b.Events[i:end])
			if err != nil {
				return fmt.Errorf("%s:%d: store events: %w", path, b.Lines[i], err)
			}
			for j, o := range out {
				switch o.Status {
				case store.Stored:
					t.stored++
				case store.Duplicate:
					t.duplicate++
				case store.Conflict:
					t.conflict++
					t.note(stderr, "%s:%d: event id %q: %s", path, b.Lines[i+j], b.Events[i+j].ID, o.Reason)
				}
			}
		}
		return nil
	})
}

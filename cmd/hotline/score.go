package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"time"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/report"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// scoreFlags are the flags of `hotline score` (SPEC §8, pinned).
type scoreFlags struct {
	month, year, units, policy, calendar, format, out, asOf string
	cpuProfile                                              string
	events                                                  []string
	quiet                                                   bool
}

func parseScoreFlags(args []string, stderr io.Writer) (*scoreFlags, error) {
	f := &scoreFlags{}
	fs := flag.NewFlagSet("hotline score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.month, "month", "", "the month to assess, YYYY-MM")
	fs.StringVar(&f.year, "year", "", "the year to assess, YYYY (instead of --month)")
	fs.StringVar(&f.units, "units", "", "the unit registry, units.yaml (required)")
	fs.Func("events", "events as JSON Lines (required; may be repeated)", func(s string) error {
		f.events = append(f.events, s)
		return nil
	})
	fs.StringVar(&f.policy, "policy", "", "a policy override, policy.yaml (default: the built-in "+policy.BuiltinID+")")
	fs.StringVar(&f.calendar, "calendar", "", calendarHelp())
	fs.StringVar(&f.format, "format", "json", "output format: json, table, csv or xlsx")
	fs.StringVar(&f.out, "out", "", "write the output to FILE instead of standard output")
	fs.StringVar(&f.asOf, "as-of", "", "judge deadlines as of this RFC 3339 instant instead of now")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress output")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to FILE")
	if err := fs.Parse(args); err != nil {
		return nil, inputError(err)
	}
	switch {
	case fs.NArg() > 0:
		return nil, badInput("unexpected argument %q", fs.Arg(0))
	case (f.month == "") == (f.year == ""):
		return nil, badInput("give exactly one of --month or --year")
	case f.units == "":
		return nil, badInput("--units is required")
	case len(f.events) == 0:
		return nil, badInput("--events is required")
	}
	return f, nil
}

func runScore(args []string, stdout, stderr io.Writer) error {
	f, err := parseScoreFlags(args, stderr)
	if err != nil {
		return err
	}
	tuneMemory()
	if f.cpuProfile != "" {
		stop, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	format, err := report.ParseFormat(f.format)
	if err != nil {
		return badInput("--format: %v", err)
	}
	now := time.Now()
	if f.asOf != "" {
		if now, err = time.Parse(time.RFC3339, f.asOf); err != nil {
			return badInput("--as-of: %q is not an RFC 3339 time with a UTC offset", f.asOf)
		}
	}
	r, err := loadRules(f.policy, f.calendar)
	if err != nil {
		return err
	}
	pol, cal := r.policy, r.calendar
	period, err := periodFlag(f.month, f.year)
	if err != nil {
		return err
	}
	reg, err := unit.Load(f.units)
	if err != nil {
		return inputError(err)
	}
	ledger := score.NewLedger(reg)
	for _, path := range f.events {
		if err := readEvents(ledger, path, f.quiet, stderr); err != nil {
			return err
		}
	}
	engine := score.New(ledger, pol, cal, now)
	var res *score.Result
	if period.IsMonth() {
		res = engine.Month(period.Month())
	} else {
		res = engine.Year(period.Year())
	}
	printUnknownYears(stderr, res.Warnings)
	return writeResult(res, format, f.out, stdout)
}

// bytesPerEvent is a little less than the size of an event on a line, to
// make room for the events of a file before reading it.
const bytesPerEvent = 160

// readEvents adds the events of one JSON Lines file to the ledger, with
// progress on stderr for large files. Of several bad or conflicting lines,
// the one reported is among the first of the file, not always the first.
func readEvents(ledger *score.Ledger, path string, quiet bool, stderr io.Writer) error {
	file, err := os.Open(path)
	if err != nil {
		return inputError(err)
	}
	defer file.Close()
	var r io.Reader = file
	if info, err := file.Stat(); err == nil {
		ledger.Grow(int(info.Size() / bytesPerEvent))
		if !quiet && info.Size() > progressMin {
			r = newProgress(file, info.Size(), path, stderr)
		}
	}
	// The decoding goroutines store their events themselves: the ledger's
	// shards take them in any order (docs/performance.md).
	err = event.ReadLinesConcurrent(r, path, 0, func(b event.Batch) error { return ledger.AddBatch(b, path) })
	var lineErr *event.LineError
	var conflict *score.ConflictError
	if errors.As(err, &lineErr) || errors.As(err, &conflict) {
		return inputError(err)
	}
	return err
}

func writeResult(res *score.Result, format report.Format, out string, stdout io.Writer) error {
	if out == "" {
		return report.Write(stdout, res, format)
	}
	tmp := out + ".tmp"
	file, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := report.Write(file, res, format); err != nil {
		file.Close()
		os.Remove(tmp)
		return err
	}
	if err := file.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, out)
}

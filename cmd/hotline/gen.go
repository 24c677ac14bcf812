package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/gen"
)

func runGen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hotline gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the folder to write units.yaml and events.jsonl to (required)")
	tickets := fs.Int("tickets", 30000, "tickets assigned in the last month")
	units := fs.Int("units", 0, "number of units (0: chosen from --tickets)")
	month := fs.String("month", "2026-10", "the last month generated, YYYY-MM")
	months := fs.Int("months", 1, "how many months ending at --month")
	seed := fs.Uint64("seed", 1, "the seed: the same seed writes the same files")
	quiet := fs.Bool("quiet", false, "no progress output")
	if err := fs.Parse(args); err != nil {
		return inputError(err)
	}
	if *out == "" {
		return badInput("--out is required")
	}
	m, err := calendar.ParseMonth(*month)
	if err != nil {
		return badInput("--month: %v", err)
	}
	if *tickets < 1 || *months < 1 || *units < 0 {
		return badInput("--tickets and --months must be 1 or more, --units 0 or more")
	}
	loc := calendar.DefaultLocation()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	cfg := gen.Config{Seed: *seed, Tickets: *tickets, Units: *units, Month: m, Months: *months, Location: loc}
	uf, err := os.Create(filepath.Join(*out, "units.yaml"))
	if err != nil {
		return err
	}
	defer uf.Close()
	ef, err := os.Create(filepath.Join(*out, "events.jsonl"))
	if err != nil {
		return err
	}
	defer ef.Close()
	bw := bufio.NewWriterSize(ef, 1<<20)
	var progress func(int)
	if !*quiet {
		progress = func(n int) { fmt.Fprintf(stderr, "生成工单 %d / %d\n", n, *tickets**months) }
	}
	st, err := gen.Write(cfg, uf, bw, progress)
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := ef.Close(); err != nil {
		return err
	}
	if err := uf.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d units, %d tickets, %d events to %s\n", st.Units, st.Tickets, st.Events, *out)
	return nil
}

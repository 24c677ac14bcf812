package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/gen"
)

func runGen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hotline gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the folder to write the files to (required)")
	tickets := fs.Int("tickets", 30000, "tickets assigned in the last month")
	units := fs.Int("units", 0, "number of units (0: chosen from --tickets)")
	month := fs.String("month", "2026-10", "the last month generated, YYYY-MM")
	months := fs.Int("months", 1, "how many months ending at --month")
	seed := fs.Uint64("seed", 1, "the seed: the same seed writes the same files")
	quiet := fs.Bool("quiet", false, "no progress output")
	format := fs.String("format", "jsonl", "jsonl: units.yaml and events.jsonl; xlsx or csv: the platform's export (平台导出.xlsx, or 工单明细.csv and 回访明细.csv in GB18030) with units.yaml, 中心记录.xlsx and mapping.yaml")
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
	f, err := gen.ParseFormat(*format)
	if err != nil {
		return badInput("--format: %v", err)
	}
	loc := calendar.DefaultLocation()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	cfg := gen.Config{Seed: *seed, Tickets: *tickets, Units: *units, Month: m, Months: *months, Location: loc}
	var progress func(int)
	if !*quiet {
		progress = func(n int) { fmt.Fprintf(stderr, "生成工单 %d / %d\n", n, *tickets**months) }
	}
	st, err := gen.WriteExport(cfg, *out, f, progress)
	if err != nil {
		return err
	}
	if f == gen.JSONL {
		fmt.Fprintf(stdout, "wrote %d units, %d tickets, %d events to %s\n", st.Units, st.Tickets, st.Events, *out)
		return nil
	}
	fmt.Fprintf(stdout, "wrote %d units, %d tickets (%d events): %d rows of %s, %d of %s, %d records of the centre's, %d events left out, to %s: %s\n",
		st.Units, st.Tickets, st.Events, st.Orders, gen.OrdersTable, st.Callbacks, gen.CallsTable, st.Records, st.Left, *out, strings.Join(st.Files, ", "))
	return nil
}

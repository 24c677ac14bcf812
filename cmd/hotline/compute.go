package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/report"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

// rules are the policy and calendar every command that computes shares.
type rules struct {
	policy   *policy.Policy
	calendar *calendar.Calendar
}

// loadRules reads an optional policy override and calendar file.
func loadRules(policyPath, calendarPath string) (rules, error) {
	pol := policy.Builtin()
	if policyPath != "" {
		var err error
		if pol, err = policy.Load(policyPath); err != nil {
			return rules{}, inputError(err)
		}
	}
	loc, err := pol.Location()
	if err != nil {
		return rules{}, inputError(fmt.Errorf("policy timezone: %w", err))
	}
	cal := calendar.New(loc)
	if calendarPath != "" {
		if err := cal.ApplyFile(calendarPath); err != nil {
			return rules{}, inputError(err)
		}
	}
	return rules{pol, cal}, nil
}

// openStore opens the embedded store at dir in the rules' zone.
func openStore(dir string, r rules) (*sqlite.Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return sqlite.Open(dir, r.calendar.Location())
}

// runCompute is `hotline compute --data DIR --month M` (or --year Y): the
// period computed from the embedded store and stored as a result version.
func runCompute(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hotline compute", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "the folder of the embedded store (required)")
	month := fs.String("month", "", "the month to compute, YYYY-MM")
	year := fs.String("year", "", "the year to compute, YYYY (instead of --month)")
	policyPath := fs.String("policy", "", "a policy override, policy.yaml")
	calendarPath := fs.String("calendar", "", calendarHelp())
	asOf := fs.String("as-of", "", "compute as of this RFC 3339 instant instead of now")
	format := fs.String("format", "", "also print the result on stdout: json, table or csv (the version line then goes to stderr)")
	if err := fs.Parse(args); err != nil {
		return inputError(err)
	}
	switch {
	case *data == "":
		return badInput("--data is required")
	case (*month == "") == (*year == ""):
		return badInput("give exactly one of --month or --year")
	}
	now := time.Now()
	if *asOf != "" {
		var err error
		if now, err = time.Parse(time.RFC3339, *asOf); err != nil {
			return badInput("--as-of: %q is not an RFC 3339 time with a UTC offset", *asOf)
		}
	}
	var outFormat report.Format
	if *format != "" {
		var err error
		if outFormat, err = report.ParseFormat(*format); err != nil || outFormat == report.XLSX {
			return badInput("--format: %q: give json, table or csv", *format)
		}
	}
	r, err := loadRules(*policyPath, *calendarPath)
	if err != nil {
		return err
	}
	st, err := openStore(*data, r)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := &compute.Service{Store: st, Policy: r.policy, Calendar: r.calendar, Log: slog.New(slog.NewTextHandler(stderr, nil))}
	ctx := context.Background()
	period, err := periodFlag(*month, *year)
	if err != nil {
		return err
	}
	res, err := svc.Period(ctx, period, now)
	if err != nil {
		return err
	}
	state := "暂定 provisional"
	if res.Final {
		state = "已定稿 final"
	}
	summary := stdout
	if outFormat != "" {
		summary = stderr // stdout is the result: `--format json > file` is JSON
	}
	fmt.Fprintf(summary, "%s 第 %d 版 (version %d, %s), policy %s, fingerprint %s, computed at %s\n",
		res.Period, res.Version, res.Version, state, res.Policy, res.Fingerprint, res.ComputedAt.Format(time.RFC3339))
	if outFormat == "" {
		return nil
	}
	var body score.Result
	if err := json.NewDecoder(bytes.NewReader(res.Body)).Decode(&body); err != nil {
		return fmt.Errorf("read the stored result: %w", err)
	}
	return report.Write(stdout, &body, outFormat)
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/shizhong/hotline/shared/cloud"
)

// runBackfill is `hotline backfill --table TABLE [--quiet]`: the sparse
// index by_assigned of a deployed DynamoDB table given the assignments
// stored before it existed, once, after the stack that adds it is
// deployed (docs/storage.md, "by_assigned"). It reads the AWS
// configuration as the SDK does (AWS_REGION, the credentials,
// AWS_ENDPOINT_URL); it can be run again, and is a no-op the second time
// but for the scan. Progress and the summary go to stderr.
func runBackfill(args []string, stderr io.Writer) error {
	flags := flag.NewFlagSet("hotline backfill", flag.ContinueOnError)
	flags.SetOutput(stderr)
	table := flags.String("table", "", "the DynamoDB table of the deployed stack (required; its HOTLINE_TABLE)")
	quiet := flags.Bool("quiet", false, "no progress output, only the summary")
	if err := flags.Parse(args); err != nil {
		return inputError(err)
	}
	switch {
	case *table == "":
		return badInput("--table is required")
	case flags.NArg() > 0:
		return badInput("unexpected arguments %q", flags.Args())
	}
	ctx := context.Background()
	cfg, err := cloud.AWS(ctx)
	if err != nil {
		return err
	}
	// The backfill updates items 64 at once: the retry of the month end.
	st := cloud.Store(cfg, *table, nil, cloud.BatchRetryer)
	var progress func(int)
	if !*quiet {
		pace := newEverySecond()
		progress = func(done int) {
			if pace.due() {
				fmt.Fprintf(stderr, "补建索引 (indexing assignments): %d\n", done)
			}
		}
	}
	n, err := st.BackfillAssignments(ctx, progress)
	if err != nil {
		return fmt.Errorf("table %s: %w", *table, err)
	}
	fmt.Fprintf(stderr, "索引补建完成：%d 条派单事件 (by_assigned complete: %d assignments indexed)\n", n, n)
	return nil
}

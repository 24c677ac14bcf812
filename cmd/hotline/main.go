// Command hotline assesses the handling units of a 12345 government-service
// hotline on one machine: `hotline score` computes a month or a year from a
// unit registry and a JSON Lines file of events (SPEC §8), `hotline ingest`
// loads units and events into the embedded store, `hotline gen` writes a
// synthetic district for demos and benchmarks.
//
// This package only wires: the rules live in shared/.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// usageError is bad input: the command exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func badInput(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

const usage = `hotline assesses the handling units of a 12345 hotline (市中区12345热线考核).

Usage:
  hotline score --month 2026-10 --units units.yaml --events events.jsonl [--policy policy.yaml]
                [--calendar calendar.yaml] [--format json|table|csv|xlsx] [--out FILE] [--as-of RFC3339]
  hotline score --year 2026 --units units.yaml --events events.jsonl ...
  hotline ingest --data DIR [--units units.yaml] [FILE...]
  hotline compute --data DIR --month 2026-10 | --year 2026 [--as-of RFC3339] [--format table]
  hotline serve --data DIR --addr HOST:PORT [--keys FILE] [--origins LIST] [--max-connections N]
  hotline backup --data DIR --out FILE [--force]
  hotline restore --from FILE --data DIR
  hotline gen --out DIR [--tickets N] [--units N] [--month 2026-10] [--months N] [--seed N]

Run "hotline COMMAND -h" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status: 0 on success,
// 2 on bad input, 1 on any other failure.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "score":
		err = runScore(args[1:], stdout, stderr)
	case "gen":
		err = runGen(args[1:], stdout, stderr)
	case "ingest":
		err = runIngest(args[1:], stdout, stderr)
	case "compute":
		err = runCompute(args[1:], stdout, stderr)
	case "serve":
		err = runServe(args[1:], stdout, stderr)
	case "backup":
		err = runBackup(args[1:], stdout, stderr)
	case "restore":
		err = runRestore(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "hotline: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "hotline %s: %v\n", args[0], err)
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}

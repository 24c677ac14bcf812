// Command hotline assesses the handling units of a 12345 government-service
// hotline on one machine: `hotline score` computes a month or a year from a
// unit registry and a JSON Lines file of events (SPEC §8), `hotline ingest`
// loads units and events into the embedded store, `hotline gen` writes a
// synthetic district for demos and benchmarks, `hotline accounts` makes the
// accounts of the people who sign in (SPEC §11), `hotline backfill` gives a
// deployed DynamoDB table's by_assigned index the assignments stored before
// it.
//
// This package only wires: the rules live in shared/.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/shizhong/hotline/shared/fault"
)

// inputError marks err as bad input (fault.Invalid): a flag, a file, a line
// at fault. The command exits 2.
func inputError(err error) error { return fault.Wrap(fault.Invalid, err, "") }

// badInput is bad input said with fmt.Errorf's format: the command exits 2.
func badInput(format string, args ...any) error {
	return fault.Errorf(fault.Invalid, format, args...)
}

// exitStatus is the exit status of a command that ended with err, by its
// fault code (shared/fault), the one place that chooses it: 0 on success;
// 2 when the input is at fault, invalid (SPEC §8: bad input, naming the
// file, line and field) or in conflict (SPEC §5: an event id given twice
// with other content); 1 on any other failure (the store could not be read
// or written, what it was asked for is not there, a bug).
func exitStatus(err error) int {
	switch fault.CodeOf(err) {
	case "":
		return 0
	case fault.Invalid, fault.Conflict:
		return 2
	}
	return 1
}

const usage = `hotline assesses the handling units of a 12345 hotline (市中区12345热线考核).

Usage:
  hotline score --month 2026-10 --units units.yaml --events events.jsonl [--policy policy.yaml]
                [--calendar calendar.yaml] [--format json|table|csv|xlsx] [--out FILE] [--as-of RFC3339]
  hotline score --year 2026 --units units.yaml --events events.jsonl ...
  hotline ingest --data DIR [--units units.yaml] [FILE...]
  hotline import [--mapping mapping.yaml] [--units units.yaml] (--out FILE | --data DIR) [--encoding auto|utf-8|gb18030]
                [--all-or-nothing] FILE...
  hotline compute --data DIR --month 2026-10 | --year 2026 [--as-of RFC3339] [--format table]
  hotline serve --data DIR --addr HOST:PORT [--keys FILE] [--origins LIST] [--max-connections N] [--month-end=false]
  hotline backup --data DIR --out FILE [--force]
  hotline restore --from FILE --data DIR
  hotline backfill --table TABLE [--quiet]
  hotline gen --out DIR [--tickets N] [--units N] [--month 2026-10] [--months N] [--seed N] [--format jsonl|xlsx|csv]
  hotline template --out 中心记录.xlsx (--units units.yaml | --data DIR) [--force]
  hotline accounts add --data DIR --id ID --role admin|centre|unit [--unit UNIT_ID] [--name NAME] < password
  hotline accounts list --data DIR
  hotline accounts disable --data DIR --id ID
  hotline accounts passwd --data DIR --id ID < password

Run "hotline COMMAND -h" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status: 0 on success,
// 2 on bad input, 1 on any other failure. Only `hotline accounts` reads
// stdin (a password).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
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
	case "import":
		err = runImport(args[1:], stdout, stderr)
	case "compute":
		err = runCompute(args[1:], stdout, stderr)
	case "serve":
		err = runServe(args[1:], stdout, stderr)
	case "backup":
		err = runBackup(args[1:], stdout, stderr)
	case "restore":
		err = runRestore(args[1:], stdout, stderr)
	case "backfill":
		err = runBackfill(args[1:], stderr)
	case "template":
		err = runTemplate(args[1:], stdout, stderr)
	case "accounts":
		err = runAccounts(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "hotline: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "hotline %s: %v\n", args[0], err)
	}
	return exitStatus(err)
}

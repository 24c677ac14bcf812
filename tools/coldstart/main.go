// Command coldstart measures the cold start of every Lambda function as it
// is deployed: each bootstrap is built from a source tree (-src) for this
// machine with -tags lambda.norpc, started -n times under the Lambda
// Runtime Interface Emulator against the local DynamoDB server (moto, which
// also serves SSM, S3 and SNS), and invoked once per start with its sample
// event. The emulator's "INIT REPORT(durationMs: …)" is the init duration
// (from the exec of the bootstrap to its first request for work: the Go
// runtime, package initialisation and the main's wiring); the first
// invocation's duration is recorded beside it: the sample signed afresh,
// so the ingest functions read their keys from SSM and store the events,
// the API reads a month, and the month end computes a small generated
// district and publishes it to S3 and SNS. It prints the median, the
// minimum and the maximum of each, per function. Usage:
//
//	eval "$(scripts/moto.sh)"
//	go run ./tools/coldstart -n 20 -src .              # this tree
//	go run ./tools/coldstart -n 20 -src /tmp/before    # another checkout
//
// `make coldstart` runs it on this tree (docs/performance.md, "Cold
// start"). It needs HOTLINE_DYNAMODB_ENDPOINT and aws-lambda-rie.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/auth"
)

func main() {
	n := flag.Int("n", 20, "cold starts per function")
	src := flag.String("src", ".", "the source tree whose functions are built")
	only := flag.String("functions", "", "comma-separated functions to measure (default: every functions/*/main.go)")
	flag.Parse()
	if err := run(context.Background(), *src, *only, *n); err != nil {
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, src, only string, n int) error {
	endpoint := os.Getenv("HOTLINE_DYNAMODB_ENDPOINT")
	if endpoint == "" {
		return fmt.Errorf("HOTLINE_DYNAMODB_ENDPOINT is not set: start the local server with eval \"$(scripts/moto.sh)\"")
	}
	if n < 1 {
		return fmt.Errorf("-n must be at least 1, not %d", n)
	}
	src, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	names, err := functionNames(src, only)
	if err != nil {
		return err
	}
	env, err := prepare(ctx, endpoint, src)
	if err != nil {
		return fmt.Errorf("prepare the local server: %w", err)
	}
	keys, err := os.ReadFile(filepath.Join(src, "events", "keys.sample.yaml"))
	if err != nil {
		return err
	}
	clients, err := auth.DecodeClients(keys)
	if err != nil {
		return fmt.Errorf("the sample keys: %w", err)
	}
	sign := signer{clients}
	tmp, err := os.MkdirTemp("", "coldstart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Printf("source %s, %d cold starts per function\n", src, n)
	fmt.Printf("%-17s %8s  %-26s %-26s\n", "function", "MB", "init ms (median min–max)", "first invoke ms (median min–max)")
	for _, name := range names {
		boot, size, err := build(src, name, tmp)
		if err != nil {
			return err
		}
		event, err := os.ReadFile(filepath.Join(src, "events", sampleOf(name)))
		if err != nil {
			return err
		}
		var inits, invokes []float64
		for i := 0; i < n; i++ {
			payload, err := sign.sign(event, time.Now())
			if err != nil {
				return err
			}
			s, err := coldStart(ctx, boot, env, payload)
			if err != nil {
				return fmt.Errorf("%s, start %d: %w", name, i+1, err)
			}
			inits, invokes = append(inits, s.init), append(invokes, s.invoke)
			progress("\r%s %d/%d", name, i+1, n)
		}
		progress("\r\033[K")
		fmt.Printf("%-17s %8.2f  %-26s %-26s\n", name, float64(size)/(1<<20), spread(inits), spread(invokes))
	}
	return nil
}

// functionNames are the functions of src: only's, or every directory of
// functions/ with a main.go.
func functionNames(src, only string) ([]string, error) {
	if only != "" {
		return strings.Split(only, ","), nil
	}
	entries, err := os.ReadDir(filepath.Join(src, "functions"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(src, "functions", e.Name(), "main.go")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// sampleOf is the sample event a function is invoked with.
func sampleOf(name string) string {
	if name == "api" {
		return "api-ranking.json"
	}
	return name + ".json"
}

// progress writes to a terminal on standard error, and nowhere else.
func progress(format string, args ...any) {
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		fmt.Fprintf(os.Stderr, format, args...)
	}
}

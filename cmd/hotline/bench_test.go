package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// benchTickets is the size of the district the end-to-end benchmark scores:
// HOTLINE_BENCH_TICKETS, 100,000 by default; `make bench` sets 2,000,000.
func benchTickets(b *testing.B) int {
	n := 100000
	if s := os.Getenv("HOTLINE_BENCH_TICKETS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("HOTLINE_BENCH_TICKETS=%q is not a positive number", s)
		}
		n = v
	}
	return n
}

// benchData generates the district once into HOTLINE_BENCH_DIR (default a
// folder under the system temp dir) and returns it with its number of events.
func benchData(b *testing.B, tickets int) (dir string, events int) {
	b.Helper()
	root := os.Getenv("HOTLINE_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "hotline-bench")
	}
	dir = filepath.Join(root, fmt.Sprintf("t%d", tickets))
	done := filepath.Join(dir, "done")
	summary, err := os.ReadFile(done)
	if err != nil {
		code, out, errOut := hotline(b, "gen", "--out", dir, "--tickets", strconv.Itoa(tickets), "--month", "2026-10", "--seed", "2026", "--quiet")
		if code != 0 {
			b.Fatalf("gen: exit %d: %s", code, errOut)
		}
		if err := os.WriteFile(done, []byte(out), 0o644); err != nil {
			b.Fatal(err)
		}
		summary = []byte(out)
	}
	var units, ticketsWritten int
	if _, err := fmt.Sscanf(string(summary), "wrote %d units, %d tickets, %d events", &units, &ticketsWritten, &events); err != nil {
		b.Fatalf("read %s: %v", done, err)
	}
	return dir, events
}

// BenchmarkScoreMonth scores a generated month end to end from JSON Lines:
// reading, decoding, deduplicating, scoring and writing the JSON result.
func BenchmarkScoreMonth(b *testing.B) {
	tickets := benchTickets(b)
	dir, events := benchData(b, tickets)
	info, err := os.Stat(filepath.Join(dir, "events.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ReportAllocs()
	for b.Loop() {
		code := run([]string{"score", "--month", "2026-10", "--units", filepath.Join(dir, "units.yaml"),
			"--events", filepath.Join(dir, "events.jsonl"), "--as-of", asOf, "--quiet"}, nil, io.Discard, io.Discard)
		if code != 0 {
			b.Fatalf("score: exit %d", code)
		}
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

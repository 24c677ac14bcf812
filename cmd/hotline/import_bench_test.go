package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkImport imports a generated month written as the platform's
// export (HOTLINE_BENCH_TICKETS tickets, 100,000 by default; 2,000,000 is
// Beijing's, docs/performance.md), csv and xlsx, into JSON Lines: reading,
// decoding the rows, checking and writing the events. It reports rows/s.
func BenchmarkImport(b *testing.B) {
	tickets := benchTickets(b)
	for _, c := range []struct {
		format string
		files  []string
	}{
		{"csv", []string{"工单明细.csv", "回访明细.csv", "中心记录.xlsx"}},
		{"xlsx", []string{"平台导出.xlsx", "中心记录.xlsx"}},
	} {
		b.Run(c.format, func(b *testing.B) {
			dir := exportData(b, tickets, c.format)
			args := []string{"import", "--mapping", filepath.Join(dir, "mapping.yaml"), "--units", filepath.Join(dir, "units.yaml"),
				"--out", filepath.Join(b.TempDir(), "events.jsonl"), "--quiet"}
			var size int64
			for _, f := range c.files {
				args = append(args, filepath.Join(dir, f))
				if info, err := os.Stat(filepath.Join(dir, f)); err == nil {
					size += info.Size()
				}
			}
			b.SetBytes(size)
			var rows int
			for b.Loop() {
				code := run(args, nil, io.Discard, io.Discard)
				if code != 0 {
					b.Fatalf("import: exit %d", code)
				}
				rows = importedRows(b, dir)
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// exportData writes the export of the district of the given size once
// into HOTLINE_BENCH_DIR (a folder under the system temp dir by default).
func exportData(b *testing.B, tickets int, format string) string {
	b.Helper()
	root := os.Getenv("HOTLINE_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "hotline-bench")
	}
	dir := filepath.Join(root, "export-"+format+"-t"+strconv.Itoa(tickets))
	if _, err := os.Stat(filepath.Join(dir, "done")); err != nil {
		code, out, errOut := hotline(b, "gen", "--out", dir, "--tickets", strconv.Itoa(tickets), "--month", "2026-10", "--seed", "2026", "--format", format, "--quiet")
		if code != 0 {
			b.Fatalf("gen: exit %d: %s", code, errOut)
		}
		if err := os.WriteFile(filepath.Join(dir, "done"), []byte(out), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// importedRows is the number of rows of the export gen wrote: its summary's
// rows of 工单明细 and 回访明细 and the centre's records.
func importedRows(b *testing.B, dir string) int {
	b.Helper()
	out, err := os.ReadFile(filepath.Join(dir, "done"))
	if err != nil {
		b.Fatal(err)
	}
	var units, tickets, events, orders, calls, centre int
	if _, err := fmt.Sscanf(string(out), "wrote %d units, %d tickets (%d events): %d rows of 工单明细, %d of 回访明细, %d records", &units, &tickets, &events, &orders, &calls, &centre); err != nil {
		b.Fatalf("read the summary of gen: %v: %s", err, out)
	}
	return orders + calls + centre
}

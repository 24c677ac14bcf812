package sheet_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shizhong/hotline/shared/sheet"
)

// The size of the benchmarks' table: an export of a large district's month.
const benchRows, benchCols = 200_000, 15

// exportRow returns the cells of row i of a generated 工单明细 export:
// numbers, ticket ids, Chinese text, serial dates and blanks.
func exportRow(i int) []any {
	assigned := 46303.0 + float64(i)/5000
	returned := any(nil)
	if i%7 == 0 {
		returned = assigned + 0.5
	}
	return []any{
		i + 1, fmt.Sprintf("2026100%07d", i), "12345热线", "城乡建设/物业管理", "区公安分局 ",
		assigned, assigned + 5, returned, "不属于本单位职责", "否", "",
		nil, "", assigned + 1.25, assigned + 3.75,
	}
}

// exportCSV returns exportRow's rows as csv text, CRLF, as Excel saves it.
func exportCSV() string {
	var b strings.Builder
	for i := range benchRows {
		for j, c := range exportRow(i) {
			if j > 0 {
				b.WriteByte(',')
			}
			switch c := c.(type) {
			case nil:
			case float64:
				b.WriteString(strconv.FormatFloat(c, 'f', -1, 64))
			default:
				fmt.Fprint(&b, c)
			}
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// benchRead reads the table name of path once per iteration, reporting
// rows/s and the most heap in use seen during a read.
func benchRead(b *testing.B, path, name string, opt sheet.Options) {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ReportAllocs()
	var peak uint64
	var ms runtime.MemStats
	rows := 0
	for b.Loop() {
		rows = 0
		err := sheet.Read(path, name, opt, func(r sheet.Row) error {
			if rows++; rows%20_000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if rows != benchRows {
		b.Fatalf("%d rows, want %d", rows, benchRows)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

func BenchmarkReadCSV(b *testing.B) {
	dir := b.TempDir()
	paths := writeExportCSVs(b, dir)
	runtime.GC() // the generated text is not held while reading
	for _, enc := range []string{"utf-8", "gb18030"} {
		b.Run(enc, func(b *testing.B) {
			benchRead(b, paths[enc], "工单明细", sheet.Options{})
		})
	}
}

// writeExportCSVs writes exportCSV's text in UTF-8 and GB18030 in dir and
// returns their paths by encoding.
func writeExportCSVs(b *testing.B, dir string) map[string]string {
	text := exportCSV()
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		b.Fatal(err)
	}
	paths := map[string]string{}
	for enc, t := range map[string]string{"utf-8": text, "gb18030": gbk} {
		paths[enc] = filepath.Join(dir, enc, "工单明细.csv")
		if err := os.MkdirAll(filepath.Dir(paths[enc]), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(paths[enc], []byte(t), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return paths
}

func BenchmarkReadXLSX(b *testing.B) {
	path := streamXLSX(b, "工单明细", benchRows, benchCols, exportRow)
	runtime.GC() // nor the workbook being written
	benchRead(b, path, "工单明细", sheet.Options{})
}

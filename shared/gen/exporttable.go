package gen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/shizhong/hotline/shared/sheet"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// excelRows is the number of rows of an Excel sheet.
const excelRows = 1_048_576

// maxSheetRows is the number of data rows of one sheet of the xlsx export:
// what the title rows, the header and the totals row leave of excelRows. A
// table of more continues in sheets named 工单明细2, 工单明细3, …. A variable
// so that a test can lower it.
var maxSheetRows = excelRows - 4

// csvTime is how the csv export writes instants: no zero padding of month
// and day, as Excel saves them on Chinese Windows.
const csvTime = "2006/1/2 15:04:05"

// tableSpec is one table of the export: its name (the sheet, or the csv
// file without .csv), title, the line under it, headers and widths.
type tableSpec struct {
	name    string
	title   string
	note    string
	headers []string
	widths  []float64
}

// table takes the data rows of one table of the export: cells are a
// string, an int, a time.Time (an instant) or nil (blank). close writes the
// totals row.
type table interface {
	row(cells []any) error
	close() error
}

// xlsxTable is a table in sheets of an excelize.File, streamed.
type xlsxTable struct {
	spec   tableSpec
	f      *excelize.File
	loc    *time.Location
	styles xlsxStyles
	sheets int // sheets started
	sw     *excelize.StreamWriter
	last   int // the last row written in the current sheet
	rows   int // data rows in the current sheet
}

// xlsxStyles are the styles of the export's cells.
type xlsxStyles struct{ title, header, date int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	if s.title, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center"},
	}); err != nil {
		return s, err
	}
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Alignment: &excelize.Alignment{Horizontal: "center"},
	}); err != nil {
		return s, err
	}
	format := "yyyy/m/d h:mm:ss"
	s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	return s, err
}

// row writes a data row, starting a sheet when the current one is full.
func (t *xlsxTable) row(cells []any) error {
	if t.sw == nil || t.rows == maxSheetRows {
		if err := t.endSheet(); err != nil {
			return err
		}
		if err := t.startSheet(); err != nil {
			return err
		}
	}
	out := make([]any, len(cells))
	for i, c := range cells {
		if tm, ok := c.(time.Time); ok {
			out[i] = excelize.Cell{StyleID: t.styles.date, Value: sheet.Serial(tm, t.loc)}
		} else {
			out[i] = c
		}
	}
	t.rows++
	t.last++
	return t.sw.SetRow("A"+strconv.Itoa(t.last), out)
}

// startSheet starts the next sheet of the table with its title rows, merged
// over the columns, and its headers, frozen.
func (t *xlsxTable) startSheet() error {
	t.sheets++
	name := t.spec.name
	if t.sheets > 1 {
		name += strconv.Itoa(t.sheets)
	}
	if _, err := t.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := t.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range t.spec.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last, err := excelize.ColumnNumberToName(len(t.spec.headers))
	if err != nil {
		return err
	}
	head := make([]any, len(t.spec.headers))
	for i, h := range t.spec.headers {
		head[i] = excelize.Cell{StyleID: t.styles.header, Value: h}
	}
	for i, r := range [][]any{
		{excelize.Cell{StyleID: t.styles.title, Value: t.spec.title}},
		{t.spec.note},
		head,
	} {
		if err := sw.SetRow("A"+strconv.Itoa(i+1), r); err != nil {
			return err
		}
	}
	for _, r := range []string{"1", "2"} {
		if err := sw.MergeCell("A"+r, last+r); err != nil {
			return err
		}
	}
	t.sw, t.last, t.rows = sw, 3, 0
	return nil
}

// endSheet writes the totals row of the current sheet (合计 and the count
// of its rows) and flushes it.
func (t *xlsxTable) endSheet() error {
	if t.sw == nil {
		return nil
	}
	t.last++
	if err := t.sw.SetRow("A"+strconv.Itoa(t.last), []any{"合计", t.rows}); err != nil {
		return err
	}
	err := t.sw.Flush()
	t.sw = nil
	return err
}

// close ends the last sheet; a table without rows still has one.
func (t *xlsxTable) close() error {
	if t.sheets == 0 {
		if err := t.startSheet(); err != nil {
			return err
		}
	}
	return t.endSheet()
}

// csvTable is a table in a csv file: GB18030, CRLF, instants as text.
type csvTable struct {
	spec tableSpec
	loc  *time.Location
	bw   *bufio.Writer
	enc  io.WriteCloser
	w    *csv.Writer
	rows int
	rec  []string
}

// newCSVTable starts the table in out with its title lines and headers.
// Every line has a field for each column, as Excel saves merged cells.
func newCSVTable(out io.Writer, spec tableSpec, loc *time.Location) (*csvTable, error) {
	bw := bufio.NewWriterSize(out, 1<<20)
	enc := transform.NewWriter(bw, simplifiedchinese.GB18030.NewEncoder())
	w := csv.NewWriter(enc)
	w.UseCRLF = true
	t := &csvTable{spec: spec, loc: loc, bw: bw, enc: enc, w: w, rec: make([]string, len(spec.headers))}
	for _, first := range []string{spec.title, spec.note} {
		clear(t.rec)
		t.rec[0] = first
		if err := w.Write(t.rec); err != nil {
			return nil, err
		}
	}
	if err := w.Write(spec.headers); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *csvTable) row(cells []any) error {
	for i, c := range cells {
		switch v := c.(type) {
		case nil:
			t.rec[i] = ""
		case string:
			t.rec[i] = v
		case int:
			t.rec[i] = strconv.Itoa(v)
		case time.Time:
			t.rec[i] = v.In(t.loc).Format(csvTime)
		default:
			return fmt.Errorf("gen: csv cell %T", c)
		}
	}
	t.rows++
	return t.w.Write(t.rec)
}

// close writes the totals line and flushes the file.
func (t *csvTable) close() error {
	clear(t.rec)
	t.rec[0], t.rec[1] = "合计", strconv.Itoa(t.rows)
	if err := t.w.Write(t.rec); err != nil {
		return err
	}
	t.w.Flush()
	if err := t.w.Error(); err != nil {
		return err
	}
	if err := t.enc.Close(); err != nil {
		return err
	}
	return t.bw.Flush()
}

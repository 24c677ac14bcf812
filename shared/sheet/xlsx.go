package sheet

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// raw reads cells as stored, without their number formats.
var raw = excelize.Options{RawCellValue: true}

// xlsxTables lists the sheets of the workbook at path.
func xlsxTables(path string) ([]Table, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	defer f.Close()
	names := f.GetSheetList()
	tables := make([]Table, 0, len(names))
	for _, name := range names {
		visible, err := f.GetSheetVisible(name)
		if err != nil {
			return nil, &Error{File: path, Sheet: name, Err: err}
		}
		tables = append(tables, Table{Name: name, Hidden: !visible})
	}
	return tables, nil
}

// readXLSX calls fn for every row with a cell of the sheet name of the
// workbook at path, streaming the sheet with excelize's Rows iterator.
func readXLSX(path, name string, opt Options, fn func(Row) error) (err error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return &Error{File: path, Err: err}
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = &Error{File: path, Err: cerr}
		}
	}()
	names := f.GetSheetList()
	if !slices.Contains(names, name) {
		return &Error{File: path, Err: fmt.Errorf("no sheet %q: the sheets are %s", name, quoteAll(names))}
	}
	var total int64
	if dim, err := f.GetSheetDimension(name); err == nil {
		total = int64(lastRow(dim))
	}
	prog := newProgress(opt.Progress, total, progressRows)

	rows, err := f.Rows(name)
	if err != nil {
		return &Error{File: path, Sheet: name, Err: err}
	}
	defer rows.Close()
	// Next steps through every row number, the missing rows included (for
	// them Columns gives no cells), so counting its calls gives the number
	// of the row, also past gaps and rows written without an r attribute.
	number := 0
	for rows.Next() {
		number++
		cells, err := rows.Columns(raw)
		if err != nil {
			return &Error{File: path, Sheet: name, Row: number, Err: err}
		}
		if len(cells) > 0 {
			if err := fn(Row{File: path, Sheet: name, Number: number, Cells: cells}); err != nil {
				return err
			}
		}
		prog.report(int64(number))
	}
	if err := rows.Error(); err != nil {
		return &Error{File: path, Sheet: name, Err: err}
	}
	prog.end(int64(number))
	return nil
}

// lastRow returns the last row of a sheet's dimension ("A1:O200001"), 0 if
// it says none. A dimension of one cell ("A1") is taken as none: it is what
// excelize and its StreamWriter write, whatever a sheet holds, unless told
// (File.SetSheetDimension).
func lastRow(dim string) int {
	_, ref, ok := strings.Cut(dim, ":")
	if !ok {
		return 0
	}
	digits := strings.TrimLeft(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
	n, err := strconv.Atoi(digits)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// quoteAll quotes each name and joins them with ", ".
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

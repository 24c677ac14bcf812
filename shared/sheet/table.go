package sheet

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Table is one table of a file: a sheet of an xlsx, or a csv.
type Table struct {
	// Name is the sheet's name; for a csv, the file's base name without
	// ".csv".
	Name string
	// Hidden reports whether the sheet is hidden (or very hidden) in Excel.
	Hidden bool
}

// format is the kind of a file, by its extension.
type format int

const (
	formatXLSX format = iota + 1
	formatCSV
)

// formatOf returns the format of the file at path by its extension, in any
// case: .xlsx or .csv.
func formatOf(path string) (format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return formatXLSX, nil
	case ".csv":
		return formatCSV, nil
	}
	return 0, &Error{File: path, Err: fmt.Errorf("not a spreadsheet this reads: want an .xlsx or a .csv file (save an .xls as .xlsx)")}
}

// Tables lists the tables of the file at path: the sheets of an xlsx in the
// workbook's order, hidden ones included, or the one table of a csv.
func Tables(path string) ([]Table, error) {
	form, err := formatOf(path)
	if err != nil {
		return nil, err
	}
	if form == formatXLSX {
		return xlsxTables(path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, &Error{File: path, Err: err}
	}
	return []Table{{Name: csvTable(path)}}, nil
}

// Read calls fn for every row of the table name of the file at path, in
// order, streaming: a sheet of a million rows is never held in memory. Rows
// with no cells (the rows missing from a sheet, the blank lines of a csv)
// are skipped. fn returning an error stops the read, and Read returns that
// error as it is; Read's own errors are *Error.
//
// name is a sheet of an xlsx, exactly as Tables gives it, or for a csv the
// name of its table; another is an error listing the tables.
func Read(path, name string, opt Options, fn func(Row) error) error {
	form, err := formatOf(path)
	if err != nil {
		return err
	}
	if form == formatXLSX {
		return readXLSX(path, name, opt, fn)
	}
	if table := csvTable(path); name != table {
		return &Error{File: path, Err: fmt.Errorf("no table %q: a csv has one, %q", name, table)}
	}
	return readCSV(path, opt, fn)
}

package importer

import "github.com/shizhong/hotline/shared/sheet"

// Files is the Source of files on disk, read with shared/sheet.
type Files struct {
	Encoding sheet.Encoding
	// Progress, when set, hears how far the read of each table has come
	// (sheet.Options.Progress).
	Progress func(file, table string, done, total int64)
}

// Tables names the sheets of an xlsx, or the one table of a csv.
func (f Files) Tables(file string) ([]string, error) {
	tables, err := sheet.Tables(file)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(tables))
	for _, t := range tables {
		names = append(names, t.Name)
	}
	return names, nil
}

// Read gives the rows of a table.
func (f Files) Read(file, table string, fn func(Row) error) error {
	opt := sheet.Options{Encoding: f.Encoding}
	if f.Progress != nil {
		opt.Progress = func(done, total int64) { f.Progress(file, table, done, total) }
	}
	return sheet.Read(file, table, opt, func(r sheet.Row) error {
		return fn(Row{File: r.File, Sheet: r.Sheet, Number: r.Number, Cells: r.Cells})
	})
}

package sheet

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// csvTable is the name of the one table of a csv: its base name without
// the extension.
func csvTable(path string) string {
	base := filepath.Base(path)
	return base[:len(base)-len(filepath.Ext(base))]
}

// readCSV calls fn for every record of the csv at path.
func readCSV(path string, opt Options, fn func(Row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return &Error{File: path, Err: err}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return &Error{File: path, Err: err}
	}
	counter := &countingReader{r: f}
	text, enc, err := decode(bufio.NewReaderSize(counter, sniffSize), opt.Encoding)
	if err != nil {
		return &Error{File: path, Err: err}
	}
	prog := newProgress(opt.Progress, info.Size(), progressBytes)

	r := csv.NewReader(text)
	r.FieldsPerRecord = -1
	table := csvTable(path)
	for {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return csvError(path, err)
		}
		line, _ := r.FieldPos(0)
		if enc == UTF8 {
			if err := checkUTF8(cells, opt.Encoding); err != nil {
				return &Error{File: path, Row: line, Err: err}
			}
		}
		if err := fn(Row{File: path, Sheet: table, Number: line, Cells: cells}); err != nil {
			return err
		}
		prog.report(counter.n)
	}
	prog.end(counter.n)
	return nil
}

// csvError names the file and the lines of a csv parse error.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &Error{File: path, Err: err}
	}
	if pe.Line == pe.StartLine {
		err = fmt.Errorf("column %d: %w", pe.Column, pe.Err)
	} else {
		err = fmt.Errorf("line %d, column %d: %w", pe.Line, pe.Column, pe.Err)
	}
	return &Error{File: path, Row: pe.StartLine, Err: err}
}

// checkUTF8 returns an error naming the first field of a record read as
// UTF-8 that is not, and how the encoding was chosen.
func checkUTF8(cells []string, asked Encoding) error {
	for i, c := range cells {
		if utf8.ValidString(c) {
			continue
		}
		how := "its first 64 KiB are UTF-8"
		if asked == UTF8 {
			how = "UTF-8 was asked for"
		}
		return fmt.Errorf("field %d: %w: the file is read as UTF-8 (%s); if it is GBK or GB18030, give --encoding gb18030", i+1, ErrInvalidUTF8, how)
	}
	return nil
}

package sheet

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidUTF8 is wrapped by the error of Read when a csv read as UTF-8
// holds a byte sequence that is not UTF-8.
var ErrInvalidUTF8 = errors.New("invalid UTF-8")

// Error is a problem with a file, at a place in it where known. Read and
// Tables return their errors as *Error, except the errors of the callback,
// which Read returns as they are.
type Error struct {
	// File is the path of the file, as given.
	File string
	// Sheet is the sheet of an xlsx the problem is in; "" for a csv or when
	// not known.
	Sheet string
	// Row is the row's number (a csv's line) the problem is at; 0 when not
	// known.
	Row int
	// Err is the problem.
	Err error
}

// Error says the file, sheet and row, then the problem:
// "a.xlsx: sheet 工单明细: row 7: ...".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %s", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the problem.
func (e *Error) Unwrap() error { return e.Err }

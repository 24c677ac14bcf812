package importer

import "fmt"

// Place is where a row of a table is: its file, sheet and row, and the
// column when one cell is meant.
type Place struct {
	File   string
	Sheet  string
	Row    int    // 1-based
	Column string // the column's letters (H), "" for the whole row
	Header string // the column's header text, when known
}

func (p Place) String() string {
	s := fmt.Sprintf("%s: sheet %s: row %d", p.File, p.Sheet, p.Row)
	if p.Column != "" {
		s += ", column " + p.Column
		if p.Header != "" {
			s += " (" + p.Header + ")"
		}
	}
	return s
}

// Problem is a bad row, or a table that cannot be read: where, and what
// was expected.
type Problem struct {
	Place
	Message string
}

func (p Problem) Error() string { return p.Place.String() + ": " + p.Message }

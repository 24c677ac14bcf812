package importer

import "fmt"

// Place is where a row of a table is: its file, sheet and row, and the
// column when one cell is meant.
type Place struct {
	File   string
	Sheet  string
	Row    int    // 1-based; 0 for the whole sheet or file
	Column string // the column's letters (H), "" for the whole row
	Header string // the column's header text, when known
}

func (p Place) String() string {
	s := p.File
	if p.Sheet != "" {
		s += ": sheet " + p.Sheet
	}
	if p.Row > 0 {
		s += fmt.Sprintf(": row %d", p.Row)
	}
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

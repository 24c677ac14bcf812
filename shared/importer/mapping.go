package importer

import (
	"time"

	"github.com/shizhong/hotline/shared/event"
)

// Mapping is a mapping file, read and checked: where each field of each
// event is in the tables of an export.
type Mapping struct {
	Source      string         // part of every event id: [A-Za-z0-9_.-]{1,32}
	Zone        *time.Location // of the times written without an offset
	TimeFormats []string       // Go layouts, tried in order on a cell of text
	Tables      []Table
}

// Table is one kind of table of an export: the sheets (or csv files) whose
// name matches Sheet.
type Table struct {
	Name      string
	Sheet     string   // a glob (path.Match) over sheet names, or csv base names without .csv
	HeaderRow int      // 1-based
	EndBefore *EndRule // the totals row that ends the table, if any
	Columns   []Column
	Events    []EventRule
}

// EndRule ends a table at the first row whose cell in Column starts with
// Prefix.
type EndRule struct {
	Column string // a column key
	Prefix string
}

// Column is a column of a table, found by its header text.
type Column struct {
	Key      string   // the name the mapping uses for it
	Headers  []string // the texts its header may have, any of them
	Optional bool     // the column may be missing from an export
}

// EventRule is one event each row of a table may make.
type EventRule struct {
	Type   event.Type
	At     string // the column key of the event's time
	When   *Cond  // the row makes the event only when this holds; always without
	Fields []FieldRule
	values map[string]map[string]string // field → cell text → the contract's value, this event's over the mapping's
}

// Cond is the condition of an event rule: the cell of Column is not blank,
// or, with Equals, is that text.
type Cond struct {
	Column string
	Equals string
}

// FieldRule says where a field of the event comes from: the cell of a
// column, or a constant.
type FieldRule struct {
	Field    string // the JSON key of SPEC §3
	Column   string // a column key; "" with a constant
	Value    string // the constant, as the contract writes it
	Constant bool
}

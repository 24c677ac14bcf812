package importer

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// Row is one row of a table as read: where it is, and its cells' text.
type Row struct {
	File   string
	Sheet  string
	Number int
	Cells  []string
}

// Made is an event a row made, with the row's place.
type Made struct {
	Event event.Event
	Place Place
}

// TableDecoder decodes the rows of one sheet (or csv file) under a table
// of the mapping: the rows above the header row are titles; the header row
// finds the columns; each row after it makes the events of the table's
// rules, until the end rule or the last row.
type TableDecoder struct {
	m      *Mapping
	t      *Table
	reg    *unit.Registry
	index  map[string]int // column key → cell index, -1 for an optional column missing
	header []string       // the header row's cells, trimmed
	ready  bool           // the header row was read
	broken bool           // the header row lacked a column: no row is decoded
	ended  bool
	dec    event.Decoder // Decode's: reuses its parser's memory from row to row
}

// NewTableDecoder returns the decoder of a sheet of table t; units are
// found by name, alias or id in reg.
func (m *Mapping) NewTableDecoder(t *Table, reg *unit.Registry) *TableDecoder {
	return &TableDecoder{m: m, t: t, reg: reg}
}

// Decode reads one row: the header row, or a row of data, which makes zero
// or more events and problems. Rows must come in order.
func (d *TableDecoder) Decode(r Row) ([]Made, []Problem) {
	data, problems := d.Step(r)
	if !data {
		return nil, problems
	}
	return d.DecodeData(r, &d.dec)
}

// Step reads one row in order, as Decode does, but for its data: it reads
// the header row, passes over the titles, the blank rows and what follows
// the end rule, and says whether r is a row of data, which DecodeData then
// decodes (concurrently with others, each with its own event decoder).
func (d *TableDecoder) Step(r Row) (data bool, problems []Problem) {
	switch {
	case d.ended || d.broken || r.Number < d.t.HeaderRow:
		return false, nil
	case !d.ready:
		d.ready = true
		if r.Number > d.t.HeaderRow { // the header row is blank: the reader did not give it
			return false, d.readHeader(Row{File: r.File, Sheet: r.Sheet, Number: d.t.HeaderRow})
		}
		return false, d.readHeader(r)
	case blankRow(r.Cells):
		return false, nil
	}
	if e := d.t.EndBefore; e != nil && strings.HasPrefix(d.cell(r, e.Column), e.Prefix) {
		d.ended = true
		return false, nil
	}
	return true, nil
}

// DecodeData makes the events of a row of data (one Step said is data).
// It reads only what the header row set, so that rows may be decoded at
// once on several goroutines, each with its own dec.
func (d *TableDecoder) DecodeData(r Row, dec *event.Decoder) ([]Made, []Problem) {
	var made []Made
	var problems []Problem
	for i := range d.t.Events {
		m, p, ok := d.event(r, &d.t.Events[i], dec)
		if !ok {
			problems = append(problems, p...)
			continue
		}
		if m != nil {
			made = append(made, *m)
		}
	}
	return made, problems
}

// Finish reports a table whose header row never came (a sheet shorter
// than its title rows).
func (d *TableDecoder) Finish(file, sheet string) []Problem {
	if d.ready {
		return nil
	}
	return []Problem{{Place: Place{File: file, Sheet: sheet, Row: d.t.HeaderRow}, Message: fmt.Sprintf("the sheet ends before row %d, the header row of table %s", d.t.HeaderRow, d.t.Name)}}
}

// readHeader finds each column of the table in the header row.
func (d *TableDecoder) readHeader(r Row) []Problem {
	d.header = make([]string, len(r.Cells))
	for i, c := range r.Cells {
		d.header[i] = trim(c)
	}
	d.index = map[string]int{}
	var problems []Problem
	for _, col := range d.t.Columns {
		at := -1
		for i, h := range d.header {
			for _, want := range col.Headers {
				if h == want {
					if at >= 0 {
						problems = append(problems, Problem{Place: Place{File: r.File, Sheet: r.Sheet, Row: r.Number, Column: columnName(i), Header: h},
							Message: fmt.Sprintf("a second column for %s (the first is column %s): the header must name one column", strings.Join(col.Headers, " or "), columnName(at))})
					}
					at = i
				}
			}
		}
		if at < 0 && !col.Optional {
			problems = append(problems, Problem{Place: Place{File: r.File, Sheet: r.Sheet, Row: r.Number},
				Message: fmt.Sprintf("no column %s in the header row of table %s; the headers are: %s", strings.Join(col.Headers, " or "), d.t.Name, strings.Join(nonBlank(d.header), ", "))})
		}
		d.index[col.Key] = at
	}
	if len(problems) > 0 {
		d.broken = true
	}
	return problems
}

// cell is the trimmed text of the column key in row r ("" when the row is
// short or the optional column is missing).
func (d *TableDecoder) cell(r Row, key string) string {
	i := d.index[key]
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return trim(r.Cells[i])
}

// place is where column key of row r is.
func (d *TableDecoder) place(r Row, key string) Place {
	p := Place{File: r.File, Sheet: r.Sheet, Row: r.Number}
	if i, ok := d.index[key]; ok && i >= 0 {
		p.Column = columnName(i)
		if i < len(d.header) {
			p.Header = d.header[i]
		}
	}
	return p
}

// event makes the event of rule er from row r: nil when its condition does
// not hold; ok false with the problems when a cell is wrong.
func (d *TableDecoder) event(r Row, er *EventRule, dec *event.Decoder) (*Made, []Problem, bool) {
	if c := er.When; c != nil {
		v := d.cell(r, c.Column)
		if v == "" || (c.Equals != "" && v != c.Equals) {
			return nil, nil, true
		}
	}
	var problems []Problem
	bad := func(key, format string, args ...any) {
		problems = append(problems, Problem{Place: d.place(r, key), Message: fmt.Sprintf(format, args...)})
	}
	atText := d.cell(r, er.At)
	var at time.Time
	if atText == "" {
		bad(er.At, "the time of the %s event is blank", er.Type)
	} else if t, err := parseTime(atText, d.m.TimeFormats, d.m.Zone); err != nil {
		bad(er.At, "%v", err)
	} else {
		at = t
	}
	b := make([]byte, 0, 256)
	b = append(b, `{"id":"`...)
	idAt := len(b)
	b = append(b, `","type":"`...)
	b = append(b, er.Type.String()...)
	b = append(b, `","at":`...)
	b = append(b, jsonString(at.Format(time.RFC3339))...)
	var ticket, unitID string
	fieldColumn := map[string]string{"at": er.At}
	for _, f := range er.Fields {
		fieldColumn[f.Field] = f.Column
		text := f.Value
		if !f.Constant {
			text = d.cell(r, f.Column)
		}
		if text == "" {
			continue // left out: the event's decoder says whether it was required
		}
		v, err := d.value(er, f.Field, text)
		if err != nil {
			if f.Constant {
				problems = append(problems, Problem{Place: Place{File: r.File, Sheet: r.Sheet, Row: r.Number}, Message: fmt.Sprintf("the constant %s of %s: %v", f.Field, er.Type, err)})
			} else {
				bad(f.Column, "%v", err)
			}
			continue
		}
		switch f.Field {
		case "ticket_id":
			ticket = text
		case "unit_id":
			unitID = strings.Trim(string(v), `"`)
		}
		b = append(b, ',')
		b = append(b, jsonString(f.Field)...)
		b = append(b, ':')
		b = append(b, v...)
	}
	if len(problems) > 0 {
		return nil, problems, false
	}
	b = append(b, '}')
	id := d.m.id(er.Type, ticket, unitID, at)
	b = append(b[:idAt], append([]byte(id), b[idAt:]...)...)
	e, err := dec.Decode(b)
	if err != nil {
		var fe *event.FieldError
		if errors.As(err, &fe) {
			if key, ok := fieldColumn[fe.Field]; ok && key != "" {
				bad(key, "%s: %s", fe.Field, fe.Reason)
			} else {
				problems = append(problems, Problem{Place: Place{File: r.File, Sheet: r.Sheet, Row: r.Number}, Message: fmt.Sprintf("the %s event: field %s: %s", er.Type, fe.Field, fe.Reason)})
			}
			return nil, problems, false
		}
		problems = append(problems, Problem{Place: Place{File: r.File, Sheet: r.Sheet, Row: r.Number}, Message: fmt.Sprintf("the %s event: %v", er.Type, err)})
		return nil, problems, false
	}
	return &Made{Event: e, Place: Place{File: r.File, Sheet: r.Sheet, Row: r.Number}}, nil, true
}

// id is the id of an imported event: derived from the row's identity, so
// that the same row imported again makes the same id (96 bits of XXH3-128:
// for the tens of millions of events of a year of Beijing, the odds of two
// identities sharing an id are below 1 in 10^13).
func (m *Mapping) id(t event.Type, ticket, unitID string, at time.Time) string {
	h := xxh3.New()
	for _, part := range []string{m.Source, t.String(), ticket, unitID, at.UTC().Format(time.RFC3339)} {
		_, _ = h.WriteString(part) // a hash does not fail
		_, _ = h.Write([]byte{0})
	}
	sum := h.Sum128().Bytes()
	return "imp-" + m.Source + "-" + hex.EncodeToString(sum[:12])
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if trim(c) != "" {
			return false
		}
	}
	return true
}

func nonBlank(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

package importer

import (
	"encoding/hex"
	"fmt"
	"path"
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/shizhong/hotline/shared/unit"
)

// Source reads the tables of files: the sheets of an xlsx, the one table of
// a csv (shared/sheet, through a small adapter in the command).
type Source interface {
	// Tables names the tables of the file, in order.
	Tables(file string) ([]string, error)
	// Read calls fn with every row of the table, in order.
	Read(file, table string, fn func(Row) error) error
}

// Run is one import: the events of files, each made once. A second row
// that makes an event already made (the same identity, e.g. an overlapping
// export, or one ticket's approval on each of its assignments) with the
// same content is a duplicate and is not given again; with other content it
// is a conflict, a problem naming both rows.
type Run struct {
	// Mappings read the files: each file by the first whose tables read
	// one of its sheets (e.g. the district's mapping of the platform's
	// export, then the built-in one of the centre's workbook).
	Mappings []*Mapping
	Units    *unit.Registry
	Source   Source

	seen       map[idKey]made // event id → its content and row
	sheets     []Place        // the files and sheets of the rows seen, by made.sheet
	Duplicates int            // rows' events made before in this run
	// Read names, by file, the source of the mapping that read it.
	Read map[string]string
}

// idKey is the 96 bits of hash an imported event's id ends with (Mapping.id):
// the id's identity, kept in 12 bytes rather than its 60-odd characters, so
// that a Beijing month's 7 million events fit in a few hundred megabytes.
type idKey [12]byte

// made is what Run keeps of an event it gave: its content's hash and its
// row, in 24 bytes.
type made struct {
	content xxh3.Uint128
	sheet   uint32 // in Run.sheets
	row     int32
}

// File imports one file: fn is called with every event made, in the order
// of the rows; the problems of the file (bad rows, tables that cannot be
// read) are returned, with an error only when the file cannot be read.
func (r *Run) File(file string, fn func(Made) error) ([]Problem, error) {
	if r.seen == nil {
		r.seen = map[idKey]made{}
	}
	tables, err := r.Source.Tables(file)
	if err != nil {
		return nil, err
	}
	m := r.mappingOf(tables)
	if m == nil {
		var want []string
		for _, m := range r.Mappings {
			for _, t := range m.Tables {
				want = append(want, t.Sheet)
			}
		}
		return []Problem{{Place: Place{File: file},
			Message: fmt.Sprintf("no sheet of the file (%s) is a table of the mapping: its tables read the sheets %s", strings.Join(tables, ", "), strings.Join(want, ", "))}}, nil
	}
	if r.Read == nil {
		r.Read = map[string]string{}
	}
	r.Read[file] = m.Source
	var problems []Problem
	for _, name := range tables {
		t := m.table(name)
		if t == nil {
			continue
		}
		d := m.NewTableDecoder(t, r.Units)
		batch := newRowBatch(d)
		flush := func() error {
			ms, ps := batch.decode()
			problems = append(problems, ps...)
			for _, m := range ms {
				p, fresh := r.once(m)
				if p != nil {
					problems = append(problems, *p)
				}
				if fresh {
					if err := fn(m); err != nil {
						return err
					}
				}
			}
			return nil
		}
		err := r.Source.Read(file, name, func(row Row) error {
			data, ps := d.Step(row)
			problems = append(problems, ps...)
			if data && batch.add(row) {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return problems, err
		}
		problems = append(problems, d.Finish(file, name)...)
	}
	return problems, nil
}

// mappingOf is the first mapping that reads one of the tables.
func (r *Run) mappingOf(tables []string) *Mapping {
	for _, m := range r.Mappings {
		for _, name := range tables {
			if m.table(name) != nil {
				return m
			}
		}
	}
	return nil
}

// table is the first table of the mapping whose sheet glob matches name.
func (m *Mapping) table(name string) *Table {
	for i := range m.Tables {
		if ok, _ := path.Match(m.Tables[i].Sheet, name); ok {
			return &m.Tables[i]
		}
	}
	return nil
}

// once records the event m made and says whether it is new; a problem when
// its id was made before with other content.
func (r *Run) once(m Made) (*Problem, bool) {
	var key idKey
	if _, err := hex.Decode(key[:], []byte(m.Event.ID[len(m.Event.ID)-2*len(key):])); err != nil {
		panic("importer: an event id not made by Mapping.id: " + m.Event.ID)
	}
	h := xxh3.Hash128(m.Event.AppendJSON(nil))
	before, ok := r.seen[key]
	switch {
	case !ok:
		r.seen[key] = made{content: h, sheet: r.sheetOf(m.Place), row: int32(m.Place.Row)}
		return nil, true
	case before.content == h:
		r.Duplicates++
		return nil, false
	}
	first := r.sheets[before.sheet]
	first.Row = int(before.row)
	return &Problem{Place: m.Place, Message: fmt.Sprintf("the %s event of this row (id %s) was made by %s with other content: the same ticket, unit, type and time cannot say two things", m.Event.Type, m.Event.ID, first)}, false
}

// sheetOf is the index of the place's file and sheet in r.sheets.
func (r *Run) sheetOf(p Place) uint32 {
	if n := len(r.sheets); n > 0 && r.sheets[n-1].File == p.File && r.sheets[n-1].Sheet == p.Sheet {
		return uint32(n - 1)
	}
	r.sheets = append(r.sheets, Place{File: p.File, Sheet: p.Sheet})
	return uint32(len(r.sheets) - 1)
}

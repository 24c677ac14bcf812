package centrebook

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/sheet"
	"github.com/shizhong/hotline/shared/unit"
)

// Options change how a Writer writes; the zero value writes what `hotline
// template` writes.
type Options struct {
	// Location is the zone of the wall times written; nil means
	// calendar.DefaultLocation (Asia/Shanghai).
	Location *time.Location
	// UnitName is the name written for u in the 单位 columns; nil means
	// u.Name. `hotline gen` writes aliases with it, as real workbooks do.
	UnitName func(u unit.Unit) string
}

// lastRow is the last row of a sheet: validations reach it.
const lastRow = 1_048_576

// Writer writes the workbook event by event: every sheet but the
// organisation one is streamed (excelize.StreamWriter), so a year of a
// large district stays small in memory; the organisation assessments,
// which are a few per unit and year, are held until Write.
type Writer struct {
	f      *excelize.File
	reg    *unit.Registry
	opt    Options
	dates  int // the style of date-time cells
	header int // the style of the header row
	tables map[event.Type]*table
	orgs   []event.Event
	done   bool
}

// table is a streamed sheet and its last row written.
type table struct {
	layout
	sw  *excelize.StreamWriter
	row int
}

// Write writes the workbook of reg holding events (one row per event, in
// their order, in the sheet of its type) to w; with no events it is the
// empty workbook `hotline template` writes.
func Write(w io.Writer, reg *unit.Registry, events []event.Event) error {
	cw, err := New(reg, Options{})
	if err != nil {
		return err
	}
	for i := range events {
		if err := cw.Add(&events[i]); err != nil {
			return err
		}
	}
	return cw.Write(w)
}

// New starts the workbook of the units of reg.
func New(reg *unit.Registry, opt Options) (*Writer, error) {
	if opt.Location == nil {
		opt.Location = calendar.DefaultLocation()
	}
	if opt.UnitName == nil {
		opt.UnitName = func(u unit.Unit) string { return u.Name }
	}
	f := excelize.NewFile()
	w := &Writer{f: f, reg: reg, opt: opt, tables: map[event.Type]*table{}}
	if err := w.start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("centrebook: %w", err)
	}
	return w, nil
}

// start makes the sheets, the styles, the instructions and the unit list,
// and opens the streams of the sheets of events.
func (w *Writer) start() error {
	f := w.f
	var err error
	if w.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	}); err != nil {
		return err
	}
	format := "yyyy/m/d h:mm:ss"
	if w.dates, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", ReadmeSheet); err != nil {
		return err
	}
	for _, l := range layouts {
		if _, err := f.NewSheet(l.name); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(UnitsSheet); err != nil {
		return err
	}
	if err := w.readme(); err != nil {
		return err
	}
	if err := w.unitList(); err != nil {
		return err
	}
	for _, l := range layouts[1:] { // the organisation sheet is written last
		t, err := w.open(l)
		if err != nil {
			return err
		}
		w.tables[l.typ] = t
	}
	return nil
}

// open starts the stream of a sheet of events: widths, the frozen header.
func (w *Writer) open(l layout) (*table, error) {
	sw, err := w.f.NewStreamWriter(l.name)
	if err != nil {
		return nil, err
	}
	for i, c := range l.columns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(l.columns))
	for i, c := range l.columns {
		head[i] = excelize.Cell{StyleID: w.header, Value: c.header}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	return &table{layout: l, sw: sw, row: 1}, nil
}

// Add writes the row of e in the sheet of its type. Corrections
// (deduction_waived, retracted) and the platform's events have no sheet:
// they are an error.
func (w *Writer) Add(e *event.Event) error {
	if w.done {
		return fmt.Errorf("centrebook: add after write")
	}
	if e.Type == event.OrgAssessed {
		if _, ok := w.reg.Lookup(e.UnitID); !ok {
			return fmt.Errorf("centrebook: event %s: unit %q is not in the registry", e.ID, e.UnitID)
		}
		w.orgs = append(w.orgs, *e)
		return nil
	}
	t, ok := w.tables[e.Type]
	if !ok {
		return fmt.Errorf("centrebook: event %s: a %s is not recorded in the workbook", e.ID, e.Type)
	}
	cells, err := w.cells(t.layout, e)
	if err != nil {
		return fmt.Errorf("centrebook: event %s: %w", e.ID, err)
	}
	t.row++
	return t.sw.SetRow("A"+strconv.Itoa(t.row), cells)
}

// cells are the cells of the row of e, column by column.
func (w *Writer) cells(l layout, e *event.Event) ([]any, error) {
	out := make([]any, 0, len(l.columns))
	for _, c := range l.columns {
		v, err := w.cell(c, e)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// cell is the value of column c of the row of e: nil when blank.
func (w *Writer) cell(c column, e *event.Event) (any, error) {
	switch c.header {
	case "工单编号":
		return blankable(e.TicketID), nil
	case "单位":
		return w.unitName(e.UnitID)
	case "改由单位":
		if e.ToUnitID == "" {
			return nil, nil
		}
		return w.unitName(e.ToUnitID)
	case "申诉编号":
		return blankable(e.AppealID), nil
	}
	switch c.kind {
	case instant:
		return w.time(e.At), nil
	case meeting:
		return label(MeetingLabels, "meeting", e.Meeting)
	case criticism:
		return label(CriticismLabels, "reason", e.Reason)
	case redo:
		return label(RedoLabels, "reason", e.Reason)
	}
	return nil, fmt.Errorf("column %s: no value for a %s", c.header, e.Type)
}

// time is the date-time cell of t.
func (w *Writer) time(t time.Time) excelize.Cell {
	return excelize.Cell{StyleID: w.dates, Value: sheet.Serial(t, w.opt.Location)}
}

// unitName is the name written for the unit of id.
func (w *Writer) unitName(id string) (any, error) {
	u, ok := w.reg.Lookup(id)
	if !ok {
		return nil, fmt.Errorf("unit %q is not in the registry", id)
	}
	return w.opt.UnitName(u), nil
}

// label is the Chinese of value v of field, nil when v is empty.
func label(labels map[string]string, field, v string) (any, error) {
	if v == "" {
		return nil, nil
	}
	l, ok := labels[v]
	if !ok {
		return nil, fmt.Errorf("%s %q has no label", field, v)
	}
	return l, nil
}

// blankable is s, or nil (a blank cell) when empty.
func blankable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Write finishes the workbook, writes it to out and releases the Writer.
func (w *Writer) Write(out io.Writer) error {
	if w.done {
		return fmt.Errorf("centrebook: written twice")
	}
	w.done = true
	defer w.f.Close()
	if err := w.finish(); err != nil {
		return fmt.Errorf("centrebook: %w", err)
	}
	if _, err := w.f.WriteTo(out); err != nil {
		return fmt.Errorf("centrebook: write %s: %w", FileName, err)
	}
	return nil
}

// finish writes the organisation sheet, adds the validations and closes
// the streams.
func (w *Writer) finish() error {
	org, err := w.open(layouts[0])
	if err != nil {
		return err
	}
	if err := w.writeOrgs(org); err != nil {
		return err
	}
	all := append([]*table{org}, w.ordered()...)
	for _, t := range all {
		if err := w.validate(t.layout); err != nil {
			return fmt.Errorf("sheet %s: %w", t.name, err)
		}
		if err := t.sw.Flush(); err != nil {
			return fmt.Errorf("sheet %s: %w", t.name, err)
		}
	}
	if err := w.f.SetSheetVisible(UnitsSheet, false); err != nil {
		return err
	}
	w.f.SetActiveSheet(0)
	return nil
}

// ordered lists the streamed tables in workbook order.
func (w *Writer) ordered() []*table {
	var out []*table
	for _, l := range layouts[1:] {
		out = append(out, w.tables[l.typ])
	}
	return out
}

// writeOrgs writes the organisation sheet: a row for every unit in
// registry order, filled with its first assessment when it has one, then
// the unit's later assessments (another year's) in the order given.
func (w *Writer) writeOrgs(t *table) error {
	first := map[string]int{}
	for i, e := range w.orgs {
		if _, ok := first[e.UnitID]; !ok {
			first[e.UnitID] = i
		}
	}
	row := func(u unit.Unit, e *event.Event) error {
		cells := []any{u.ID, u.Name, nil, nil, nil, nil}
		if e != nil {
			cells[2] = w.time(e.At)
			cells[3] = e.Leadership.InexactFloat64()
			cells[4] = e.Staffing.InexactFloat64()
			if e.HasStaffCount {
				cells[5] = e.StaffCount
			}
		}
		t.row++
		return t.sw.SetRow("A"+strconv.Itoa(t.row), cells)
	}
	for _, u := range w.reg.Units() {
		var e *event.Event
		if i, ok := first[u.ID]; ok {
			e = &w.orgs[i]
		}
		if err := row(u, e); err != nil {
			return err
		}
	}
	for i := range w.orgs {
		e := &w.orgs[i]
		if first[e.UnitID] == i {
			continue
		}
		u, _ := w.reg.Lookup(e.UnitID)
		if err := row(u, e); err != nil {
			return err
		}
	}
	return nil
}

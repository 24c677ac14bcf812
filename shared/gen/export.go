package gen

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/centrebook"
	"github.com/shizhong/hotline/shared/importer/mappings"
	"github.com/shizhong/hotline/shared/unit"
)

// Format is what WriteExport writes.
type Format string

// The formats of `hotline gen --format`.
const (
	JSONL Format = "jsonl" // units.yaml and events.jsonl, as Write
	XLSX  Format = "xlsx"  // the platform's export as 平台导出.xlsx
	CSV   Format = "csv"   // the platform's export as 工单明细.csv and 回访明细.csv, GB18030
)

// ParseFormat reads a Format.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case JSONL, XLSX, CSV:
		return f, nil
	}
	return "", fmt.Errorf("format %q must be jsonl, xlsx or csv", s)
}

// The files of the export formats (docs/import.md, "The shapes hotline gen
// writes").
const (
	UnitsFile    = "units.yaml"
	EventsFile   = "events.jsonl"
	PlatformFile = "平台导出.xlsx"
	MappingFile  = "mapping.yaml"
	OrdersTable  = "工单明细" // the sheet (and its continuations) or the csv file
	CallsTable   = "回访明细"
)

// streamExport draws the export's untidiness (aliases, variants, spaces),
// apart from the events so that they stay as Write writes them.
const streamExport = 0x2545f4914f6cdd1d

// ExportStats counts what WriteExport wrote.
type ExportStats struct {
	Stats
	Orders    int      // rows of 工单明细: one per assigned
	Callbacks int      // rows of 回访明细: one per callback
	Records   int      // rows of events in 中心记录.xlsx
	Left      int      // events not exported: corrections, the events retracted, later replies
	Files     []string // the files written, in dir
}

// WriteExport writes the district of cfg into dir in the given format. For
// JSONL it is Write into units.yaml and events.jsonl. For XLSX and CSV it
// writes what the platform and the centre would hand over instead
// (docs/import.md): units.yaml with the aliases the export uses; the
// platform's export, one row per assignment and one per callback attempt;
// 中心记录.xlsx with the centre's records; and mapping.yaml, the mapping that
// reads the export (gen-platform.yaml). Corrections (deduction_waived,
// retracted) and the events retracted are left out, as are the replies
// after an assignment's first: imported, the export scores as the JSON
// Lines do with the corrections left out. It streams: memory holds one
// ticket's events at a time.
func WriteExport(cfg Config, dir string, format Format, progress func(tickets int)) (ExportStats, error) {
	var st ExportStats
	if _, err := ParseFormat(string(format)); err != nil {
		return st, fmt.Errorf("gen: %w", err)
	}
	if format == JSONL {
		return writeJSONL(cfg, dir, progress)
	}
	r, err := start(cfg)
	if err != nil {
		return st, err
	}
	cfg = r.cfg
	noise := rand.New(rand.NewPCG(cfg.Seed, streamExport))
	reg, err := unit.NewRegistry(withAliases(r.d.units, noise))
	if err != nil {
		return st, fmt.Errorf("gen: %w", err)
	}
	if err := writeFile(dir, UnitsFile, &st, func(w *os.File) error { return reg.Encode(w) }); err != nil {
		return st, err
	}
	if err := writeFile(dir, MappingFile, &st, func(w *os.File) error { _, err := w.Write(mappings.GenPlatform); return err }); err != nil {
		return st, err
	}
	x, err := newExporter(cfg, reg, noise)
	if err != nil {
		return st, err
	}
	defer x.abort()
	var finish func() error
	switch format {
	case XLSX:
		finish, err = x.openXLSX(dir, &st)
	case CSV:
		finish, err = x.openCSV(dir, &st)
	}
	if err != nil {
		return st, err
	}
	r.g.sink = x.take
	st.Tickets, err = r.tickets(func() error { return x.err }, progress)
	if err != nil {
		return st, err
	}
	if err := x.end(); err != nil {
		return st, err
	}
	if err := finish(); err != nil {
		return st, err
	}
	if err := writeFile(dir, centrebook.FileName, &st, func(w *os.File) error { return x.centre.Write(w) }); err != nil {
		return st, err
	}
	x.centre = nil
	st.Units, st.Events = reg.Len(), r.g.events
	st.Orders, st.Callbacks, st.Records, st.Left = x.orders, x.callbacks, x.records, x.left
	return st, nil
}

// writeJSONL is Write into the files of dir.
func writeJSONL(cfg Config, dir string, progress func(int)) (ExportStats, error) {
	var st ExportStats
	uf, err := os.Create(filepath.Join(dir, UnitsFile))
	if err != nil {
		return st, err
	}
	defer uf.Close()
	ef, err := os.Create(filepath.Join(dir, EventsFile))
	if err != nil {
		return st, err
	}
	defer ef.Close()
	bw := bufio.NewWriterSize(ef, 1<<20)
	if st.Stats, err = Write(cfg, uf, bw, progress); err != nil {
		return st, err
	}
	if err := bw.Flush(); err != nil {
		return st, err
	}
	if err := ef.Close(); err != nil {
		return st, err
	}
	if err := uf.Close(); err != nil {
		return st, err
	}
	st.Files = []string{UnitsFile, EventsFile}
	return st, nil
}

// writeFile creates dir/name and writes it with write.
func writeFile(dir, name string, st *ExportStats, write func(*os.File) error) error {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("gen: write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	st.Files = append(st.Files, name)
	return nil
}

// The tables of the platform's export.
func exportTables(cfg Config) (orders, calls tableSpec) {
	first := calendar.MonthFromIndex(cfg.Month.Index() - cfg.Months + 1)
	last := cfg.Month.End(cfg.Location).Add(-time.Second)
	exported := calendar.MonthFromIndex(cfg.Month.Index() + 2).Start(cfg.Location).Add(9 * time.Hour)
	note := "导出时间：" + exported.Format(csvTime) + "　　统计时段：" +
		first.Start(cfg.Location).Format("2006/1/2") + " 至 " + last.Format("2006/1/2")
	orders = tableSpec{
		name: OrdersTable, title: "12345政务服务便民热线工单明细表", note: note,
		headers: []string{"序号", "工单编号", "来源渠道", "诉求类别", "承办单位", "派单时间", "办理时限",
			"回退时间", "回退原因", "是否不合规退回", "是否已联系群众", "退回驳回时间", "驳回原因", "督办时间", "办结时间"},
		widths: []float64{8, 16, 18, 14, 22, 19, 19, 19, 24, 10, 10, 19, 20, 19, 19},
	}
	calls = tableSpec{
		name: CallsTable, title: "12345政务服务便民热线回访明细表", note: note,
		headers: []string{"序号", "工单编号", "承办单位", "回访时间", "是否接通", "办理结果满意度", "服务过程满意度"},
		widths:  []float64{8, 16, 22, 19, 10, 14, 14},
	}
	return orders, calls
}

// openXLSX starts 平台导出.xlsx; finish writes it.
func (x *exporter) openXLSX(dir string, st *ExportStats) (finish func() error, err error) {
	f := excelize.NewFile()
	x.closers = append(x.closers, f.Close)
	styles, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", OrdersTable); err != nil {
		return nil, err
	}
	orders, calls := exportTables(x.cfg)
	x.ordersT = &xlsxTable{spec: orders, f: f, loc: x.cfg.Location, styles: styles}
	x.callsT = &xlsxTable{spec: calls, f: f, loc: x.cfg.Location, styles: styles}
	return func() error {
		if err := x.ordersT.close(); err != nil {
			return err
		}
		if err := x.callsT.close(); err != nil {
			return err
		}
		f.SetActiveSheet(0)
		return writeFile(dir, PlatformFile, st, func(w *os.File) error { _, err := f.WriteTo(w); return err })
	}, nil
}

// openCSV starts 工单明细.csv and 回访明细.csv; finish closes them.
func (x *exporter) openCSV(dir string, st *ExportStats) (finish func() error, err error) {
	orders, calls := exportTables(x.cfg)
	var files []*os.File
	for _, name := range []string{orders.name, calls.name} {
		f, err := os.Create(filepath.Join(dir, name+".csv"))
		if err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		x.closers = append(x.closers, f.Close)
		files = append(files, f)
	}
	if x.ordersT, err = newCSVTable(files[0], orders, x.cfg.Location); err != nil {
		return nil, err
	}
	if x.callsT, err = newCSVTable(files[1], calls, x.cfg.Location); err != nil {
		return nil, err
	}
	return func() error {
		for i, t := range []table{x.ordersT, x.callsT} {
			if err := t.close(); err != nil {
				return fmt.Errorf("gen: write %s: %w", files[i].Name(), err)
			}
			if err := files[i].Close(); err != nil {
				return fmt.Errorf("gen: %w", err)
			}
			st.Files = append(st.Files, filepath.Base(files[i].Name()))
		}
		return nil
	}, nil
}

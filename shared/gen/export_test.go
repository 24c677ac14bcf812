package gen

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shizhong/hotline/shared/centrebook"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/importer/mappings"
	"github.com/shizhong/hotline/shared/sheet"
	"github.com/shizhong/hotline/shared/unit"
)

// export writes cfg in format into a new folder.
func export(t testing.TB, cfg Config, format Format) (string, ExportStats) {
	t.Helper()
	dir := t.TempDir()
	st, err := WriteExport(cfg, dir, format, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

// fact is what a row of the export says of one event, for comparing with
// the JSON Lines: type, ticket, unit and instant.
type fact struct {
	typ          event.Type
	ticket, unit string
	at           string
}

func (f fact) String() string { return fmt.Sprintf("%s %s %s %s", f.typ, f.ticket, f.unit, f.at) }

const factTime = "2006-01-02 15:04:05"

// platformFacts are the events of the JSON Lines that the platform's export
// must hold: every assigned, returned, return_rejected, supervised and
// callback, and the first reply of each assignment.
func platformFacts(d decoded) []fact {
	var out []fact
	replied := map[string]bool{} // ticket/unit/assignment
	assignment := map[string]int{}
	for _, e := range d.events {
		key := e.TicketID + "/" + e.UnitID
		switch e.Type {
		case event.Assigned:
			assignment[key]++
		case event.Replied:
			k := key + "/" + strconv.Itoa(assignment[key])
			if replied[k] {
				continue
			}
			replied[k] = true
		case event.Returned, event.ReturnRejected, event.Supervised, event.Callback:
		default:
			continue
		}
		out = append(out, fact{e.Type, e.TicketID, e.UnitID, e.At.Format(factTime)})
	}
	return out
}

// trimmed is s without the spaces an export leaves around it.
func trimmed(s string) string { return strings.Trim(s, " \u3000") }

// exportReader reads rows of the export back into facts.
type exportReader struct {
	t        testing.TB
	reg      *unit.Registry
	spaces   int // cells with a space after them
	variants int // unit cells naming an alias
}

func (r *exportReader) unit(cell string) string {
	r.t.Helper()
	if cell != trimmed(cell) {
		r.spaces++
	}
	u, ok := r.reg.ByName(cell)
	if !ok {
		r.t.Fatalf("unit %q is neither a name nor an alias of units.yaml", cell)
	}
	if trimmed(cell) != u.Name {
		if !slices.Contains(u.Aliases, trimmed(cell)) {
			r.t.Fatalf("unit %q found by id, not name", cell)
		}
		r.variants++
	}
	return u.ID
}

func (r *exportReader) ticket(cell string) string {
	if cell != trimmed(cell) {
		r.spaces++
	}
	return trimmed(cell)
}

// orderFacts are the facts of a row of 工单明细; at reads a time cell.
func (r *exportReader) orderFacts(row []string, at func(string) string) []fact {
	r.t.Helper()
	for len(row) < 15 {
		row = append(row, "")
	}
	ticket, u := r.ticket(row[1]), r.unit(row[4])
	out := []fact{{event.Assigned, ticket, u, at(row[5])}}
	for _, c := range []struct {
		col int
		typ event.Type
	}{{7, event.Returned}, {11, event.ReturnRejected}, {13, event.Supervised}, {14, event.Replied}} {
		if row[c.col] != "" {
			out = append(out, fact{c.typ, ticket, u, at(row[c.col])})
		}
	}
	if row[7] != "" && row[9] != "是" && row[9] != "否" {
		r.t.Fatalf("是否不合规退回 %q", row[9])
	}
	if _, ok := channelValue(row[2]); !ok {
		r.t.Fatalf("来源渠道 %q", row[2])
	}
	return out
}

func (r *exportReader) callFacts(row []string, at func(string) string) fact {
	r.t.Helper()
	for len(row) < 7 {
		row = append(row, "")
	}
	if (row[4] == "是") != (row[5] != "" && row[6] != "") {
		r.t.Fatalf("回访 %q: answers and 是否接通 disagree", row)
	}
	return fact{event.Callback, r.ticket(row[1]), r.unit(row[2]), at(row[3])}
}

func channelValue(label string) (string, bool) {
	for v, l := range channelLabels {
		if l == label {
			return v, true
		}
	}
	return "", false
}

// sortFacts writes facts in order, for comparing.
func sortFacts(fs []fact) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	slices.Sort(out)
	return out
}

// checkTitle checks the title rows, the headers at row 3 and the totals row
// of one sheet or file; it gives the data rows.
func checkTitle(t testing.TB, name string, rows [][]string, spec tableSpec) [][]string {
	t.Helper()
	if len(rows) < 4 {
		t.Fatalf("%s: %d rows", name, len(rows))
	}
	if rows[0][0] != spec.title || !strings.HasPrefix(rows[1][0], "导出时间：") {
		t.Errorf("%s: title rows %q %q", name, rows[0][0], rows[1][0])
	}
	if diff := cmp.Diff(spec.headers, rows[2][:len(spec.headers)]); diff != "" {
		t.Errorf("%s: headers at row 3 (-want +got):\n%s", name, diff)
	}
	last := rows[len(rows)-1]
	data := rows[3 : len(rows)-1]
	if last[0] != "合计" || last[1] != strconv.Itoa(len(data)) {
		t.Errorf("%s: last row %q, want 合计 and %d", name, last, len(data))
	}
	return data
}

func TestExportXLSX(t *testing.T) {
	cfg := testConfig(11, 2000, 2)
	cfg.Location = Shanghai()
	units, events, _ := generate(t, cfg)
	d := decode(t, units, events)
	dir, st := export(t, cfg, XLSX)
	reg, err := unit.Load(filepath.Join(dir, UnitsFile))
	if err != nil {
		t.Fatal(err)
	}
	aliased := 0
	for _, u := range reg.Units() {
		if v, ok := d.reg.Lookup(u.ID); !ok || v.Name != u.Name || v.Group != u.Group {
			t.Fatalf("unit %+v is not the JSON Lines' %+v", u, v)
		}
		aliased += len(u.Aliases)
	}
	if aliased == 0 || aliased > reg.Len()*2/3 {
		t.Errorf("%d aliases for %d units", aliased, reg.Len())
	}

	f, err := excelize.OpenFile(filepath.Join(dir, PlatformFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{OrdersTable, CallsTable}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if cells, _ := f.GetMergeCells(OrdersTable); len(cells) != 2 {
		t.Errorf("%s: %d merged ranges, want the two title rows", OrdersTable, len(cells))
	}
	r := &exportReader{t: t, reg: reg}
	at := func(cell string) string {
		v, err := strconv.ParseFloat(cell, 64)
		if err != nil {
			t.Fatalf("%q is not an Excel serial date", cell)
		}
		return sheet.FromSerial(v, cfg.Location).Format(factTime)
	}
	orders, calls := exportTables(cfg)
	var got []fact
	rows := readSheet(t, f, OrdersTable)
	for _, row := range checkTitle(t, OrdersTable, rows, orders) {
		got = append(got, r.orderFacts(row, at)...)
	}
	rows = readSheet(t, f, CallsTable)
	for _, row := range checkTitle(t, CallsTable, rows, calls) {
		got = append(got, r.callFacts(row, at))
	}
	if diff := cmp.Diff(sortFacts(platformFacts(d)), sortFacts(got)); diff != "" {
		t.Errorf("the export's rows (-JSON Lines +export):\n%s", diff)
	}
	if st.Orders != d.byType[event.Assigned] || st.Callbacks != d.byType[event.Callback] {
		t.Errorf("%d order rows for %d assigned, %d call rows for %d callbacks", st.Orders, d.byType[event.Assigned], st.Callbacks, d.byType[event.Callback])
	}
	n := st.Orders + st.Callbacks
	t.Logf("%d spaces, %d variants in %d rows", r.spaces, r.variants, n)
	if r.spaces < n/200 || r.spaces > n/10 || r.variants < n/100 || r.variants > n/3 {
		t.Errorf("%d spaces and %d variants in %d rows", r.spaces, r.variants, n)
	}
	checkCentre(t, dir, d, reg, cfg)
	mapping, err := os.ReadFile(filepath.Join(dir, MappingFile))
	if err != nil || !bytes.Equal(mapping, mappings.GenPlatform) {
		t.Errorf("mapping.yaml is not gen-platform.yaml (%v)", err)
	}
	_, st2 := export(t, cfg, XLSX)
	if st2.Orders != st.Orders || st2.Records != st.Records {
		t.Errorf("a second export differs: %+v, %+v", st, st2)
	}
}

// readSheet is a sheet's rows, numbers as stored.
func readSheet(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// checkCentre checks that 中心记录.xlsx holds a row for each of the centre's
// events, the retracted one and the corrections left out.
func checkCentre(t testing.TB, dir string, d decoded, reg *unit.Registry, cfg Config) {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(dir, centrebook.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	retracted := map[string]bool{}
	for _, e := range d.events {
		if e.Type == event.Retracted {
			retracted[e.EventID] = true
		}
	}
	want := map[string]int{}
	sheets := map[event.Type]string{
		event.MeetingAbsent: "调度会缺席", event.Criticized: "通报批评", event.SupervisionRejected: "督办不合格",
		event.OverdueReassigned: "超期责任认定", event.UnreasonableApproved: "不合理诉求", event.Redo: "退回重办",
	}
	orgs := 0
	for _, e := range d.events {
		if s, ok := sheets[e.Type]; ok && !retracted[e.ID] {
			want[s]++
		}
		if e.Type == event.OrgAssessed {
			orgs++
		}
	}
	for _, s := range sheets {
		rows := readSheet(t, f, s)
		if got := len(rows) - 1; got != want[s] {
			t.Errorf("%s: %d rows, want %d", s, got, want[s])
		}
		for _, row := range rows[1:] {
			for i, h := range rows[0] {
				if (h == "单位" || h == "改由单位") && i < len(row) && row[i] != "" {
					if _, ok := reg.ByName(row[i]); !ok {
						t.Errorf("%s: unit %q is not in units.yaml", s, row[i])
					}
				}
			}
		}
	}
	rows := readSheet(t, f, centrebook.OrgSheet)
	filled := 0
	for _, row := range rows[1:] {
		if len(row) > 3 && row[3] != "" {
			filled++
		}
	}
	if filled != orgs || len(rows)-1 < reg.Len() {
		t.Errorf("%s: %d rows filled of %d, want %d org_assessed and a row per unit (%d)", centrebook.OrgSheet, filled, len(rows)-1, orgs, reg.Len())
	}
}

func TestExportCSV(t *testing.T) {
	cfg := testConfig(12, 2000, 1)
	cfg.Location = Shanghai()
	units, events, _ := generate(t, cfg)
	d := decode(t, units, events)
	dir, st := export(t, cfg, CSV)
	reg, err := unit.Load(filepath.Join(dir, UnitsFile))
	if err != nil {
		t.Fatal(err)
	}
	r := &exportReader{t: t, reg: reg}
	at := func(cell string) string {
		tm, err := time.ParseInLocation(csvTime, cell, cfg.Location)
		if err != nil {
			t.Fatalf("time %q: %v", cell, err)
		}
		if strings.HasPrefix(cell, "0") || strings.Contains(cell, "/0") {
			t.Fatalf("time %q is zero padded", cell)
		}
		return tm.Format(factTime)
	}
	orders, calls := exportTables(cfg)
	var got []fact
	for _, spec := range []tableSpec{orders, calls} {
		raw, err := os.ReadFile(filepath.Join(dir, spec.name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(raw) {
			t.Fatalf("%s.csv is valid UTF-8, not GB18030", spec.name)
		}
		if n := bytes.Count(raw, []byte("\n")); n != bytes.Count(raw, []byte("\r\n")) {
			t.Errorf("%s.csv: lines end in LF, not CRLF", spec.name)
		}
		text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(text)).ReadAll() // every line as wide as the first
		if err != nil {
			t.Fatalf("%s.csv: %v", spec.name, err)
		}
		for _, row := range checkTitle(t, spec.name, rows, spec) {
			if spec.name == OrdersTable {
				got = append(got, r.orderFacts(row, at)...)
			} else {
				got = append(got, r.callFacts(row, at))
			}
		}
	}
	if diff := cmp.Diff(sortFacts(platformFacts(d)), sortFacts(got)); diff != "" {
		t.Errorf("the export's rows (-JSON Lines +export):\n%s", diff)
	}
	if st.Orders != d.byType[event.Assigned] {
		t.Errorf("%d rows for %d assigned", st.Orders, d.byType[event.Assigned])
	}
	checkCentre(t, dir, d, reg, cfg)
}

func TestExportSplitsSheets(t *testing.T) {
	defer func(n int) { maxSheetRows = n }(maxSheetRows)
	maxSheetRows = 100
	cfg := testConfig(13, 300, 1)
	cfg.Location = Shanghai()
	dir, st := export(t, cfg, XLSX)
	f, err := excelize.OpenFile(filepath.Join(dir, PlatformFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	orders, calls := exportTables(cfg)
	count := map[string]int{}
	serial := map[string]int{}
	for _, sheet := range f.GetSheetList() {
		spec := orders
		if strings.HasPrefix(sheet, CallsTable) {
			spec = calls
		}
		base := spec.name
		if n := strings.TrimPrefix(sheet, base); n != "" && n != strconv.Itoa(1+(count[base]+maxSheetRows-1)/maxSheetRows) {
			t.Errorf("sheet %s after %d rows of %s", sheet, count[base], base)
		}
		data := checkTitle(t, sheet, readSheet(t, f, sheet), spec)
		if len(data) > maxSheetRows || len(data) == 0 {
			t.Errorf("%s: %d rows", sheet, len(data))
		}
		for _, row := range data {
			serial[base]++
			if row[0] != strconv.Itoa(serial[base]) {
				t.Fatalf("%s: 序号 %s, want %d", sheet, row[0], serial[base])
			}
		}
		count[base] += len(data)
	}
	if count[OrdersTable] != st.Orders || count[CallsTable] != st.Callbacks || st.Orders <= 2*maxSheetRows {
		t.Errorf("rows %v, stats %+v", count, st)
	}
	if !slices.Contains(f.GetSheetList(), OrdersTable+"3") {
		t.Errorf("sheets %q: no 工单明细3", f.GetSheetList())
	}
}

// TestExportLabels holds the export's Chinese to what gen-platform.yaml
// reads.
func TestExportLabels(t *testing.T) {
	var m struct {
		Values map[string]map[string]any `yaml:"values"`
	}
	if err := yaml.Unmarshal(mappings.GenPlatform, &m); err != nil {
		t.Fatal(err)
	}
	check := func(field string, labels map[string]any) {
		t.Helper()
		if diff := cmp.Diff(labels, m.Values[field]); diff != "" {
			t.Errorf("values.%s (-written +mapping):\n%s", field, diff)
		}
	}
	channels := map[string]any{}
	for _, v := range event.Channels {
		channels[channelLabels[v]] = v
	}
	check("channel", channels)
	answers := map[string]any{}
	for v, l := range answerLabels {
		answers[l] = v
	}
	check("result", answers)
	check("process", answers)
	for _, field := range []string{"connected", "noncompliant", "citizen_contacted"} {
		check(field, map[string]any{yesNo(true): true, yesNo(false): false})
	}
}

func TestExportJSONL(t *testing.T) {
	cfg := testConfig(5, 2000, 2)
	units, events, _ := generate(t, cfg)
	dir, _ := export(t, cfg, JSONL)
	for name, want := range map[string][]byte{UnitsFile: units, EventsFile: events} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from Write's (%v)", name, err)
		}
	}
	if _, err := WriteExport(cfg, dir, "ods", nil); err == nil {
		t.Error("format ods was accepted")
	}
}

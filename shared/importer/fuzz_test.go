package importer

import (
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/importer/mappings"
)

// FuzzMapping: no mapping file makes Parse panic; one it accepts has a
// source, tables with a header row, and events whose time is a column of
// their table.
func FuzzMapping(f *testing.F) {
	f.Add(mappings.GenPlatform)
	f.Add(mappings.CentreWorkbook)
	f.Add([]byte(minimal))
	f.Add([]byte("source: a\ntables: [{name: x, header_row: 1, columns: {a: {header: A, optional: yes}}, events: [{type: redo, at: a, when: {column: a, equals: 1}, fields: {ticket_id: a, unit_id: {value: u}, reason: a}}]}]\n"))
	f.Add([]byte("values: {channel: {a: [1]}}\n"))
	f.Add([]byte("tables: [{columns: []}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data, shanghai)
		if err != nil {
			return
		}
		if m.Source == "" || len(m.Tables) == 0 {
			t.Fatalf("accepted a mapping without a source or tables: %+v", m)
		}
		for _, tb := range m.Tables {
			if tb.HeaderRow < 1 || len(tb.Events) == 0 {
				t.Fatalf("accepted table %+v", tb)
			}
			for _, e := range tb.Events {
				found := false
				for _, c := range tb.Columns {
					found = found || c.Key == e.At
				}
				if !found {
					t.Fatalf("accepted event %+v whose time is no column", e)
				}
			}
		}
	})
}

// FuzzRow: no row of cells makes the decoder panic; every event it makes
// passes the contract's checks and names the row; every problem names the
// row.
func FuzzRow(f *testing.F) {
	f.Add("T1", "12345热线", "公安分局", "2026/10/9 10:15:00", "46309.4270833333", "2026/10/9 16:00:00", "是", "否", "")
	f.Add("T2", "市长信箱", "文化路街道 ", "46304.4270833333", "2026/10/14 10:15:00", "", "", "", "2026/10/12 9:00:00")
	f.Add("", "其他", "gonganju", "1e308", "-1", "NaN", "1", "0", "2099/12/31 23:59:59")
	f.Fuzz(func(t *testing.T, ticket, channel, unitName, at, due, returned, noncompliant, contacted, replied string) {
		m, err := Parse(mappings.GenPlatform, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		reg := testRegistry(t)
		cells := map[string]string{"工单编号": ticket, "来源渠道": channel, "承办单位": unitName, "派单时间": at, "办理时限": due,
			"回退时间": returned, "是否不合规退回": noncompliant, "是否已联系群众": contacted, "办结时间": replied}
		made, problems := decodeAll(t, m, reg, detail(4, cells))
		for _, e := range made {
			if err := e.Event.Validate(); err != nil || e.Place.Row != 4 || !strings.HasPrefix(e.Event.ID, "imp-") {
				t.Fatalf("made %+v: %v", e, err)
			}
		}
		for _, p := range problems {
			if p.Row != 4 || p.Message == "" {
				t.Fatalf("problem %+v", p)
			}
		}
	})
}

package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/importer/mappings"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// TestShippedMappings: the two mappings the project ships load, with the
// tables and events docs/import.md lists.
func TestShippedMappings(t *testing.T) {
	for _, c := range []struct {
		name   string
		data   []byte
		tables []string
		events int
	}{
		{"gen-platform", mappings.GenPlatform, []string{"工单明细", "回访明细"}, 6},
		{"centre-workbook", mappings.CentreWorkbook, []string{"组织机构建设评分", "调度会缺席", "通报批评", "督办不合格", "超期责任认定", "不合理诉求", "退回重办"}, 7},
	} {
		m, err := Parse(c.data, shanghai)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var names []string
		events := 0
		for _, tb := range m.Tables {
			names = append(names, tb.Name)
			events += len(tb.Events)
		}
		if strings.Join(names, ",") != strings.Join(c.tables, ",") || events != c.events {
			t.Errorf("%s: tables %v with %d events, want %v with %d", c.name, names, events, c.tables, c.events)
		}
	}
}

const minimal = `source: t
time_formats: ["2006/1/2 15:04:05"]
tables:
  - name: 明细
    header_row: 1
    columns: {ticket: 工单编号, unit: 承办单位, at: 派单时间, due: 办理时限, channel: 来源渠道}
    events:
      - type: assigned
        at: at
        fields: {ticket_id: ticket, unit_id: unit, due_at: due, channel: channel}
`

// TestMappingRefused: every problem of a mapping is an error with its line
// and the path of the key, all at once.
func TestMappingRefused(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"unknown key", minimal + "extra: 1\n", "line 11: field extra not found"},
		{"unknown key in a table", strings.Replace(minimal, "header_row: 1", "header_row: 1\n    sheets: x", 1), "field sheets not found"},
		{"bad source", strings.Replace(minimal, "source: t", "source: 平台", 1), `line 1: source: "平台" must be 1 to 32 characters`},
		{"bad zone", "zone: Mars/Olympus\n" + minimal, `line 1: zone: "Mars/Olympus" is not a time zone`},
		{"bad layout", strings.Replace(minimal, `"2006/1/2 15:04:05"`, `"yyyy/m/d"`, 1), `line 2: time_formats[0]: "yyyy/m/d" is not a Go time layout`},
		{"no header row", strings.Replace(minimal, "header_row: 1", "header_row: 0", 1), "line 5: tables[0].header_row: the row of the headers is required"},
		{"unknown type", strings.Replace(minimal, "type: assigned", "type: assignment", 1), `line 8: tables[0].events[0].type: "assignment" is not an event type`},
		{"unknown column", strings.Replace(minimal, "due_at: due", "due_at: deadline", 1), `tables[0].events[0].fields.due_at: "deadline" is not a column of this table`},
		{"field of another type", strings.Replace(minimal, "channel: channel}", "channel: channel, connected: channel}", 1), `assigned has no field "connected"`},
		{"required field missing", strings.Replace(minimal, ", channel: channel}", "}", 1), "assigned requires the field channel"},
		{"bad vocabulary", minimal + "values:\n  channel: {热线: hotline}\n", `line 12: values.channel.热线: "hotline" is not a value of channel`},
		{"column mapping with an unknown key", strings.Replace(minimal, "due: 办理时限", "due: {header: 办理时限, optinal: true}", 1), `unknown key "optinal"`},
		{"at not a column", strings.Replace(minimal, "at: at\n", "at: time\n", 1), `tables[0].events[0].at: the column of the event's time is required`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.yaml), shanghai)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
	if _, err := Parse([]byte(minimal), shanghai); err != nil {
		t.Errorf("the minimal mapping: %v", err)
	}
}

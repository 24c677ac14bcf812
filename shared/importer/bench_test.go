package importer

import (
	"testing"

	"github.com/shizhong/hotline/shared/importer/mappings"
)

// BenchmarkDecodeRow decodes rows of the platform export that make an
// assignment, a return and a reply each (the cost per row of the import,
// the reading of the file aside).
func BenchmarkDecodeRow(b *testing.B) {
	m, err := Parse(mappings.GenPlatform, shanghai)
	if err != nil {
		b.Fatal(err)
	}
	reg := testRegistry(b)
	d := m.NewTableDecoder(&m.Tables[0], reg)
	d.Decode(Row{File: "f", Sheet: "工单明细", Number: 3, Cells: detailHeader})
	row := detail(4, map[string]string{"序号": "1", "工单编号": "T1", "来源渠道": "12345热线", "承办单位": "公安分局", "派单时间": "46304.4270833333",
		"办理时限": "2026/10/14 10:15:00", "回退时间": "2026/10/9 16:00:00", "回退原因": "非本单位职责", "是否不合规退回": "否", "办结时间": "2026/10/12 9:00:00"})
	events := 0
	for b.Loop() {
		made, problems := d.Decode(row)
		if len(problems) > 0 {
			b.Fatal(problems)
		}
		events += len(made)
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/shizhong/hotline/shared/score"
)

// withDeductions is the monthly result with 300 more towns of n/300
// deductions each: a city-scale 扣分明细.
func withDeductions(n int) *score.Result {
	r := monthly()
	base := r.Units[0]
	for u := range 300 {
		x := base
		x.UnitID, x.Name, x.Deductions = fmt.Sprintf("u%03d", u), fmt.Sprintf("单位%03d街道", u), nil
		for d := range n / 300 {
			id := fmt.Sprintf("T-2026-10-%07d", u*1000+d)
			x.Deductions = append(x.Deductions, score.Deduction{TicketID: id, EventID: id + "-1",
				Rule: score.RuleOverdue, Points: score.MustPoints("0.5"), At: at("2026-10-20T08:00:00Z")})
		}
		r.Units = append(r.Units, x)
	}
	return r
}

// BenchmarkWriteXLSX writes a workbook of 100,000 deductions (1.3 million
// cells in 扣分明细).
func BenchmarkWriteXLSX(b *testing.B) {
	r := withDeductions(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

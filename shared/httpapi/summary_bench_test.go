package httpapi_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// BenchmarkRankingSummary serves the summary view of each group, gzip-
// compressed, and reports its size (issue 14's budgets: a district's ≤ 8 kB,
// a Beijing group's ≤ 150 kB) beside that of the full body. The month is the
// 42-unit district of benchAPI, or the ranking JSON of HOTLINE_RANKING_BODY
// (`hotline score --format json` of any month, e.g. a Beijing-scale one of
// `hotline gen --tickets 2000000`), stored as October's version.
func BenchmarkRankingSummary(b *testing.B) {
	a := benchAPI(b)
	if path := os.Getenv("HOTLINE_RANKING_BODY"); path != "" {
		body, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.store.PutResult(context.Background(), store.Result{Header: store.Header{Period: "2026-10", Policy: "shizhong-2022-7", Fingerprint: "bench", ComputedAt: time.Now()}, Body: body}); err != nil {
			b.Fatal(err)
		}
		a = newAPIOver(b, a.store, a.reg) // a new cache: the stored body is the latest
	}
	for _, g := range append([]unit.Group{""}, unit.Groups...) {
		name := string(g)
		path, fullPath := "/v1/months/2026-10/ranking?view=summary", "/v1/months/2026-10/ranking"
		if g != "" {
			path += "&group=" + name
			fullPath += "?group=" + name
		} else {
			name = "all"
		}
		b.Run(name, func(b *testing.B) {
			plain := a.get(path)
			full := a.get(fullPath, "Accept-Encoding", "gzip")
			var gz int
			for b.Loop() {
				rec := a.get(path, "Accept-Encoding", "gzip")
				gz = rec.Body.Len()
			}
			b.ReportMetric(float64(gz), "gzip-bytes")
			b.ReportMetric(float64(plain.Body.Len()), "plain-bytes")
			b.ReportMetric(float64(full.Body.Len()), "full-gzip-bytes")
		})
	}
}

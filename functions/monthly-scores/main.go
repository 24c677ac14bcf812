// Command monthly-scores is the month-end Lambda function. EventBridge
// Scheduler invokes it on the 1st of each month (Asia/Shanghai) with {} to
// compute the previous month, unless it is final; invoked with
// {"month": "2026-10"}, {"year": "2026"} or {"finalize": "2026-10"} it
// computes a period again or finalises it. Each version is published to S3
// (ranking JSON, xlsx report, latest.json) and announced on SNS when a topic
// is configured. It only wires: see shared/cloud/scoring.
package main

import (
	"log/slog"
	"os"

	"github.com/shizhong/hotline/shared/cloud/scoring"
)

func main() {
	if err := scoring.ServeMonthly(); err != nil {
		slog.Error("monthly-scores cannot start", "error", err)
		os.Exit(1)
	}
}

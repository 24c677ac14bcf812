// Command monthly-scores is the month-end Lambda function. EventBridge
// Scheduler invokes it daily at 00:05 (Asia/Shanghai) with {}: on the 1st
// it computes the previous month, unless it is final, and every day it
// makes final every month whose appeal window has closed with no open
// appeal (SPEC §12, appeals.auto_finalize); invoked with
// {"month": "2026-10"}, {"year": "2026"} or {"finalize": "2026-10"} it
// computes a period again or finalises it (shared/monthend). Each version is
// published to S3 (ranking JSON, xlsx report, latest.json) and announced on
// SNS when a topic is configured.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/monthend"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/publish"
)

func main() {
	if err := run(context.Background()); err != nil {
		slog.Error("monthly-scores cannot start", "error", err)
		os.Exit(1)
	}
}

// run builds the clients once per cold start, then answers requests until
// the function stops.
func run(ctx context.Context) error {
	cfg, err := cloud.MonthlyConfigFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	pol, err := policy.LoadOrBuiltin(cfg.Policy)
	if err != nil {
		return fmt.Errorf("%s: %w", cloud.EnvPolicy, err)
	}
	aws, err := cloud.AWS(ctx)
	if err != nil {
		return err
	}
	// The month end reads hundreds of pages at once: BatchRetryer.
	st := cloud.Store(aws, cfg.Table, cfg.Location, cloud.BatchRetryer)
	cal := calendar.New(cfg.Location)
	svc, err := compute.New(st, pol, cal)
	if err != nil {
		return fmt.Errorf("%s and %s: %w", cloud.EnvPolicy, cloud.EnvTimezone, err)
	}
	p := &publish.Publisher{Objects: publish.NewS3(aws, cfg.Bucket), Bucket: cfg.Bucket, Prefix: cfg.Prefix, Appeals: st} // Appeals: the workbook's 申诉处理
	if cfg.TopicARN != "" {
		if p.Topic, err = publish.NewSNS(aws, cfg.TopicARN); err != nil {
			return fmt.Errorf("%s: %w", cloud.EnvTopicARN, err)
		}
	}
	h := &monthend.Handler{
		Service: svc, Publisher: p, Now: time.Now, Log: cloud.Logger(),
		Cycle:        &cycle.Cycle{Store: st, Appeals: st, Calendar: cal, Days: pol.Appeals.WindowWorkingDays},
		AutoFinalize: pol.Appeals.AutoFinalize,
	}
	lambda.Start(h.Handle)
	return nil
}

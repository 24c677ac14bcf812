package scoring

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/cloud/awshttp"
	"github.com/shizhong/hotline/shared/cloud/rules"
	"github.com/shizhong/hotline/shared/publish"
)

// NewHandler wires the month-end handler: the store, the compute service,
// the S3 bucket and, when configured, the SNS topic.
func NewHandler(cfg Config, aws awshttp.Config, log *slog.Logger) (*Handler, error) {
	svc, err := rules.Service(cloud.StoreWith(aws, cfg.Table, cfg.Location, cloud.BatchRetryer), cfg.Policy, cfg.Location)
	if err != nil {
		return nil, err
	}
	p := &publish.Publisher{Objects: publish.NewS3(aws, cfg.Bucket), Bucket: cfg.Bucket, Prefix: cfg.Prefix}
	if cfg.TopicARN != "" {
		topic, err := publish.NewSNS(aws, cfg.TopicARN)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvTopicARN, err)
		}
		p.Topic = topic
	}
	return &Handler{Service: svc, Publisher: p, Now: time.Now, Log: log}, nil
}

// ServeMonthly is the whole main of the month-end function: configuration,
// clients, then lambda.Start with Handler.Handle. It returns only when the
// function cannot start, with the reason.
func ServeMonthly() error {
	cfg, err := ConfigFromEnv(os.Getenv)
	aws, awsErr := awshttp.FromEnv(os.Getenv)
	if err := errors.Join(err, awsErr); err != nil {
		return err
	}
	h, err := NewHandler(cfg, aws, cloud.Logger())
	if err != nil {
		return err
	}
	lambda.Start(h.Handle)
	return nil
}

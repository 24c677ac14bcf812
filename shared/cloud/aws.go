package cloud

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/shizhong/hotline/shared/store/dynamo"
	_ "time/tzdata" // the zone data travels with every binary
)

// AWS is the SDK's configuration as Lambda gives it: the region, the
// function role's credentials, and the endpoint overrides
// AWS_ENDPOINT_URL[_<SERVICE>] (which the tests point at the local
// server). The SDK clients built from it retry with the SDK's standard
// retryer unless a client sets its own (Store).
func AWS(ctx context.Context) (aws.Config, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return aws.Config{}, fmt.Errorf("the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("AWS_REGION is not set (Lambda sets it)")
	}
	return cfg, nil
}

// Store returns the DynamoDB store of table, reading months in loc, with
// the SDK retryer given (dynamo.Retryer for requests, BatchRetryer for the
// month end).
func Store(cfg aws.Config, table string, loc *time.Location, retryer func() aws.Retryer) *dynamo.Store {
	cfg.Retryer = retryer
	return dynamo.New(dynamodb.NewFromConfig(cfg), table, loc)
}

// BatchRetryer is the retryer of the month end: dynamo.RetryOptions'
// bounded attempts and backoff, in the SDK's adaptive mode and without the
// client-side retry quota.
//
// The quota (500 tokens, 5 a retried throttle, 10 a retried timeout) suits
// a request serving one user; a month-end read makes hundreds of calls at
// once (the 32 index partitions of a month in parallel, then its ticket
// items), and a short patch of throttling would drain it and fail the whole
// month, though every call would have succeeded on its next attempts.
// Adaptive mode adds a client-side rate limit that starts unrestricted and
// narrows when DynamoDB throttles (a token bucket following the throttles,
// CUBIC-style), so that a table short of capacity is read at the rate it
// gives instead of by bursts of retries: a month end on a table that is not
// warmed (docs/performance.md) slows, and does not fail.
func BatchRetryer() aws.Retryer {
	return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
		o.StandardOptions = append(o.StandardOptions, dynamo.RetryOptions,
			func(o *retry.StandardOptions) { o.RateLimiter = ratelimit.None })
	})
}

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

// BatchRetryer is dynamo.Retryer without the SDK's client-side retry quota.
// The quota (500 tokens, 5 a retried throttle, 10 a retried timeout) suits
// a request serving one user; a month-end read makes hundreds of calls at
// once, and a short patch of throttling would drain it and fail the whole
// month, though every call would have succeeded on its next attempts. The
// batch keeps the bounded attempts and backoff of dynamo.RetryOptions.
func BatchRetryer() aws.Retryer {
	return retry.NewStandard(dynamo.RetryOptions, func(o *retry.StandardOptions) { o.RateLimiter = ratelimit.None })
}

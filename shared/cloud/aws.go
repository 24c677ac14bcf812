package cloud

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/shizhong/hotline/shared/cloud/awshttp"
	"github.com/shizhong/hotline/shared/store/dynamo"
	_ "time/tzdata" // the zone data travels with every binary
)

// Store returns the DynamoDB store of table, reading months in loc. Its
// SDK client retries throttling and 5xx errors with bounded exponential
// backoff (dynamo.Retryer).
func Store(aws awshttp.Config, table string, loc *time.Location) *dynamo.Store {
	return StoreWith(aws, table, loc, dynamo.Retryer)
}

// StoreWith is Store with the given SDK retryer.
func StoreWith(aws awshttp.Config, table string, loc *time.Location, retryer func() aws.Retryer) *dynamo.Store {
	cfg := aws.SDK("DYNAMODB")
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

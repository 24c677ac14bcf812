package dynamo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Retry policy. The SDK retries each call (throttling, 5xx, connection
// errors) up to MaxAttempts times; on top of it the store retries what a
// successful call left undone — UnprocessedItems, UnprocessedKeys, and the
// items of a cancelled transaction that failed no condition — at most
// maxRounds times. Both wait with exponential backoff and full jitter,
// from backoffBase doubling up to backoffMax.
const (
	MaxAttempts = 8                     // SDK attempts per call, the first included
	backoffBase = 25 * time.Millisecond // first wait
	backoffMax  = 2 * time.Second       // longest wait
	maxRounds   = 10                    // store-level retries of unfinished work
)

// RetryOptions configures the SDK's standard retryer as the store expects:
// MaxAttempts attempts per call, the wait before retry n drawn from
// [0, min(backoffMax, backoffBase·2ⁿ⁻¹)]. Use it as
//
//	dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
//		o.Retryer = retry.NewStandard(dynamo.RetryOptions)
//	})
//
// or with Retryer.
func RetryOptions(o *retry.StandardOptions) {
	o.MaxAttempts = MaxAttempts
	o.MaxBackoff = backoffMax
	o.Backoff = retry.BackoffDelayerFunc(func(attempt int, _ error) (time.Duration, error) {
		return backoff(attempt), nil
	})
}

// Retryer is the SDK retryer the store's client should use (RetryOptions).
func Retryer() aws.Retryer { return retry.NewStandard(RetryOptions) }

// backoff is the wait before retry number attempt (1, 2, …): full jitter
// over an exponentially growing, capped window.
func backoff(attempt int) time.Duration {
	window := backoffMax
	if attempt < 20 {
		window = min(backoffMax, backoffBase<<max(attempt-1, 0))
	}
	return time.Duration(rand.Int64N(int64(window) + 1))
}

// sleep waits before retry number attempt, or until ctx is done.
func sleep(ctx context.Context, attempt int) error {
	t := time.NewTimer(backoff(attempt))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

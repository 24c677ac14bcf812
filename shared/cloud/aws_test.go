package cloud_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

// TestBatchRetryer: the month end's retryer is the SDK's adaptive mode
// (a client-side rate that narrows on throttling), keeps the store's
// bounded attempts, and has no retry quota: a burst of throttles, more
// than the standard quota of 500 tokens pays for, never refuses a retry.
func TestBatchRetryer(t *testing.T) {
	r := cloud.BatchRetryer()
	if _, ok := r.(*retry.AdaptiveMode); !ok {
		t.Fatalf("BatchRetryer is a %T, want the SDK's adaptive mode", r)
	}
	if got := r.MaxAttempts(); got != dynamo.MaxAttempts {
		t.Errorf("MaxAttempts = %d, want dynamo.MaxAttempts = %d", got, dynamo.MaxAttempts)
	}
	throttled := &smithy.GenericAPIError{Code: "ProvisionedThroughputExceededException", Message: "slow down"}
	if !r.IsErrorRetryable(throttled) {
		t.Fatal("a throttle is not retryable")
	}
	for i := range 1000 {
		if _, err := r.GetRetryToken(context.Background(), throttled); err != nil {
			t.Fatalf("retry %d of a throttle refused: %v", i+1, err)
		}
	}
	std := dynamo.Retryer()
	for range 1000 {
		if _, err := std.GetRetryToken(context.Background(), throttled); err != nil {
			return // the request retryer's quota runs out, as it should
		}
	}
	t.Error("the request retryer never ran out of quota: the test does not tell the two apart")
}

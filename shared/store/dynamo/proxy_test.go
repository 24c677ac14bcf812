package dynamo_test

import (
	"testing"

	"github.com/shizhong/hotline/shared/store/dynamo/faultproxy"
)

// newFaults is the fault proxy in front of DynamoDB at target, disturbing a
// share rate of the calls drawn from seed, with the batch faults (half
// unprocessed, cancelled by a conflict) on. A call the proxy itself could
// not forward fails the test.
func newFaults(t testing.TB, target string, seed uint64, rate float64) *faultproxy.Proxy {
	p := faultproxy.New(target, rate, seed)
	p.BatchFaults = true
	t.Cleanup(func() {
		for _, e := range p.Errors() {
			t.Errorf("fault proxy: %s", e)
		}
	})
	return p
}

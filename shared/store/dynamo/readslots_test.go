package dynamo

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// slowQueries is a client whose Query answers an empty page after a pause,
// counting how many are in flight at once; the table has no marker of
// by_assigned (GetItem finds nothing).
type slowQueries struct {
	Client
	now, peak atomic.Int32
}

func (c *slowQueries) GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	return &dynamodb.GetItemOutput{}, nil
}

func (c *slowQueries) Query(ctx context.Context, _ *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	n := c.now.Add(1)
	defer c.now.Add(-1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			break
		}
	}
	select {
	case <-time.After(20 * time.Millisecond):
	case <-ctx.Done():
	}
	return &dynamodb.QueryOutput{}, nil
}

// TestReadSlotsBoundEveryCall: a month end reads many months at once, each
// 16 shards in parallel; over all of them the store has no more than
// readSlots pages in flight, however many calls run.
func TestReadSlotsBoundEveryCall(t *testing.T) {
	c := &slowQueries{}
	s := New(c, "t", time.UTC)
	var wg sync.WaitGroup
	for k := range 12 {
		m := calendar.Month{Year: 2026, Month: time.Month(k + 1)}
		wg.Go(func() {
			if err := s.MonthAssignments(context.Background(), m, func([]event.Brief) error { return nil }); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := c.peak.Load(); p > readSlots {
		t.Errorf("%d queries in flight at once, want at most readSlots = %d", p, readSlots)
	} else if p <= queryPeers {
		t.Errorf("only %d queries in flight at once: the calls did not overlap, so the test shows nothing", p)
	}
}

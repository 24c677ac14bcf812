package dynamo

import (
	"context"
	"sync"
)

// How many calls one store method has in flight at once.
const (
	concurrency = 8  // transactions and batch writes
	readPeers   = 32 // batch reads: a month end reads its ticket items 100 a call
	queryPeers  = 32 // index queries
)

// each runs work for every job on at most n goroutines and hands what the
// workers emit to sink, one value at a time, in the caller's goroutine (so
// sink needs no lock). It stops at the first error of a worker or of sink
// and returns that error.
func each[J, T any](ctx context.Context, n int, jobs []J, work func(ctx context.Context, job J, emit func(T) error) error, sink func(T) error) error {
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		once  sync.Once
		first error
	)
	fail := func(err error) {
		once.Do(func() {
			first = err
			cancel()
		})
	}
	next := make(chan J)
	go func() {
		defer close(next)
		for _, j := range jobs {
			select {
			case next <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	out := make(chan T)
	emit := func(v T) error {
		select {
		case out <- v:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var wg sync.WaitGroup
	for range max(1, min(n, len(jobs))) {
		wg.Go(func() {
			for j := range next {
				if err := work(ctx, j, emit); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	failed := false
	for v := range out {
		if failed {
			continue
		}
		if err := sink(v); err != nil {
			failed = true
			fail(err)
		}
	}
	if first == nil {
		// The feeder may have stopped early because the caller gave up.
		return parent.Err()
	}
	return first
}

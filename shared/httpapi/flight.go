package httpapi

import (
	"context"
	"sync"
)

// flight runs one load per key at a time: callers that ask for a key while
// its load runs wait for that load's answer instead of starting their own
// (the idea of golang.org/x/sync/singleflight, typed).
type flight[T any] struct {
	mu    sync.Mutex
	calls map[string]*flightCall[T]
}

type flightCall[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// do returns the answer of load for key, running it unless a load of key is
// already running. A waiter whose ctx ends stops waiting; the load goes on
// for the others, so load must not depend on the context of its first
// caller.
func (f *flight[T]) do(ctx context.Context, key string, load func() (T, error)) (T, error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]*flightCall[T]{}
	}
	if c, ok := f.calls[key]; ok {
		f.mu.Unlock()
		select {
		case <-c.done:
			return c.val, c.err
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	c := &flightCall[T]{done: make(chan struct{})}
	f.calls[key] = c
	f.mu.Unlock()

	c.val, c.err = load()
	f.mu.Lock()
	delete(f.calls, key)
	f.mu.Unlock()
	close(c.done)
	return c.val, c.err
}

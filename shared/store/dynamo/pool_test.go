package dynamo

import (
	"context"
	"errors"
	"testing"
)

func TestEach(t *testing.T) {
	jobs := make([]int, 100)
	for i := range jobs {
		jobs[i] = i
	}
	square := func(_ context.Context, j int, emit func(int) error) error { return emit(j * j) }
	t.Run("every job, sink in one goroutine", func(t *testing.T) {
		sum := 0 // no lock: the race detector checks the promise
		if err := each(context.Background(), 8, jobs, square, func(v int) error { sum += v; return nil }); err != nil {
			t.Fatal(err)
		}
		if sum != 328350 {
			t.Errorf("sum of squares %d, want 328350", sum)
		}
	})
	t.Run("a worker's error", func(t *testing.T) {
		boom := errors.New("boom")
		err := each(context.Background(), 8, jobs, func(ctx context.Context, j int, emit func(int) error) error {
			if j == 50 {
				return boom
			}
			return emit(j)
		}, func(int) error { return nil })
		if !errors.Is(err, boom) {
			t.Errorf("error %v, want boom", err)
		}
	})
	t.Run("the sink's error stops the work", func(t *testing.T) {
		stop := errors.New("stop")
		calls := 0
		err := each(context.Background(), 8, jobs, square, func(int) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("error %v after %d sink calls, want stop after 1", err, calls)
		}
	})
	t.Run("a cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := each(ctx, 8, jobs, func(ctx context.Context, j int, emit func(int) error) error { return nil }, func(int) error { return nil })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
	t.Run("no jobs", func(t *testing.T) {
		if err := each(context.Background(), 8, nil, square, func(int) error { return nil }); err != nil {
			t.Error(err)
		}
	})
}

package sheet

import "io"

// The least work between two calls of Options.Progress.
const (
	progressBytes = 1 << 20
	progressRows  = 10_000
)

// progress calls Options.Progress at most every step.
type progress struct {
	fn          func(done, total int64)
	total, step int64
	next, last  int64
}

func newProgress(fn func(done, total int64), total, step int64) *progress {
	return &progress{fn: fn, total: total, step: step, next: step, last: -1}
}

// report calls fn when done has gone a step past the last call.
func (p *progress) report(done int64) {
	if p.fn != nil && done >= p.next {
		p.call(done)
		p.next = done + p.step
	}
}

// end calls fn with the final count, unless the last call had it.
func (p *progress) end(done int64) {
	if p.fn != nil && done != p.last {
		p.call(done)
	}
}

func (p *progress) call(done int64) {
	if p.total > 0 && done > p.total {
		p.total = done // the file grew, or its dimension was short
	}
	p.fn(done, p.total)
	p.last = done
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

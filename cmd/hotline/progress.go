package main

import (
	"fmt"
	"io"
	"time"
)

// progressMin is the file size from which reading reports progress.
const progressMin = 64 << 20

// everySecond paces progress output: due is true about once a second.
type everySecond struct{ last time.Time }

func newEverySecond() everySecond { return everySecond{last: time.Now()} }

// due tells whether a second has passed since it last said so (or since
// the start), and starts the next second if it has.
func (e *everySecond) due() bool {
	now := time.Now()
	if now.Sub(e.last) < time.Second {
		return false
	}
	e.last = now
	return true
}

// progress reports on stderr how much of a large file has been read, about
// once a second.
type progress struct {
	r          io.Reader
	name       string
	done, size int64
	pace       everySecond
	w          io.Writer
}

func newProgress(r io.Reader, size int64, name string, w io.Writer) *progress {
	return &progress{r: r, name: name, size: size, w: w, pace: newEverySecond()}
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.pace.due() || err == io.EOF {
		fmt.Fprintf(p.w, "读取 %s: %d / %d MB (%d%%)\n", p.name, p.done>>20, p.size>>20, 100*p.done/p.size)
	}
	return n, err
}

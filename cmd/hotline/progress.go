package main

import (
	"fmt"
	"io"
	"time"
)

// progressMin is the file size from which reading reports progress.
const progressMin = 64 << 20

// progress reports on stderr how much of a large file has been read, about
// once a second.
type progress struct {
	r          io.Reader
	name       string
	done, size int64
	last       time.Time
	w          io.Writer
}

func newProgress(r io.Reader, size int64, name string, w io.Writer) *progress {
	return &progress{r: r, name: name, size: size, w: w, last: time.Now()}
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if now := time.Now(); now.Sub(p.last) >= time.Second || err == io.EOF {
		p.last = now
		fmt.Fprintf(p.w, "读取 %s: %d / %d MB (%d%%)\n", p.name, p.done>>20, p.size>>20, 100*p.done/p.size)
	}
	return n, err
}

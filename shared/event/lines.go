package event

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"
)

// Batch is a run of consecutive events of a JSON Lines input, with the line
// number, the IDKey and the ContentHash of each (computed on the decoding
// goroutines, so that whoever stores the events need not).
type Batch struct {
	Events []Event
	Lines  []int
	Keys   []IDKey
	Hashes []uint64
	// Invalid are the lines of the batch that did not decode; only
	// ReadLinesLenient reports them, ReadLines stops at the first.
	Invalid []*LineError
}

// reset empties b for reuse, making room for n events.
func (b *Batch) reset(n int) {
	if cap(b.Events) < n {
		*b = Batch{Events: make([]Event, 0, n), Lines: make([]int, 0, n), Keys: make([]IDKey, 0, n), Hashes: make([]uint64, 0, n)}
		return
	}
	clear(b.Events)
	*b = Batch{Events: b.Events[:0], Lines: b.Lines[:0], Keys: b.Keys[:0], Hashes: b.Hashes[:0]}
}

const chunkSize = 1 << 20

var utf8BOM = []byte("\ufeff")

// ReadLines reads JSON Lines from r, one event per line (blank lines are
// skipped), decodes them on `workers` goroutines (0: one per CPU) and calls
// fn with each batch in file order, from the calling goroutine. The first
// line that does not decode stops the reading with a *LineError naming the
// file and line; an error from fn stops it too and is returned.
func ReadLines(r io.Reader, name string, workers int, fn func(Batch) error) error {
	return readLines(r, name, workers, false, fn)
}

// ReadLinesLenient is ReadLines that goes on past lines that do not decode,
// reporting them in each batch's Invalid, for loaders that store what is
// valid and list the rest.
func ReadLinesLenient(r io.Reader, name string, workers int, fn func(Batch) error) error {
	return readLines(r, name, workers, true, fn)
}

// chunk is a run of whole lines of the input and the number of its first line.
type chunk struct {
	data      []byte
	firstLine int
	seq       int // 0, 1, 2… in input order
}

// chunker cuts an input into chunks of whole lines on its own goroutine.
type chunker struct {
	chunks  chan chunk
	readErr chan error // the read error, or nil, once the input is done
	pool    sync.Pool
}

// newChunker starts reading r; it stops early when done is closed.
func newChunker(r io.Reader, workers int, done <-chan struct{}) *chunker {
	c := &chunker{chunks: make(chan chunk, workers), readErr: make(chan error, 1)}
	c.pool.New = func() any { return make([]byte, 0, chunkSize) }
	go func() {
		defer close(c.chunks)
		line := 1
		var carry []byte
		for seq := 0; ; seq++ {
			buf := c.pool.Get().([]byte)[:0]
			buf = append(buf, carry...)
			if cap(buf) < len(buf)+chunkSize/2 {
				buf = append(make([]byte, 0, 2*cap(buf)+chunkSize), buf...)
			}
			n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
			if err != nil && !eof {
				c.readErr <- err
				return
			}
			cut := len(buf)
			if !eof {
				cut = bytes.LastIndexByte(buf, '\n') + 1
			}
			carry = append(carry[:0], buf[cut:]...)
			data := buf[:cut]
			if len(data) > 0 {
				select {
				case c.chunks <- chunk{data, line, seq}:
				case <-done:
					c.readErr <- nil
					return
				}
				line += bytes.Count(data, []byte{'\n'})
			}
			if eof {
				c.readErr <- nil
				return
			}
		}
	}()
	return c
}

// release gives a chunk's memory back once its events are decoded.
func (c *chunker) release(ch chunk) {
	c.pool.Put(ch.data[:0]) //nolint:staticcheck // reuse the chunk's memory
}

// decodeChunk decodes the lines of ch into b (emptied first). Without
// lenient it stops at the first line that does not decode and returns its
// *LineError, b holding the events before it.
func decodeChunk(d *Decoder, ch chunk, name string, lenient bool, b *Batch) error {
	b.reset(bytes.Count(ch.data, []byte{'\n'}) + 1)
	line := ch.firstLine
	data := ch.data
	if line == 1 {
		data = bytes.TrimPrefix(data, utf8BOM) // as spreadsheet programs write
	}
	for ; len(data) > 0; line++ {
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		b.Events = append(b.Events, Event{})
		e := &b.Events[len(b.Events)-1]
		if err := d.decodeInto(l, e); err != nil {
			*e = Event{}
			b.Events = b.Events[:len(b.Events)-1]
			lerr := &LineError{File: name, Line: line, Err: err}
			if lenient {
				b.Invalid = append(b.Invalid, lerr)
				continue
			}
			return lerr
		}
		b.Lines = append(b.Lines, line)
		b.Keys = append(b.Keys, e.Key())
		b.Hashes = append(b.Hashes, e.ContentHash())
	}
	return nil
}

func readLines(r io.Reader, name string, workers int, lenient bool, fn func(Batch) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		batch Batch
		err   error
	}
	done := make(chan struct{})
	defer close(done)
	c := newChunker(r, workers, done)
	// order hands the results to the caller in input order: the chunks are
	// taken from c.chunks by one goroutine at a time, and each one's result
	// channel queued at once.
	order := make(chan chan result, 2*workers)
	var take sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d Decoder
			for {
				take.Lock()
				ch, ok := <-c.chunks
				out := make(chan result, 1)
				if ok {
					select {
					case order <- out:
					case <-done:
						ok = false
					}
				}
				take.Unlock()
				if !ok {
					return
				}
				var res result
				res.err = decodeChunk(&d, ch, name, lenient, &res.batch)
				c.release(ch)
				out <- res
			}
		}()
	}
	go func() { wg.Wait(); close(order) }()

	for out := range order {
		res := <-out
		if len(res.batch.Events) > 0 || len(res.batch.Invalid) > 0 {
			if err := fn(res.batch); err != nil {
				return err
			}
		}
		if res.err != nil {
			return res.err
		}
	}
	if err := <-c.readErr; err != nil {
		return &LineError{File: name, Line: 0, Err: err}
	}
	return nil
}

// ReadLinesConcurrent is ReadLines for a caller that stores events from
// many goroutines at once: fn is called on the decoding goroutines, with
// batches in no particular order, and must be safe for concurrent use. A
// batch and its slices are reused once fn returns: fn must not keep them
// (the strings of its events it may keep). The first error stops the
// reading; of the errors met before it stops, the one of the earliest
// batch is returned (a *LineError, or fn's): every batch before it is
// read and given to fn, so that a bad line is the first of the input.
func ReadLinesConcurrent(r io.Reader, name string, workers int, fn func(Batch) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	done := make(chan struct{})
	var stop sync.Once
	c := newChunker(r, workers, done)
	var mu sync.Mutex
	var firstErr error
	firstSeq := -1
	fail := func(seq int, err error) {
		mu.Lock()
		if firstSeq < 0 || seq < firstSeq {
			firstSeq, firstErr = seq, err
		}
		mu.Unlock()
		stop.Do(func() { close(done) })
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d Decoder
			var b Batch
			for ch := range c.chunks {
				mu.Lock()
				after := firstSeq >= 0 && ch.seq > firstSeq
				mu.Unlock()
				if after { // stopped before this chunk: left unread
					c.release(ch)
					continue
				}
				err := decodeChunk(&d, ch, name, false, &b)
				c.release(ch)
				if len(b.Events) > 0 {
					if ferr := fn(b); ferr != nil {
						err = ferr
					}
				}
				if err != nil {
					fail(ch.seq, err)
				}
			}
		}()
	}
	wg.Wait()
	stop.Do(func() { close(done) })
	readErr := <-c.readErr
	if firstErr != nil {
		return firstErr
	}
	if readErr != nil {
		return &LineError{File: name, Line: 0, Err: readErr}
	}
	return nil
}

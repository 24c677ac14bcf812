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

func readLines(r io.Reader, name string, workers int, lenient bool, fn func(Batch) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		batch Batch
		err   error
	}
	type job struct {
		data      []byte
		firstLine int
		out       chan result
	}
	jobs := make(chan job, workers)
	order := make(chan chan result, 2*workers)
	done := make(chan struct{})
	defer close(done)
	readErr := make(chan error, 1)

	pool := sync.Pool{New: func() any { return make([]byte, 0, chunkSize) }}

	go func() { // reader: cuts the input into chunks of whole lines
		defer close(jobs)
		defer close(order)
		line := 1
		var carry []byte
		for {
			buf := pool.Get().([]byte)[:0]
			buf = append(buf, carry...)
			if cap(buf) < len(buf)+chunkSize/2 {
				buf = append(make([]byte, 0, 2*cap(buf)+chunkSize), buf...)
			}
			n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
			if err != nil && !eof {
				readErr <- err
				return
			}
			cut := len(buf)
			if !eof {
				cut = bytes.LastIndexByte(buf, '\n') + 1
			}
			carry = append(carry[:0], buf[cut:]...)
			data := buf[:cut]
			if len(data) > 0 {
				out := make(chan result, 1)
				select {
				case jobs <- job{data, line, out}:
				case <-done:
					return
				}
				select {
				case order <- out:
				case <-done:
					return
				}
				line += bytes.Count(data, []byte{'\n'})
			}
			if eof {
				readErr <- nil
				return
			}
		}
	}()

	for range workers {
		go func() {
			var d Decoder
			for j := range jobs {
				var res result
				n := bytes.Count(j.data, []byte{'\n'}) + 1
				res.batch = Batch{Events: make([]Event, 0, n), Lines: make([]int, 0, n), Keys: make([]IDKey, 0, n), Hashes: make([]uint64, 0, n)}
				line := j.firstLine
				data := j.data
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
					e, err := d.Decode(l)
					if err != nil {
						lerr := &LineError{File: name, Line: line, Err: err}
						if lenient {
							res.batch.Invalid = append(res.batch.Invalid, lerr)
							continue
						}
						res.err = lerr
						break
					}
					res.batch.Events = append(res.batch.Events, e)
					res.batch.Lines = append(res.batch.Lines, line)
					res.batch.Keys = append(res.batch.Keys, e.Key())
					res.batch.Hashes = append(res.batch.Hashes, e.ContentHash())
				}
				pool.Put(j.data[:0]) //nolint:staticcheck // reuse the chunk's memory
				j.out <- res
			}
		}()
	}

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
	if err := <-readErr; err != nil {
		return &LineError{File: name, Line: 0, Err: err}
	}
	return nil
}

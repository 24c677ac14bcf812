package score

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// WriteJSON writes r in the pinned JSON shape of SPEC §8: encoding/json
// with a 2-space indent and a trailing newline, fields in the order of the
// result types, scores as JSON numbers. Lists left nil (units, flags,
// deductions, returned tickets, warnings) are written as [] rather than
// null, as the pinned shape shows them; r itself is not changed. It lives
// here, beside the types, so that what stores results need not link the
// spreadsheet writer of package report.
//
// The units, most of the bytes of a large month (a Beijing month's
// deductions: tens of megabytes), are encoded on every CPU at once, each
// with the indent of its place in the whole, and written between the rest
// of the result encoded alone: the same bytes as one encoding/json Encoder
// over r gives (TestWriteJSONIsOneEncoding), in a fraction of its time on a
// single core, which is all the end of `hotline score` has.
func WriteJSON(w io.Writer, r *Result) error {
	c := withEmptyLists(r)
	units := c.Units
	if len(units) == 0 {
		return encodeIndented(w, c, "")
	}
	parts, err := encodeUnits(units)
	if err != nil {
		return err
	}
	c.Units = []UnitResult{}
	var rest bytes.Buffer
	if err := encodeIndented(&rest, c, ""); err != nil {
		return err
	}
	// "units" is a key of the outer object: its line is the only one that
	// starts with a newline and two spaces and then that key, for a
	// newline inside a JSON string is written \n.
	list := spliced{empty: "\n  \"units\": []", open: "\n  \"units\": [\n    ", between: ",\n    ", close: "\n  ]"}
	err = list.write(w, rest.Bytes(), len(parts), func(i int) ([]byte, error) { return parts[i], nil })
	if err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

// spliced is a list written into the encoding of the value that holds it,
// which was encoded with the list empty: the line empty (a newline, the
// list's indent, its key and []) is replaced by open, the items joined by
// between, and close.
type spliced struct{ empty, open, between, close string }

// write writes enc with the n items item gives in the place of the empty
// list.
func (s spliced) write(w io.Writer, enc []byte, n int, item func(i int) ([]byte, error)) error {
	head, tail, ok := bytes.Cut(enc, []byte(s.empty))
	if !ok {
		return fmt.Errorf("no %q in the encoding", s.empty)
	}
	ew := &errWriter{w: w}
	ew.write(head)
	ew.write([]byte(s.open))
	for i := range n {
		if i > 0 {
			ew.write([]byte(s.between))
		}
		b, err := item(i)
		if err != nil {
			return err
		}
		ew.write(b)
	}
	ew.write([]byte(s.close))
	ew.write(tail)
	return ew.err
}

// encodeUnits encodes each unit as it stands in the result's list: each
// line after the first indented by four spaces, without a newline after
// it; the units shared out among the CPUs in runs.
func encodeUnits(units []UnitResult) ([][]byte, error) {
	parts := make([][]byte, len(units))
	workers := min(runtime.GOMAXPROCS(0), len(units))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := k*len(units)/workers, (k+1)*len(units)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				var b bytes.Buffer
				if err := encodeUnit(&b, &units[i]); err != nil {
					errs[k] = err
					return
				}
				parts[i] = b.Bytes()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// encodeIndented encodes v as WriteJSON does, each line after the first
// starting with prefix.
func encodeIndented(w io.Writer, v any, prefix string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false) // notes and names stay readable: & < > as is
	return enc.Encode(v)
}

// errWriter keeps the first error of a run of writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) write(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

// withEmptyLists returns a copy of r whose nil lists are empty.
func withEmptyLists(r *Result) *Result {
	c := *r
	c.Units = make([]UnitResult, len(r.Units))
	for i, u := range r.Units {
		u.Flags = orEmpty(u.Flags)
		u.Deductions = orEmpty(u.Deductions)
		c.Units[i] = u
	}
	c.ReturnedOverLimit = make([]ReturnedTicket, len(r.ReturnedOverLimit))
	for i, t := range r.ReturnedOverLimit {
		t.Units = orEmpty(t.Units)
		c.ReturnedOverLimit[i] = t
	}
	c.Warnings = orEmpty(r.Warnings)
	return &c
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

package importer

import (
	"runtime"
	"sync"

	"github.com/shizhong/hotline/shared/event"
)

// rowBatch decodes rows of data in batches, on as many goroutines as there
// are processors, each with its own event decoder: at Beijing scale the
// decoding of the rows, not the reading of the file, is the import's cost
// (BenchmarkDecodeRow). The events and problems come out in the rows'
// order, so that the first of two rows of one identity stays the first.
type rowBatch struct {
	d    *TableDecoder
	rows []Row
	decs []event.Decoder // one per worker, kept from batch to batch
	made [][]Made        // by row
	prob [][]Problem     // by row
}

// batchRows is how many rows are decoded at once.
const batchRows = 4096

func newRowBatch(d *TableDecoder) *rowBatch {
	return &rowBatch{d: d, decs: make([]event.Decoder, runtime.GOMAXPROCS(0))}
}

// add holds a row of data, and says when the batch is full.
func (b *rowBatch) add(r Row) bool {
	b.rows = append(b.rows, r)
	return len(b.rows) >= batchRows
}

// decode decodes the rows held, empties the batch, and returns their
// events and problems in order.
func (b *rowBatch) decode() ([]Made, []Problem) {
	n := len(b.rows)
	if n == 0 {
		return nil, nil
	}
	b.made, b.prob = append(b.made[:0], make([][]Made, n)...), append(b.prob[:0], make([][]Problem, n)...)
	workers := min(len(b.decs), (n+255)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				b.made[i], b.prob[i] = b.d.DecodeData(b.rows[i], &b.decs[w])
			}
		}()
	}
	wg.Wait()
	var made []Made
	var problems []Problem
	for i := range n {
		made = append(made, b.made[i]...)
		problems = append(problems, b.prob[i]...)
	}
	b.rows = b.rows[:0]
	return made, problems
}

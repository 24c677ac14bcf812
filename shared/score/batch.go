package score

import (
	"sync"

	"github.com/shizhong/hotline/shared/event"
)

// batchWork is the working memory of AddBatch, reused from batch to batch.
type batchWork struct {
	order   []int32 // indexes of the batch's events, grouped by shard
	fresh   []bool  // by event: new to the ledger
	tickets []ticketRecord
	torder  []int32 // indexes of tickets, grouped by ticket shard
}

var batchWorks = sync.Pool{New: func() any { return new(batchWork) }}

// AddBatch adds the events of a batch read from the file named file, as
// AddHashed would one by one, and may be called from many goroutines at
// once. It takes each shard's lock once for all the batch's events of that
// shard, and reads the slots they will probe before it probes them, so
// that the memory behind them is fetched all together rather than one
// event at a time. A conflict is an error; of several in one batch, the
// one of the lowest line.
func (l *Ledger) AddBatch(b event.Batch, file string) error {
	f := l.file(file)
	w := batchWorks.Get().(*batchWork)
	defer batchWorks.Put(w)
	n := len(b.Events)
	w.order = group(w.order, n, func(i int) int { return seenShardOf(b.Keys[i]) })
	w.fresh = append(w.fresh[:0], make([]bool, n)...)
	var conflict error
	conflictLine := 0
	for lo := 0; lo < n; {
		s := seenShardOf(b.Keys[w.order[lo]])
		hi := lo + 1
		for hi < n && seenShardOf(b.Keys[w.order[hi]]) == s {
			hi++
		}
		ss := &l.seen[s]
		ss.mu.Lock()
		ss.seen.grow(hi - lo)
		var sink uint64
		for _, i := range w.order[lo:hi] {
			sink += ss.seen.peek(b.Keys[i])
		}
		ss.touched += sink
		for _, i := range w.order[lo:hi] {
			v := seenEvent{content: b.Hashes[i], line: uint32(b.Lines[i]), file: f}
			fresh, prev := ss.put(b.Keys[i], v)
			w.fresh[i] = fresh
			if !fresh && prev.content != v.content && (conflict == nil || b.Lines[i] < conflictLine) {
				conflict, conflictLine = l.conflict(b.Events[i].ID, prev, v), b.Lines[i]
			}
		}
		ss.mu.Unlock()
		lo = hi
	}
	if conflict != nil {
		return conflict
	}

	w.tickets = w.tickets[:0]
	var units unitCache
	for i := range b.Events {
		if w.fresh[i] {
			if t, ok := l.keep(&b.Events[i], b.Keys[i], &units); ok {
				w.tickets = append(w.tickets, t)
			}
		}
	}
	m := len(w.tickets)
	w.torder = group(w.torder, m, func(i int) int { return w.tickets[i].shard })
	for lo := 0; lo < m; {
		s := w.tickets[w.torder[lo]].shard
		hi := lo + 1
		for hi < m && w.tickets[w.torder[hi]].shard == s {
			hi++
		}
		ts := &l.shards[s]
		ts.mu.Lock()
		var sink uint64
		for _, i := range w.torder[lo:hi] {
			sink += ts.tickets.peek(&w.tickets[i])
		}
		ts.touched += sink
		for _, i := range w.torder[lo:hi] {
			ts.add(w.tickets[i])
		}
		ts.mu.Unlock()
		lo = hi
	}
	clear(w.tickets) // let go of the strings
	return nil
}

// group returns the indexes 0…n-1 ordered by shard(i), a stable counting
// sort, in order's memory.
func group(order []int32, n int, shard func(i int) int) []int32 {
	var start [numShards + 1]int
	for i := range n {
		start[shard(i)+1]++
	}
	for s := 1; s <= numShards; s++ {
		start[s] += start[s-1]
	}
	if cap(order) < n {
		order = make([]int32, n)
	}
	order = order[:n]
	for i := range n {
		s := shard(i)
		order[start[s]] = int32(i)
		start[s]++
	}
	return order
}

package dynamo

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shizhong/hotline/shared/store"
)

// Store is the store.Store of one DynamoDB table. It is safe for concurrent
// use.
type Store struct {
	client Client
	table  string
	loc    *time.Location // the policy zone: months are read in it
	scope  store.Scope
	large  sync.Map // ticket → true: tickets whose item is full (never reverts)
	// reads bounds the pages in flight over every call at once (readSlots):
	// a month end reads a dozen months side by side, each 16 shards and
	// then its ticket items, and a page held is a megabyte and its items.
	reads chan struct{}
	// assignedIndex is set once the table's marker says that by_assigned
	// holds every assignment (AssignmentsIndexed); it never reverts.
	assignedIndex atomic.Bool
}

var _ store.Store = (*Store)(nil)

// New returns the store kept in table through client, reading months in the
// zone loc (nil means UTC). The table must have the schema CreateTable
// makes. The client should retry as RetryOptions says.
func New(client Client, table string, loc *time.Location) *Store {
	if loc == nil {
		loc = time.UTC
	}
	return &Store{client: client, table: table, loc: loc, scope: store.Scope{Location: loc}, reads: make(chan struct{}, readSlots)}
}

// Close releases nothing: the client belongs to the caller.
func (s *Store) Close() error { return nil }

// readSlots is how many Query and BatchGetItem pages the store reads and
// decodes at once, over all its calls: with queryPeers and readPeers per
// call, a month end of one whole month and eleven in summary would
// otherwise hold some 200 pages (docs/performance.md, "The month end reads
// what it needs").
const readSlots = 64

// read runs fn, a read of one page, its decoding and its handing on, when
// one of the store's read slots is free; it gives up when ctx ends first.
// The slot is held until the page is handed on, so that pages decoded and
// not yet taken count too: no sink of the store's reads calls the store,
// and the functions callers give MonthEvents and MonthAssignments must not
// either (they could wait for a slot their own pages hold).
func (s *Store) read(ctx context.Context, fn func() error) error {
	select {
	case s.reads <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.reads }()
	return fn()
}

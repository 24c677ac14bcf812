package dynamo

import (
	"sync"
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
}

var _ store.Store = (*Store)(nil)

// New returns the store kept in table through client, reading months in the
// zone loc (nil means UTC). The table must have the schema CreateTable
// makes. The client should retry as RetryOptions says.
func New(client Client, table string, loc *time.Location) *Store {
	if loc == nil {
		loc = time.UTC
	}
	return &Store{client: client, table: table, loc: loc, scope: store.Scope{Location: loc}}
}

// Close releases nothing: the client belongs to the caller.
func (s *Store) Close() error { return nil }

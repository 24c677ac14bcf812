package store

import (
	"context"
	"time"
)

// Import is the record of one import of a file through the page or the
// admin route (issue 15): who imported what, when, and what became of it.
// The events themselves are stored as any others, without `recorded_by`
// (an import again by another person stores nothing twice); this record
// says who.
type Import struct {
	ID   string    // imp-<UTC time>-<8 hex>, unique
	At   time.Time // when it was stored
	By   string    // the account, or the signed admin client
	File string    // the file's name, as uploaded
	// Mapping is the source of the mapping that read the file
	// (centre-workbook, or the district's).
	Mapping string
	// Events are the events the rows made, by type (assigned: 1200, …).
	Events map[string]int
	// Stored, Duplicate and Conflict are what the store made of them;
	// Problems the bad rows and sheets, which were not kept.
	Stored, Duplicate, Conflict, Problems int
}

// Imports keeps the records of imports, in the same store as the events.
// A record is never changed or deleted. Every method is safe for
// concurrent use; times are read back in UTC, to the nanosecond.
type Imports interface {
	// PutImport stores a record; an id already taken is ErrExists,
	// wrapped, and nothing changes.
	PutImport(ctx context.Context, rec Import) error
	// RecentImports returns at most limit records, newest first (ties by
	// id, descending); none is an empty list.
	RecentImports(ctx context.Context, limit int) ([]Import, error)
}

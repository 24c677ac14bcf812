package store

import (
	"context"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/fault"
)

// Appeals keeps the appeals of the month's cycle (SPEC v1.1 §12), in the
// same store as the events. Nothing of an appeal is ever deleted: an
// update replaces it by its next state, history included. Every method is
// safe for concurrent use; times are read back in UTC, to the nanosecond.
type Appeals interface {
	// CreateAppeal stores a new appeal. An id already taken is ErrExists
	// (code fault.Conflict), wrapped, and nothing changes: the id names
	// the deduction (appeal.ID), so a deduction is appealed once, also
	// under concurrent filings.
	CreateAppeal(ctx context.Context, a appeal.Appeal) error
	// Appeal returns the appeal of id; ErrNotFound when there is none.
	Appeal(ctx context.Context, id string) (appeal.Appeal, error)
	// MonthAppeals returns every appeal of a month (2026-10), oldest filing
	// first (ties by id); none is an empty list.
	MonthAppeals(ctx context.Context, month string) ([]appeal.Appeal, error)
	// UpdateAppeal replaces the stored appeal of a.ID by a, only while the
	// stored one is still in status from: ErrNotFound when there is none,
	// ErrChanged (code fault.Conflict) when its status is another by now
	// (two people deciding at once: one wins), and nothing changes.
	UpdateAppeal(ctx context.Context, a appeal.Appeal, from appeal.Status) error
}

// ErrChanged is returned, wrapped, when what is updated has changed since
// it was read: a sentinel of code fault.Conflict.
var ErrChanged = fault.New(fault.Conflict, "changed meanwhile")

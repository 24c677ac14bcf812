package store

import (
	"context"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/unit"
)

// Store keeps events, the unit registry and published results durably.
// Every method is safe for concurrent use.
//
// Errors speak the vocabulary of shared/fault: what the store does not hold
// is ErrNotFound (code fault.NotFound), wrapped with what was asked. Any
// other error is a failure of the store itself, which the caller reports as
// fault.Unavailable (try again) and logs.
type Store interface {
	// PutEvents stores valid events idempotently (SPEC §3): an id not yet
	// stored is Stored; the same id with the same content is Duplicate; with
	// different content it is Conflict and nothing changes. The outcomes are
	// in the order of events. On error no outcome is reported: some events
	// may have been written, and the caller must deliver the batch again
	// (which is safe, since writes are idempotent).
	PutEvents(ctx context.Context, events []event.Event) ([]Outcome, error)

	// MonthEvents calls fn, in batches, with every event the assessment of
	// month m reads (see Scope). The same event may come in two batches;
	// callers deduplicate by id (score.Ledger does). fn must not call the
	// store: a store may hold its reads in flight while fn runs.
	MonthEvents(ctx context.Context, m calendar.Month, fn func([]event.Event) error) error

	// MonthAssignments calls fn, in batches, with the summary (event.Brief)
	// of every `assigned` event whose `at` falls in month m, each once:
	// month m in summary, for the staffing rule of a later month
	// (score.Ledger.CountAssignments). It
	// reads the month's own events only, not the histories of its tickets,
	// nor the corrections: a retraction of one of these assignments comes
	// with MonthEvents of the month computed, which reads every correction.
	// fn must not call the store, as in MonthEvents.
	MonthAssignments(ctx context.Context, m calendar.Month, fn func([]event.Brief) error) error

	// Events calls fn, in batches, with every stored event.
	Events(ctx context.Context, fn func([]event.Event) error) error

	// PutUnits replaces the unit registry.
	PutUnits(ctx context.Context, units []unit.Unit) error
	// Units returns the unit registry, in the order it was put; ErrNotFound
	// when none was ever put.
	Units(ctx context.Context) ([]unit.Unit, error)

	// PutResult stores a computed result as the next version of its period
	// and returns it with its version set. A result whose period, policy and
	// input fingerprint equal the latest version's is not stored again: the
	// latest version is returned. Its summary is stored with it.
	PutResult(ctx context.Context, r Result) (Result, error)
	// Result returns version v of a period's result, or the latest when v
	// is 0; ErrNotFound when there is none.
	Result(ctx context.Context, period string, v int) (Result, error)
	// ResultSummary returns version v of a period's result, or the latest
	// when v is 0, with its summary and without its body: what a year
	// computed from its months reads of each, a fraction of the body;
	// ErrNotFound when there is none. A version stored without a summary
	// has a nil Summary.
	ResultSummary(ctx context.Context, period string, v int) (Result, error)
	// Results lists the versions of every period, without their bodies,
	// newest period first and newest version first.
	Results(ctx context.Context) ([]Result, error)
	// Finalize marks the latest version of a period final; ErrNotFound
	// when the period has no version.
	Finalize(ctx context.Context, period string) (Result, error)

	// Close releases the store's resources.
	Close() error
}

// ErrNotFound is returned, wrapped, for what the store does not hold: a
// sentinel of code fault.NotFound, so that both errors.Is(err, ErrNotFound)
// and fault.CodeOf(err) tell it.
var ErrNotFound = fault.New(fault.NotFound, "not found")

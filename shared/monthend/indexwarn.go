package monthend

import (
	"context"
)

// assignmentIndex is a store with a sparse index of the assignments that
// may not yet hold them all (the DynamoDB store's by_assigned before
// `hotline backfill` has run on its table).
type assignmentIndex interface {
	AssignmentsIndexed(ctx context.Context) (bool, error)
}

// warnUnindexed logs at WARN, with the request id, a month end computed on
// a store whose index of the assignments is not known complete: its months
// in summary were then read the slow way (docs/performance.md, "A sparse
// index of the assignments"), which at a large district's scale takes the
// month end past its minute. `hotline backfill --table TABLE`, once, puts
// it right (docs/deploy.md).
func (h *Handler) warnUnindexed(ctx context.Context, period string) {
	ix, ok := h.Service.Store.(assignmentIndex)
	if !ok {
		return
	}
	done, err := ix.AssignmentsIndexed(ctx)
	switch {
	case err != nil:
		h.Log.WarnContext(ctx, "cannot tell whether by_assigned holds every assignment", "period", period,
			"error", err.Error(), "request_id", requestID(ctx))
	case !done:
		h.Log.WarnContext(ctx, "by_assigned is not marked complete: the months in summary were read from by_month, "+
			"about four times the read units; run `hotline backfill --table TABLE` once", "period", period,
			"request_id", requestID(ctx))
	}
}

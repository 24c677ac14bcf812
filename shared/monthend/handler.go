package monthend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/publish"
	"github.com/shizhong/hotline/shared/store"
)

// Handler answers the requests of the month-end function.
type Handler struct {
	Service   *compute.Service
	Publisher *publish.Publisher
	Now       func() time.Time // the clock, read once per request
	Log       *slog.Logger
}

// Summary is the answer of the month-end function: the version computed,
// finalised or found final, and what was published.
type Summary struct {
	Action Action `json:"action"`
	store.Header
	Published   []string `json:"published"` // the keys put, in order
	BottomUnits int      `json:"bottom_units"`
	MessageID   string   `json:"message_id,omitempty"` // of the SNS message
	// Skipped says why nothing was computed or published: "final" when the
	// schedule met a final month.
	Skipped string `json:"skipped,omitempty"`
}

// Handle does what the request in payload asks (Request), then publishes
// the resulting version. Delivered twice, a request computes the same
// version (the input has the same fingerprint) and puts the same objects
// again. The schedule meeting a final month is not an error: it is logged
// and answered with Skipped "final", so the scheduler does not retry.
func (h *Handler) Handle(ctx context.Context, payload json.RawMessage) (Summary, error) {
	start := time.Now()
	req, err := ParseRequest(payload)
	if err == nil {
		var s Summary
		if s, err = h.handle(ctx, req); err == nil {
			msg := "published"
			if s.Skipped != "" {
				msg = "the previous month is final: not recomputed"
			}
			h.Log.InfoContext(ctx, msg, "action", req.Action, "source", req.Source, "period", s.Period,
				"version", s.Version, "final", s.Final, "fingerprint", s.Fingerprint, "published", s.Published,
				"bottom_units", s.BottomUnits, "skipped", s.Skipped, "request_id", requestID(ctx),
				"duration", time.Since(start))
			return s, nil
		}
	}
	h.Log.ErrorContext(ctx, "month-end request failed", "payload", string(payload), "error", err.Error(),
		"request_id", requestID(ctx), "duration", time.Since(start))
	return Summary{}, err
}

// handle computes, finalises or skips, then publishes.
func (h *Handler) handle(ctx context.Context, req Request) (Summary, error) {
	res, err := h.run(ctx, req, h.Now())
	if err != nil && !errors.Is(err, compute.ErrFinal) {
		return Summary{}, err
	}
	s := Summary{Action: req.Action, Header: res.Header, Published: []string{}}
	if err != nil {
		s.Skipped = "final"
		return s, nil
	}
	if req.Action != Finalize {
		h.warnUnknownYears(ctx, res)
	}
	pub, err := h.Publisher.Publish(ctx, res)
	if err != nil {
		return Summary{}, err
	}
	s.Published, s.BottomUnits, s.MessageID = pub.Keys.List(), pub.BottomUnits, pub.MessageID
	return s, nil
}

// run computes or finalises what req asks, as of now.
func (h *Handler) run(ctx context.Context, req Request, now time.Time) (store.Result, error) {
	this := calendar.MonthOf(now, h.Service.Calendar.Location())
	switch req.Action {
	case Scheduled:
		return h.Service.Scheduled(ctx, now)
	case Month, Year:
		if req.Period.First().Index() > this.Index() {
			return store.Result{}, fmt.Errorf("%s %s has not begun", req.Period.Kind(), req.Period)
		}
		return h.Service.Period(ctx, req.Period, now)
	case Finalize:
		r, err := h.Service.Store.Finalize(ctx, req.Period.String())
		if errors.Is(err, store.ErrNotFound) {
			return store.Result{}, fmt.Errorf("finalize %s: no result to finalise; compute it first", req.Period)
		}
		return r, err
	}
	return store.Result{}, fmt.Errorf("unknown action %q", req.Action)
}

// requestID is the Lambda request id of ctx, if any.
func requestID(ctx context.Context) string {
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		return lc.AwsRequestID
	}
	return ""
}

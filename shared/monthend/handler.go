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
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/publish"
	"github.com/shizhong/hotline/shared/store"
)

// Handler answers the requests of the month-end function.
type Handler struct {
	Service   *compute.Service
	Publisher *publish.Publisher
	Now       func() time.Time // the clock, read once per request
	Log       *slog.Logger
	// Cycle, when set, is the month's cycle (SPEC v1.1 §12): a finalize
	// request is refused while the month's appeal window is open or an
	// appeal of it is open, and the schedule, which then runs daily,
	// computes the previous month on the 1st (or on a later day while it
	// has not been published since it ended) and, with AutoFinalize,
	// finalises and publishes every month whose window has closed with no
	// open appeal.
	Cycle        *cycle.Cycle
	AutoFinalize bool // appeals.auto_finalize
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
	// schedule met a final month, "published" when the daily schedule met
	// the previous month published already.
	Skipped string `json:"skipped,omitempty"`
	// Finalized are the months the daily schedule made final and
	// published (auto_finalize), oldest first.
	Finalized []Finalized `json:"finalized,omitempty"`
}

// Finalized is a month the schedule made final, and what it published.
type Finalized struct {
	store.Header
	Published   []string `json:"published"`
	BottomUnits int      `json:"bottom_units"`
	MessageID   string   `json:"message_id,omitempty"`
}

// errPublished is the daily schedule meeting the previous month published
// since it ended: nothing to compute.
var errPublished = errors.New("the previous month is published already")

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
			switch s.Skipped {
			case "final":
				msg = "the previous month is final: not recomputed"
			case "published":
				msg = "the previous month is published already: not recomputed"
			}
			h.Log.InfoContext(ctx, msg, "action", req.Action, "source", req.Source, "period", s.Period,
				"version", s.Version, "final", s.Final, "fingerprint", s.Fingerprint, "published", s.Published,
				"bottom_units", s.BottomUnits, "skipped", s.Skipped, "finalized", len(s.Finalized), "request_id", requestID(ctx),
				"duration", time.Since(start))
			return s, nil
		}
	}
	h.Log.ErrorContext(ctx, "month-end request failed", "payload", string(payload), "error", err.Error(),
		"request_id", requestID(ctx), "duration", time.Since(start))
	return Summary{}, err
}

// handle computes, finalises or skips, then publishes; the schedule then
// auto-finalises.
func (h *Handler) handle(ctx context.Context, req Request) (Summary, error) {
	now := h.Now()
	s, err := h.publishRun(ctx, req, now)
	if err != nil {
		return Summary{}, err
	}
	if req.Action == Scheduled && h.Cycle != nil && h.AutoFinalize {
		if s.Finalized, err = h.autoFinalize(ctx, now); err != nil {
			return Summary{}, err
		}
	}
	return s, nil
}

// publishRun computes, finalises or skips what req asks, then publishes.
func (h *Handler) publishRun(ctx context.Context, req Request, now time.Time) (Summary, error) {
	res, err := h.run(ctx, req, now)
	s := Summary{Action: req.Action, Header: res.Header, Published: []string{}}
	switch {
	case errors.Is(err, compute.ErrFinal):
		s.Skipped = "final"
		return s, nil
	case errors.Is(err, errPublished):
		s.Skipped = "published"
		return s, nil
	case err != nil:
		return Summary{}, err
	}
	if req.Action != Finalize {
		h.warnUnknownYears(ctx, res)
		if req.Action != Year { // the year reads its months' summaries, not their assignments
			h.warnUnindexed(ctx, res.Period)
		}
	}
	pub, err := h.Publisher.Publish(ctx, res)
	if err != nil {
		return Summary{}, err
	}
	s.Published, s.BottomUnits, s.MessageID = pub.Keys.List(), pub.BottomUnits, pub.MessageID
	return s, nil
}

// autoFinalize makes final and publishes every month whose window has
// closed with no open appeal (cycle.AutoFinalize): idempotent, since a
// month made final is not made final again.
func (h *Handler) autoFinalize(ctx context.Context, now time.Time) ([]Finalized, error) {
	done, err := h.Cycle.AutoFinalize(ctx, now)
	out := make([]Finalized, 0, len(done))
	for _, r := range done {
		pub, perr := h.Publisher.Publish(ctx, r)
		if perr != nil {
			return nil, fmt.Errorf("publish the final %s: %w", r.Period, perr)
		}
		h.Log.InfoContext(ctx, "made final after its appeal window", "period", r.Period, "version", r.Version, "published", pub.Keys.List())
		out = append(out, Finalized{Header: r.Header, Published: pub.Keys.List(), BottomUnits: pub.BottomUnits, MessageID: pub.MessageID})
	}
	if err != nil {
		return nil, fmt.Errorf("auto-finalize: %w", err)
	}
	return out, nil
}

// run computes or finalises what req asks, as of now.
func (h *Handler) run(ctx context.Context, req Request, now time.Time) (store.Result, error) {
	this := calendar.MonthOf(now, h.Service.Calendar.Location())
	switch req.Action {
	case Scheduled:
		return h.scheduled(ctx, now)
	case Month, Year:
		if req.Period.First().Index() > this.Index() {
			return store.Result{}, fmt.Errorf("%s %s has not begun", req.Period.Kind(), req.Period)
		}
		return h.Service.Period(ctx, req.Period, now)
	case Finalize:
		var r store.Result
		var err error
		if h.Cycle != nil {
			r, err = h.Cycle.FinalizePeriod(ctx, req.Period, now)
		} else {
			r, err = h.Service.Store.Finalize(ctx, req.Period.String())
		}
		if errors.Is(err, store.ErrNotFound) {
			return store.Result{}, fmt.Errorf("finalize %s: no result to finalise; compute it first", req.Period)
		}
		return r, err
	}
	return store.Result{}, fmt.Errorf("unknown action %q", req.Action)
}

// scheduled is the schedule's computation: the previous month, unless it
// is final (compute.Service.Scheduled). With the cycle the schedule runs
// daily, and computes only on the 1st, or later while the previous month
// has not been published since it ended (the run of the 1st failed): a
// month under appeal changes by the centre's decisions, not by the clock.
func (h *Handler) scheduled(ctx context.Context, now time.Time) (store.Result, error) {
	loc := h.Service.Calendar.Location()
	if h.Cycle != nil && now.In(loc).Day() != 1 {
		m := calendar.MonthOf(now, loc).Prev()
		w, err := h.Cycle.Window(ctx, m)
		if err != nil {
			return store.Result{}, err
		}
		if w.IsPublished() {
			latest, err := h.Service.Store.Result(ctx, m.String(), 0)
			if err != nil {
				return store.Result{}, err
			}
			return latest, errPublished
		}
	}
	return h.Service.Scheduled(ctx, now)
}

// requestID is the Lambda request id of ctx, if any.
func requestID(ctx context.Context) string {
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		return lc.AwsRequestID
	}
	return ""
}

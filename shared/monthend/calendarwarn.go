package monthend

import (
	"context"
	"encoding/json"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
)

// warnUnknownYears logs at WARN each warning of a computed result that names
// a year the calendar does not know (SPEC §4), with the request id. A body
// that is not a result is left to the publisher to refuse.
func (h *Handler) warnUnknownYears(ctx context.Context, res store.Result) {
	var body struct {
		Warnings []string `json:"warnings"`
	}
	if json.Unmarshal(res.Body, &body) != nil {
		return
	}
	for _, w := range score.CalendarWarnings(body.Warnings) {
		h.Log.WarnContext(ctx, "a year the calendar does not know", "period", res.Period, "version", res.Version,
			"warning", w, "request_id", requestID(ctx))
	}
}

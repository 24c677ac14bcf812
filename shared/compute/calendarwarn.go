package compute

import (
	"context"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/score"
)

// warnUnknownYears logs at WARN, when the service has a log, each warning
// of res that names a year the calendar does not know (SPEC §4: it is never
// silent), so that whoever runs the month end sees it without reading the
// result.
func (s *Service) warnUnknownYears(ctx context.Context, period calendar.Period, res *score.Result) {
	if s.Log == nil {
		return
	}
	for _, w := range score.CalendarWarnings(res.Warnings) {
		s.Log.WarnContext(ctx, "a year the calendar does not know", "period", period.String(), "warning", w,
			"known_years", calendar.FormatYears(s.Calendar.KnownYears()))
	}
}

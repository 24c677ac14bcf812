package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/fault"
)

// storedDeduction is what the API reads of a deduction in a stored body
// (SPEC §8 v1.1): the unit's deductions route its event, an appeal the
// rest.
type storedDeduction struct {
	EventID  string      `json:"event_id"`
	Rule     string      `json:"rule"`
	Points   json.Number `json:"points"`
	TicketID string      `json:"ticket_id"`
	Waived   bool        `json:"waived"`
}

// foundDeduction is a deduction found in the latest version of a month.
type foundDeduction struct {
	deduction storedDeduction
	version   int
}

// findDeduction finds the deduction (eventID, rule) of unitID in the latest
// version of month m: 404 when the month has no version or the unit no such
// deduction, 403 when it is another unit's, 409 when it is waived already.
func (s *Server) findDeduction(r *http.Request, m calendar.Month, unitID, eventID, rule string) (foundDeduction, *Error) {
	period := m.String()
	pub, h, err := s.cache.find(r.Context(), period, 0, s.now(r))
	if err != nil {
		if fault.CodeOf(err) == fault.NotFound {
			return foundDeduction{}, &Error{Code: ENotFound, Message: "no version of " + period + " is published"}
		}
		s.cfg.Log.ErrorContext(r.Context(), "store read", slog.String("period", period), slog.String("error", err.Error()))
		return foundDeduction{}, &Error{Code: EUnavailable, Message: "the store could not be read now; try again"}
	}
	b, err := pub.body()
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "stored body", slog.String("period", period), slog.String("error", err.Error()))
		return foundDeduction{}, &Error{Code: EInternal, Message: "internal error"}
	}
	var other string
	for _, u := range b.units {
		var row struct {
			Deductions []storedDeduction `json:"deductions"`
		}
		if err := json.Unmarshal(u.raw, &row); err != nil {
			s.cfg.Log.ErrorContext(r.Context(), "stored unit", slog.String("period", period), slog.String("unit", u.UnitID), slog.String("error", err.Error()))
			return foundDeduction{}, &Error{Code: EInternal, Message: "internal error"}
		}
		for _, d := range row.Deductions {
			if d.EventID != eventID || d.Rule != rule {
				continue
			}
			if u.UnitID != unitID {
				other = u.UnitID
				continue
			}
			if d.Waived {
				return foundDeduction{}, &Error{Code: EConflict, Field: "event_id", Message: "this deduction is waived already in version " + strconv.Itoa(h.Version) + " of " + period, MessageZh: "这项扣分已经核销"}
			}
			return foundDeduction{deduction: d, version: h.Version}, nil
		}
	}
	if other != "" {
		return foundDeduction{}, &Error{Code: EForbidden, Field: "event_id", Message: "the deduction " + rule + " of event " + eventID + " is not your unit's: a unit appeals its own deductions only", MessageZh: "这项扣分不属于本单位，只能申诉本单位的扣分"}
	}
	return foundDeduction{}, &Error{Code: ENotFound, Field: "event_id", Message: "your unit has no deduction " + rule + " of event " + eventID + " in version " + strconv.Itoa(h.Version) + " of " + period}
}

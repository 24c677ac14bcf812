package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// UnitDeductions answers GET /v1/months/{month}/units/{unit}/deductions:
// one unit's month as the public unit route gives it, and beside it the
// event behind each of its deductions (SPEC §8 `event_id`), as stored, so
// that the unit can check every deduction against what was recorded, by
// whom (`recorded_by`) and when.
type UnitDeductions struct {
	UnitMonth // the unit's month, whole or a page of its deductions
	// Events are the events the deductions of Unit name, in the order of
	// the deductions, each once, in the contract's form. A deduction whose
	// event is no longer stored (it cannot be: events are never deleted)
	// or that names none (the satisfaction items) has none here.
	Events []event.Event `json:"events"`
}

// unitDeductions serves GET /v1/months/{month}/units/{unit}/deductions
// [?version=N][&limit=N][&cursor=C] to a person signed in: a unit account
// for its own unit only (403 for another), a centre or admin account for
// any unit.
func (s *Server) unitDeductions(w http.ResponseWriter, r *http.Request, p person) {
	if p.account.Role == account.Unit && p.account.UnitID != r.PathValue("unit") {
		writeError(w, &Error{Code: EForbidden, Field: "unit", Message: "a unit account sees the deductions of its own unit only"})
		return
	}
	found, ok := s.publishedUnit(w, r)
	if !ok {
		return
	}
	h, u := found.header, found.unit
	raw, page, _, perr := found.paged()
	if perr != nil {
		writeError(w, perr)
		return
	}
	var row struct {
		Deductions []storedDeduction `json:"deductions"`
	}
	if err := json.Unmarshal(raw, &row); err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "stored unit", slog.String("period", h.Period), slog.String("unit", u.UnitID), slog.String("error", err.Error()))
		writeError(w, &Error{Code: EInternal, Message: "internal error"})
		return
	}
	events, err := s.deductionEvents(r, found.month, row.Deductions)
	if err != nil {
		s.storeError(w, r, err, "no events of "+h.Period+" are stored")
		return
	}
	writeJSON(w, http.StatusOK, UnitDeductions{
		UnitMonth: UnitMonth{Period: h.Period, Policy: h.Policy, Version: h.Version, Final: h.Final, Unit: raw, DeductionsPage: page},
		Events:    events,
	})
}

// deductionEvents finds the events the deductions name among those the
// assessment of month m reads (store.MonthEvents: every deduction of m is
// made from them), in the order of the deductions, each once.
func (s *Server) deductionEvents(r *http.Request, m calendar.Month, ds []storedDeduction) ([]event.Event, error) {
	want := map[string]int{} // event id -> its place among the deductions
	for _, d := range ds {
		if _, ok := want[d.EventID]; d.EventID != "" && !ok {
			want[d.EventID] = len(want)
		}
	}
	found := make([]event.Event, len(want))
	have := make([]bool, len(want))
	if len(want) > 0 {
		err := s.cfg.Store.MonthEvents(r.Context(), m, func(batch []event.Event) error {
			for _, e := range batch {
				if i, ok := want[e.ID]; ok && !have[i] {
					found[i], have[i] = e, true
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	events := make([]event.Event, 0, len(found))
	for i, e := range found {
		if have[i] {
			events = append(events, e)
		}
	}
	return events, nil
}

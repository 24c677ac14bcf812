package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// History is a unit's months, from the latest version of every published
// month.
type History struct {
	UnitID string         `json:"unit_id"`
	Name   string         `json:"name"`
	Group  unit.Group     `json:"group"`
	Months []HistoryMonth `json:"months"` // oldest first
}

// HistoryMonth is the unit's line of one month.
type HistoryMonth struct {
	Period     string            `json:"period"`
	Version    int               `json:"version"`
	Assessed   bool              `json:"assessed"`
	Rank       *int              `json:"rank"`
	Total      *score.Points     `json:"total"`
	Grade      *score.Grade      `json:"grade"`
	Bottom     bool              `json:"bottom"`
	Escalation *score.Escalation `json:"escalation"`
}

// history serves GET /v1/units/{unit}/history. The unit's name and group are
// those of its latest month, or of the registry when no month has it; a unit
// of neither is not found.
func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("unit")
	if !unit.ValidID(id) {
		writeError(w, errUnitID)
		return
	}
	ix, err := s.cache.versions(r.Context(), s.now(r))
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	out := History{UnitID: id, Months: []HistoryMonth{}}
	for _, h := range latestMonths(ix) {
		p, err := s.cache.body(r.Context(), h)
		if err != nil {
			s.storeError(w, r, err, "")
			return
		}
		b, err := p.body()
		if err != nil {
			s.cfg.Log.ErrorContext(r.Context(), "stored body", slog.String("period", h.Period), slog.String("error", err.Error()))
			writeError(w, &Error{Code: EInternal, Message: "internal error"})
			return
		}
		u, ok := b.unit(id)
		if !ok {
			continue
		}
		out.Name, out.Group = u.Name, u.Group
		out.Months = append(out.Months, HistoryMonth{
			Period: h.Period, Version: h.Version, Assessed: u.Assessed, Rank: u.Rank,
			Total: u.Total, Grade: u.Grade, Bottom: u.Bottom, Escalation: u.Escalation,
		})
	}
	if len(out.Months) == 0 {
		units, err := s.cfg.Store.Units(r.Context())
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.storeError(w, r, err, "")
			return
		}
		i := slices.IndexFunc(units, func(u unit.Unit) bool { return u.ID == id })
		if i < 0 {
			writeError(w, &Error{Code: ENotFound, Field: "unit", Message: "unit " + id + " is neither in the registry nor in a published month", MessageZh: "没有这个单位"})
			return
		}
		out.Name, out.Group = units[i].Name, units[i].Group
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	writeJSON(w, http.StatusOK, out)
}

// latestMonths are the latest versions of the months of the index, oldest
// month first.
func latestMonths(ix *index) []store.Result {
	var out []store.Result
	for _, vs := range ix.byPeriod {
		if vs[0].CalendarPeriod().IsMonth() {
			out = append(out, vs[0])
		}
	}
	slices.SortFunc(out, func(a, b store.Result) int { return strings.Compare(a.Period, b.Period) })
	return out
}

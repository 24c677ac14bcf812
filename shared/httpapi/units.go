package httpapi

import (
	"net/http"

	"github.com/shizhong/hotline/shared/unit"
)

// Units is the unit registry, in its order.
type Units struct {
	Units []unit.Unit `json:"units"` // unit_id, name, group, aliases (absent when none)
}

// units serves GET /v1/units: the stored registry; 404 when none was put.
func (s *Server) units(w http.ResponseWriter, r *http.Request) {
	units, err := s.cfg.Store.Units(r.Context())
	if err != nil {
		s.storeError(w, r, err, "no unit registry is stored")
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, Units{Units: units})
}

package httpapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/shizhong/hotline/shared/unit"
)

// UnitMonth is one unit's month: its row of the ranking with its scores,
// counts, flags and deductions (ticket ids and rules; no citizen data), and
// the version it comes from.
type UnitMonth struct {
	Period  string          `json:"period"`
	Policy  string          `json:"policy"`
	Version int             `json:"version"`
	Final   bool            `json:"final"`
	Unit    json.RawMessage `json:"unit"` // the unit's object of the stored body, as stored
}

// unitMonth serves GET /v1/months/{month}/units/{unit}[?version=N].
func (s *Server) unitMonth(w http.ResponseWriter, r *http.Request) {
	asked, perr := monthPeriod.period(r)
	if perr != nil {
		writeError(w, perr)
		return
	}
	period := asked.String()
	id := r.PathValue("unit")
	if !unit.ValidID(id) {
		writeError(w, &Error{Code: EInvalid, Field: "unit", Message: "unit id " + unit.IDRule})
		return
	}
	q, qerr := parseQuery(r, false)
	if qerr != nil {
		writeError(w, qerr)
		return
	}
	p, h, err := s.cache.find(r.Context(), period, q.version, s.now(r))
	if err != nil {
		s.storeError(w, r, err, notPublished(period, q.version))
		return
	}
	b, err := p.body()
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "stored body", slog.String("period", period), slog.String("error", err.Error()))
		writeError(w, &Error{Code: EInternal, Message: "internal error"})
		return
	}
	u, ok := b.unit(id)
	if !ok {
		writeError(w, &Error{Code: ENotFound, Field: "unit", Message: "unit " + id + " is not in the result of " + period})
		return
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(UnitMonth{Period: h.Period, Policy: h.Policy, Version: h.Version, Final: h.Final, Unit: u.raw}); err != nil {
		writeError(w, &Error{Code: EInternal, Message: "internal error"})
		return
	}
	send(w, r, newVariant(body.Bytes(), p.tag+"-unit-"+id), p.version, h.Final)
}

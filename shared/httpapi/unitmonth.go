package httpapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// UnitMonth is one unit's month: its row of the ranking with its scores,
// counts, flags and deductions (ticket ids and rules; no citizen data), and
// the version it comes from.
type UnitMonth struct {
	Period  string `json:"period"`
	Policy  string `json:"policy"`
	Version int    `json:"version"`
	Final   bool   `json:"final"`
	// Unit is the unit's object of the stored body, as stored, or with
	// only the deductions of the page asked for (page.go).
	Unit json.RawMessage `json:"unit"`
	// DeductionsPage says which of the unit's deductions Unit holds; only
	// when ?limit= or ?cursor= asked for a page.
	DeductionsPage *DeductionsPage `json:"deductions_page,omitempty"`
}

// unitMonth serves GET /v1/months/{month}/units/{unit}[?version=N]
// [&limit=N][&cursor=C].
func (s *Server) unitMonth(w http.ResponseWriter, r *http.Request) {
	found, ok := s.publishedUnit(w, r)
	if !ok {
		return
	}
	h := found.header
	raw, page, tag, perr := found.paged()
	if perr != nil {
		writeError(w, perr)
		return
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(UnitMonth{Period: h.Period, Policy: h.Policy, Version: h.Version, Final: h.Final, Unit: raw, DeductionsPage: page}); err != nil {
		writeError(w, &Error{Code: EInternal, Message: "internal error"})
		return
	}
	send(w, r, newVariant(body.Bytes(), tag), found.pub.version, h.Final)
}

// errUnitID answers a {unit} of the path that is no unit id.
var errUnitID = &Error{Code: EInvalid, Field: "unit", Message: "unit id " + unit.IDRule, MessageZh: "单位编号有误"}

// unitInPeriod is one unit's object in a published version.
type unitInPeriod struct {
	pub    *published
	header store.Header
	month  calendar.Month
	unit   *bodyUnit
	page   pageQuery
}

// paged returns the unit's object, whole or with the page of its
// deductions asked for, what the page holds (nil when whole), and the ETag
// of the answer.
func (f unitInPeriod) paged() (json.RawMessage, *DeductionsPage, string, *Error) {
	tag := f.pub.tag + "-unit-" + f.unit.UnitID
	if !f.page.on {
		return f.unit.raw, nil, tag, nil
	}
	raw, info, perr := f.unit.page(f.page, f.header.Version)
	if perr != nil {
		return nil, nil, "", perr
	}
	return raw, &info, tag + "-" + strconv.Itoa(info.Offset) + "-" + strconv.Itoa(info.Limit), nil
}

// publishedUnit finds the unit of the path's {unit} in the version of the
// path's {month} that ?version= or the page's ?cursor= asks for (the
// latest without either), or answers the error (400 naming the field, 404)
// and returns false.
func (s *Server) publishedUnit(w http.ResponseWriter, r *http.Request) (unitInPeriod, bool) {
	asked, perr := monthPeriod.period(r)
	if perr != nil {
		writeError(w, perr)
		return unitInPeriod{}, false
	}
	period := asked.String()
	id := r.PathValue("unit")
	if !unit.ValidID(id) {
		writeError(w, errUnitID)
		return unitInPeriod{}, false
	}
	q, qerr := parseQuery(r, false)
	if qerr != nil {
		writeError(w, qerr)
		return unitInPeriod{}, false
	}
	pq, perr := parsePage(q)
	if perr != nil {
		writeError(w, perr)
		return unitInPeriod{}, false
	}
	if pq.version != 0 {
		q.version = pq.version
	}
	p, h, err := s.cache.find(r.Context(), period, q.version, s.now(r))
	if err != nil {
		s.storeErrorZh(w, r, err, notPublished(period, q.version), notPublishedZh(period, q.version))
		return unitInPeriod{}, false
	}
	b, err := p.body()
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "stored body", slog.String("period", period), slog.String("error", err.Error()))
		writeError(w, &Error{Code: EInternal, Message: "internal error"})
		return unitInPeriod{}, false
	}
	u, ok := b.unit(id)
	if !ok {
		writeError(w, &Error{Code: ENotFound, Field: "unit", Message: "unit " + id + " is not in the result of " + period, MessageZh: "该单位不在" + periodZh(period) + "的考核结果中"})
		return unitInPeriod{}, false
	}
	return unitInPeriod{pub: p, header: h.Header, month: asked.Month(), unit: u, page: pq}, true
}

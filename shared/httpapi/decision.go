package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"unicode/utf8"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// DecisionRequest is the body of POST /v1/appeals/{id}/decision (SPEC
// §12.3).
type DecisionRequest struct {
	Decision appeal.Status `json:"decision"` // granted or rejected
	Note     string        `json:"note"`     // required when rejected
	// ToUnitID, for an overdue deduction granted, names the unit the centre
	// holds responsible (四(二)3): the deduction moves there.
	ToUnitID string `json:"to_unit_id,omitempty"`
}

// Decided answers a decision or a withdrawal: the appeal as stored now, and
// for a grant the version the recompute stored.
type Decided struct {
	appeal.Appeal
	Recomputed *StoredVersion `json:"recomputed,omitempty"`
}

// decide serves POST /v1/appeals/{id}/decision for a centre or admin
// account. Granting stores the appeal granted, then its correcting event
// (deduction_waived, or overdue_reassigned with to_unit_id; id and content
// follow from the stored appeal, so sending the grant again after a failure
// stores the same event once), then recomputes the month. 400 naming the
// field; 404 no such appeal; 409 decided already (or meanwhile).
func (s *Server) decide(w http.ResponseWriter, r *http.Request, p person) {
	body, berr := readBody(w, r)
	if berr != nil {
		writeError(w, berr)
		return
	}
	var req DecisionRequest
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	a, ok := s.storedAppeal(w, r)
	if !ok {
		return
	}
	if e := s.checkDecision(r, req, a); e != nil {
		writeError(w, e)
		return
	}
	if a.Status == appeal.Granted && req.Decision == appeal.Granted && a.ToUnitID == req.ToUnitID {
		s.grant(w, r, a, "the grant sent again") // a repeated grant: complete what failed
		return
	}
	d, err := a.Decide(req.Decision, p.account.ID, s.now(r), req.Note)
	if err != nil {
		writeError(w, &Error{Code: EConflict, Message: err.Error()})
		return
	}
	if d.Status == appeal.Granted {
		d.Correction = a.ID + "-grant"
		d.CorrectionType, d.ToUnitID = event.DeductionWaived.String(), req.ToUnitID
		if req.ToUnitID != "" {
			d.CorrectionType = event.OverdueReassigned.String()
		}
	}
	if !s.updateAppeal(w, r, d) {
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "appeal decided", slog.String("by_account", p.account.ID), slog.String("id", d.ID),
		slog.String("decision", string(d.Status)), slog.String("correction", d.CorrectionType))
	if d.Status != appeal.Granted {
		writeJSON(w, http.StatusOK, Decided{Appeal: d})
		return
	}
	s.grant(w, r, d, "granted")
}

// checkDecision names what is wrong with a decision of a.
func (s *Server) checkDecision(r *http.Request, req DecisionRequest, a appeal.Appeal) *Error {
	switch req.Decision {
	case appeal.Granted, appeal.Rejected:
	case "":
		return &Error{Code: EInvalid, Field: "decision", Message: "decision is required: granted or rejected"}
	default:
		return &Error{Code: EInvalid, Field: "decision", Message: "decision " + string(req.Decision) + " must be granted or rejected"}
	}
	if why := appeal.CheckText(req.Note, appeal.MaxNote, req.Decision == appeal.Rejected); why != "" {
		msg, zh := "note "+why, fmt.Sprintf("处理说明不得超过%d字，不得含控制字符", appeal.MaxNote)
		if req.Decision == appeal.Rejected {
			msg += " (a rejection says why, for the unit)"
			zh = fmt.Sprintf("驳回申诉须填写处理说明（不超过%d字），告知单位驳回的理由", appeal.MaxNote)
		}
		return &Error{Code: EInvalid, Field: "note", Message: msg, MessageZh: zh}
	}
	if req.ToUnitID == "" {
		return nil
	}
	switch {
	case req.Decision != appeal.Granted || a.Rule != "overdue":
		return &Error{Code: EInvalid, Field: "to_unit_id", Message: "to_unit_id moves an overdue deduction granted (四(二)3): only with decision granted of an overdue appeal"}
	case req.ToUnitID == a.UnitID:
		return &Error{Code: EInvalid, Field: "to_unit_id", Message: "to_unit_id names the appealing unit itself; name the unit responsible, or leave it out to waive the deduction"}
	}
	units, err := s.cfg.Store.Units(r.Context())
	if err != nil {
		return &Error{Code: EUnavailable, Message: "the unit registry could not be read now; try again"}
	}
	for _, u := range units {
		if u.ID == req.ToUnitID {
			return nil
		}
	}
	return &Error{Code: EInvalid, Field: "to_unit_id", Message: "unit " + req.ToUnitID + " is not in the registry"}
}

// grant stores the correcting event of the granted appeal a and recomputes
// its month, answering the appeal and the version stored.
func (s *Server) grant(w http.ResponseWriter, r *http.Request, a appeal.Appeal, what string) {
	e := correction(a)
	outcomes, err := s.cfg.Store.PutEvents(r.Context(), []event.Event{e})
	if err == nil && outcomes[0].Status == store.Conflict {
		err = errors.New("the correction's id is stored with other content: " + outcomes[0].Reason)
	}
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "store the correction of an appeal", slog.String("id", a.ID), slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Unavailable, err, "the appeal is granted, but its correction could not be stored now: send the same decision again"))
		return
	}
	out := Decided{Appeal: a}
	if s.cfg.Compute == nil {
		writeJSON(w, http.StatusOK, out)
		return
	}
	m, _ := calendar.ParseMonth(a.Month)
	res, err := s.cfg.Compute.Period(r.Context(), calendar.MonthPeriod(m), s.now(r))
	s.cache.invalidate()
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "recompute after an appeal", slog.String("id", a.ID), slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Unavailable, err, "the appeal is "+what+" and its correction stored, but "+a.Month+" could not be recomputed now: recompute it, or send the same decision again"))
		return
	}
	v := storedVersion(res)
	out.Recomputed = &v
	s.cfg.Log.InfoContext(r.Context(), "recomputed after an appeal", slog.String("id", a.ID), slog.String("period", res.Period), slog.Int("version", res.Version))
	writeJSON(w, http.StatusOK, out)
}

// correction is the event a granted appeal records (SPEC §12.3): made from
// the stored appeal only, so that it is the same event every time.
func correction(a appeal.Appeal) event.Event {
	at := a.FiledAt
	if a.DecidedAt != nil {
		at = *a.DecidedAt
	}
	e := event.Event{ID: a.Correction, At: at, UnitID: a.UnitID, AppealID: a.ID, RecordedBy: a.DecidedBy}
	if a.CorrectionType == event.OverdueReassigned.String() {
		e.Type, e.TicketID, e.ToUnitID = event.OverdueReassigned, a.TicketID, a.ToUnitID
		return e
	}
	e.Type, e.Rule, e.EventID = event.DeductionWaived, a.Rule, a.EventID
	e.Reason = "申诉 " + a.ID + " 经中心核实同意"
	if a.Note != "" {
		e.Reason = truncate(a.Note, 500)
	}
	return e
}

// truncate is s cut to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// withdraw serves POST /v1/appeals/{id}/withdraw: a unit account withdraws
// its unit's open appeal (SPEC §12.3). 403 another unit's or another
// role; 404 no such appeal; 409 decided already.
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request, p person) {
	body, berr := readBody(w, r)
	if berr != nil {
		writeError(w, berr)
		return
	}
	if len(body) > 0 {
		var none struct{}
		if e := decodeStrict(body, &none); e != nil {
			writeError(w, e)
			return
		}
	}
	a, ok := s.storedAppeal(w, r)
	if !ok {
		return
	}
	if p.account.Role != account.Unit || p.account.UnitID != a.UnitID {
		writeError(w, &Error{Code: EForbidden, Message: "only an account of unit " + a.UnitID + " withdraws its appeal"})
		return
	}
	d, err := a.Decide(appeal.Withdrawn, p.account.ID, s.now(r), "")
	if err != nil {
		writeError(w, &Error{Code: EConflict, Message: err.Error()})
		return
	}
	if !s.updateAppeal(w, r, d) {
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "appeal withdrawn", slog.String("by_account", p.account.ID), slog.String("id", d.ID))
	writeJSON(w, http.StatusOK, Decided{Appeal: d})
}

// storedAppeal reads the appeal of the path's {id}, or answers 404.
func (s *Server) storedAppeal(w http.ResponseWriter, r *http.Request) (appeal.Appeal, bool) {
	id := r.PathValue("id")
	a, err := s.cfg.Cycle.Appeals.Appeal(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err, "no appeal "+id)
		return appeal.Appeal{}, false
	}
	return a, true
}

// updateAppeal stores d, decided from open, or answers 409 when another
// decision came first.
func (s *Server) updateAppeal(w http.ResponseWriter, r *http.Request, d appeal.Appeal) bool {
	err := s.cfg.Cycle.Appeals.UpdateAppeal(r.Context(), d, appeal.Open)
	switch {
	case err == nil:
		return true
	case errors.Is(err, store.ErrChanged):
		writeError(w, &Error{Code: EConflict, Message: "appeal " + d.ID + " was decided or withdrawn meanwhile; read it again", MessageZh: "该申诉已被处理或撤回，请刷新后查看"})
	default:
		s.storeError(w, r, err, "no appeal "+d.ID)
	}
	return false
}

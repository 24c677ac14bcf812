package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// errNoAppeals answers the appeal routes of a server that keeps no
// appeals.
var errNoAppeals = &Error{Code: ENotFound, Message: "this server keeps no appeals", MessageZh: "本系统未开启申诉"}

// AppealRequest is the body of POST /v1/months/{month}/appeals (SPEC §12.2):
// the deduction appealed, by its event and rule, and why.
type AppealRequest struct {
	EventID string `json:"event_id"`
	Rule    string `json:"rule"`
	Reason  string `json:"reason"`
}

// MonthAppeals answers GET /v1/months/{month}/appeals: the month's appeal
// window and its appeals, oldest filing first (a unit account sees its
// own unit's only).
type MonthAppeals struct {
	Month   string          `json:"month"`
	Window  AppealWindow    `json:"window"`
	Appeals []appeal.Appeal `json:"appeals"`
}

// AppealWindow is a month's appeal window as the API writes it: null times
// while the month has not been published since it ended.
type AppealWindow struct {
	PublishedAt *time.Time `json:"published_at"` // the first provisional publication
	ClosesAt    *time.Time `json:"closes_at"`    // 24:00 local time of the last working day
	Open        bool       `json:"open"`         // appeals may be filed now
}

// appeals wraps an appeal route: 404 on a server without appeals.
func (s *Server) appeals(next personHandler) http.Handler {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, p person) {
		if s.cfg.Cycle == nil || s.cfg.Cycle.Appeals == nil {
			writeError(w, errNoAppeals)
			return
		}
		next(w, r, p)
	})
}

// appealMonth reads the path's {month}.
func appealMonth(r *http.Request) (calendar.Month, *Error) {
	p, err := monthPeriod.period(r)
	if err != nil {
		return calendar.Month{}, err
	}
	return p.Month(), nil
}

// apiWindow is window w as the API writes it, at now.
func apiWindow(w cycle.Window, now time.Time) AppealWindow {
	out := AppealWindow{Open: w.IsOpen(now)}
	if w.IsPublished() {
		pub, closes := w.Published, w.Closes
		out.PublishedAt, out.ClosesAt = &pub, &closes
	}
	return out
}

// listAppeals serves GET /v1/months/{month}/appeals.
func (s *Server) listAppeals(w http.ResponseWriter, r *http.Request, p person) {
	m, e := appealMonth(r)
	if e != nil {
		writeError(w, e)
		return
	}
	win, err := s.cfg.Cycle.Window(r.Context(), m)
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	all, err := s.cfg.Cycle.Appeals.MonthAppeals(r.Context(), m.String())
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	list := []appeal.Appeal{}
	for _, a := range all {
		if p.account.Role != account.Unit || a.UnitID == p.account.UnitID {
			list = append(list, a)
		}
	}
	writeJSON(w, http.StatusOK, MonthAppeals{Month: m.String(), Window: apiWindow(win, s.now(r)), Appeals: list})
}

// fileAppeal serves POST /v1/months/{month}/appeals (SPEC §12.2): a unit
// account appeals one of its unit's deductions of the latest published
// version of the month while the window is open. 201 with the appeal; 400
// naming the field; 403 for another role or another unit's deduction; 404
// when the latest version has no such deduction; 409 when the window is not
// open (with its closing time), the deduction is waived already, or it has
// been appealed.
func (s *Server) fileAppeal(w http.ResponseWriter, r *http.Request, p person) {
	if p.account.Role != account.Unit {
		writeError(w, &Error{Code: EForbidden, Message: "only a unit's account files appeals; the centre decides them", MessageZh: "只有单位账号可以提出申诉，中心负责处理申诉"})
		return
	}
	m, e := appealMonth(r)
	if e != nil {
		writeError(w, e)
		return
	}
	body, berr := readBody(w, r)
	if berr != nil {
		writeError(w, berr)
		return
	}
	var req AppealRequest
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	if e := checkAppealRequest(req); e != nil {
		writeError(w, e)
		return
	}
	now := s.now(r)
	win, err := s.cfg.Cycle.Window(r.Context(), m)
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	switch {
	case !win.IsPublished():
		writeError(w, &Error{Code: EConflict, Message: m.String() + " has not been published since it ended: its appeal window has not opened", MessageZh: periodZh(m.String()) + "的结果尚未在月末后发布，申诉期尚未开始"})
		return
	case !win.IsOpen(now):
		writeError(w, &Error{Code: EConflict, Message: "the appeal window of " + m.String() + " closed at " + s.cfg.Cycle.Local(win.Closes) + "; no appeal can be filed now",
			MessageZh: periodZh(m.String()) + "的申诉期已于" + s.cfg.Cycle.Local(win.Closes) + "截止，不能再提出申诉"})
		return
	}
	found, ferr := s.findDeduction(r, m, p.account.UnitID, req.EventID, req.Rule)
	if ferr != nil {
		writeError(w, ferr)
		return
	}
	a := appeal.Filed(appeal.Appeal{
		ID: appeal.ID(m.String(), p.account.UnitID, req.EventID, req.Rule), Month: m.String(), UnitID: p.account.UnitID,
		EventID: req.EventID, Rule: req.Rule, TicketID: found.deduction.TicketID, Points: found.deduction.Points,
		Version: found.version, Reason: req.Reason,
	}, p.account.ID, now)
	if err := s.cfg.Cycle.Appeals.CreateAppeal(r.Context(), a); err != nil {
		if errors.Is(err, store.ErrExists) {
			s.alreadyAppealed(w, r, a.ID)
			return
		}
		s.cfg.Log.ErrorContext(r.Context(), "store appeal", slog.String("id", a.ID), slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Unavailable, err, "the appeal could not be stored now; nothing was filed, send it again"))
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "appeal filed", slog.String("by_account", p.account.ID), slog.String("id", a.ID),
		slog.String("unit", a.UnitID), slog.String("event_id", a.EventID), slog.String("rule", a.Rule))
	writeJSON(w, http.StatusCreated, a)
}

// checkAppealRequest names the first field of req that is wrong.
func checkAppealRequest(req AppealRequest) *Error {
	switch {
	case req.EventID == "":
		return &Error{Code: EInvalid, Field: "event_id", Message: "event_id is required: the event of the deduction appealed (SPEC §8)"}
	case req.Rule == "":
		return &Error{Code: EInvalid, Field: "rule", Message: "rule is required: the rule of the deduction appealed (SPEC §8)"}
	case !appeal.Waivable(req.Rule):
		return &Error{Code: EInvalid, Field: "rule", Message: fmt.Sprintf("rule %q cannot be appealed: it must be one of %v (the satisfaction items have no event)", req.Rule, appeal.Rules)}
	}
	if why := appeal.CheckText(req.Reason, appeal.MaxReason, true); why != "" {
		return &Error{Code: EInvalid, Field: "reason", Message: "reason " + why, MessageZh: fmt.Sprintf("请填写申诉理由（不超过%d字，不得含控制字符）", appeal.MaxReason)}
	}
	return nil
}

// alreadyAppealed answers a second appeal of one deduction: 409 naming the
// first and its status.
func (s *Server) alreadyAppealed(w http.ResponseWriter, r *http.Request, id string) {
	msg := "this deduction has been appealed already (" + id + ")"
	if first, err := s.cfg.Cycle.Appeals.Appeal(r.Context(), id); err == nil {
		msg += ", " + string(first.Status) + " (" + first.Status.Label() + ")"
	}
	writeError(w, &Error{Code: EConflict, Message: msg + "; a deduction is appealed once", MessageZh: "这项扣分已经申诉过，每项扣分只能申诉一次"})
}

package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// DeskTypes are the event types the centre records through the page
// (issue 12, the centre's desk): the centre's decisions and corrections,
// never what the platform or the callback system reports.
var DeskTypes = []event.Type{
	event.OrgAssessed, event.MeetingAbsent, event.Criticized, event.Supervised,
	event.SupervisionRejected, event.OverdueReassigned, event.ReturnRejected,
	event.UnreasonableApproved, event.Redo, event.Retracted, event.DeductionWaived,
}

// deskIDPrefix starts the id of every event recorded at the desk; 20 hex
// digits (80 random bits) follow, well within SPEC §3's 128 characters.
const deskIDPrefix = "desk-"

// deskRoles lets through the accounts of the centre and the admins; a unit
// account is refused 403.
var deskRoles = requireRole(account.Centre, account.Admin)

// serverFields are the fields of an event the server sets at the desk
// (SPEC §3: the id; `recorded_by`, "the server sets it on events that
// people enter through the page"): a body giving one is refused.
var serverFields = []string{"id", "recorded_by"}

// recordEvent answers POST /v1/desk/events: one event as the ingest API
// takes it, without id and recorded_by. The server makes the id, sets
// recorded_by to the account signed in, decodes the event as the ingest
// API does (a 400 names the field) and stores it: 201 with the event
// stored, in the contract's form.
func (s *Server) recordEvent(w http.ResponseWriter, r *http.Request, p person) {
	body, berr := readBody(w, r)
	if berr != nil {
		writeError(w, berr)
		return
	}
	id, err := newDeskID()
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "desk event id", slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Internal, err, "internal error"))
		return
	}
	e, ferr := deskEvent(body, id, p.account.ID)
	if ferr != nil {
		writeError(w, ferr)
		return
	}
	outcomes, err := s.cfg.Store.PutEvents(r.Context(), []event.Event{e})
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "store desk event", slog.String("id", e.ID), slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Unavailable, err, "the event could not be stored now; nothing was recorded, send it again"))
		return
	}
	status := http.StatusCreated
	switch o := outcomes[0]; o.Status {
	case store.Duplicate:
		status = http.StatusOK
	case store.Conflict:
		writeError(w, &Error{Code: EConflict, Field: o.Field, Message: o.Reason})
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "desk event recorded", slog.String("by_account", p.account.ID),
		slog.String("id", e.ID), slog.String("type", e.Type.String()))
	writeEvent(w, status, e)
}

// deskEvent reads the body of a desk event: one JSON object without the
// server's fields, of one of DeskTypes, given id and recorded_by, then
// decoded by event.FromValue as the ingest API decodes every event.
func deskEvent(body []byte, id, by string) (event.Event, *Error) {
	if e := checkShape(body); e != nil {
		return event.Event{}, e
	}
	var parser fastjson.Parser
	v, err := parser.ParseBytes(body)
	if err != nil {
		return event.Event{}, &Error{Code: EInvalid, Message: "the body is not valid JSON: " + err.Error()}
	}
	if v.Type() != fastjson.TypeObject {
		return event.Event{}, &Error{Code: EInvalid, Message: "the body must be one event object"}
	}
	for _, f := range serverFields {
		if v.Exists(f) {
			return event.Event{}, &Error{Code: EInvalid, Field: f, Message: f + " is set by the server on events recorded at the desk; leave it out"}
		}
	}
	if t := v.Get("type"); t != nil && t.Type() == fastjson.TypeString {
		name, _ := t.StringBytes()
		if typ, ok := event.ParseType(string(name)); !ok || !slices.Contains(DeskTypes, typ) {
			return event.Event{}, &Error{Code: EInvalid, Field: "type", Message: fmt.Sprintf("%q is not an event the centre records here; one of %s", name, deskTypeNames())}
		}
	}
	var arena fastjson.Arena
	v.Set("id", arena.NewString(id))
	v.Set("recorded_by", arena.NewString(by))
	e, err := event.FromValue(v)
	if err != nil {
		var fe *event.FieldError
		if !errors.As(err, &fe) {
			fe = &event.FieldError{Reason: err.Error()}
		}
		return event.Event{}, &Error{Code: EInvalid, Field: fe.Field, Message: fe.Reason}
	}
	return e, nil
}

// deskTypeNames lists DeskTypes by their wire names.
func deskTypeNames() string {
	names := make([]string, len(DeskTypes))
	for i, t := range DeskTypes {
		names[i] = t.String()
	}
	return strings.Join(names, ", ")
}

// newDeskID makes the id of a desk event: deskIDPrefix and 80 bits of
// crypto/rand in hex.
func newDeskID() (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("read random id: %w", err)
	}
	return deskIDPrefix + hex.EncodeToString(b[:]), nil
}

// writeEvent answers one event in the contract's form (event.AppendJSON).
func writeEvent(w http.ResponseWriter, status int, e event.Event) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(e.AppendJSON(nil), '\n')) // the client may be gone
}

package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// adminHandler is an admin route, called once the request is proved to come
// from an admin client.
type adminHandler func(w http.ResponseWriter, r *http.Request, body []byte, client *auth.Client)

// admin guards an admin route: the request carries a v2 signature (SPEC
// §10: over the method, the path and query and the raw body, the empty body
// for a request without one) of a client with admin: true. Unsigned, badly
// signed or signed for another route: 401; another client: 403.
func (s *Server) admin(next adminHandler) http.Handler {
	return s.adminUpTo(MaxBody, next)
}

// adminUpTo is admin for a route whose body may be up to limit bytes.
func (s *Server) adminUpTo(limit int64, next adminHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		body, berr := readBodyUpTo(w, r, limit)
		if berr != nil {
			writeError(w, berr)
			return
		}
		client, aerr := s.authenticate(r, body, auth.V2Only)
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		if !client.Admin {
			writeError(w, &Error{Code: EForbidden, Message: fmt.Sprintf("client %q is not an admin client", client.ID)})
			return
		}
		next(w, r, body, client)
	})
}

// UnitsRequest is the body of PUT /v1/admin/units: the whole registry, in
// the fields of the pinned units.yaml.
type UnitsRequest struct {
	Units []UnitEntry `json:"units"`
}

// UnitEntry is one unit of a UnitsRequest.
type UnitEntry struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Group unit.Group `json:"group"`
	// Aliases are the unit's other names, optional (issue 15); each may
	// name this unit only.
	Aliases []string `json:"aliases,omitempty"`
}

// UnitsStored answers PUT /v1/admin/units.
type UnitsStored struct {
	Units int `json:"units"` // how many units the registry now holds
}

// putUnits replaces the unit registry after validating it completely.
func (s *Server) putUnits(w http.ResponseWriter, r *http.Request, body []byte, client *auth.Client) {
	var req UnitsRequest
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	if len(req.Units) == 0 {
		writeError(w, &Error{Code: EInvalid, Field: "units", Message: "the registry needs at least one unit"})
		return
	}
	units := make([]unit.Unit, len(req.Units))
	for i, u := range req.Units {
		units[i] = unit.Unit{ID: u.ID, Name: u.Name, Group: u.Group, Aliases: u.Aliases}
	}
	reg, err := unit.NewRegistry(units)
	if err != nil {
		writeError(w, &Error{Code: EInvalid, Field: "units", Message: strings.ReplaceAll(err.Error(), "\n", "; ")})
		return
	}
	if err := s.cfg.Store.PutUnits(r.Context(), reg.Units()); err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "store units", slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Unavailable, err, "the registry could not be stored now; nothing changed, send it again"))
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "units replaced", slog.String("client", client.ID), slog.Int("units", reg.Len()))
	writeJSON(w, http.StatusOK, UnitsStored{Units: reg.Len()})
}

// PeriodRequest is the body of the recompute and finalize routes: a month
// or a year, not both (read strictly by readPeriod).
type PeriodRequest struct {
	Month string      `json:"month,omitempty"` // 2026-10
	Year  json.Number `json:"year,omitempty"`  // "2026" or 2026
}

// StoredVersion answers the recompute and finalize routes: the version as
// stored, without its body.
type StoredVersion struct {
	store.Header // computed_at in UTC
}

func storedVersion(r store.Result) StoredVersion { return StoredVersion{r.Header.UTC()} }

// recompute computes a month or a year again from the stored events and
// answers the version stored (the latest one when nothing changed), for an
// admin client or a centre or admin account (the month's recompute button).
// A final period may be recomputed: the new version is provisional, and the
// final one stays readable by its number.
func (s *Server) recompute(w http.ResponseWriter, r *http.Request, body []byte, by slog.Attr) {
	now := s.now(r)
	p, e := readPeriod(body, now, s.cfg.Location)
	if e != nil {
		writeError(w, e)
		return
	}
	period := p.String()
	if s.cfg.Compute == nil {
		writeError(w, &Error{Code: EUnavailable, Message: "this server does not compute results"})
		return
	}
	res, err := s.cfg.Compute.Period(r.Context(), p, now)
	s.cache.invalidate()
	if err != nil {
		s.actionError(w, r, "recompute", period, err, "nothing to compute "+period+" from: "+err.Error(), "the period could not be computed now; try again")
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "recomputed", by, slog.String("period", res.Period), slog.Int("version", res.Version))
	writeJSON(w, http.StatusOK, storedVersion(res))
}

// finalize marks the latest version of a month or a year final, for an
// admin client or an admin account. On a server with the month's cycle a
// month is made final only once its appeal window has closed and no appeal
// of it is open (SPEC §12.4): otherwise 409 naming the closing time or the
// open appeals. A year has no appeals.
func (s *Server) finalize(w http.ResponseWriter, r *http.Request, body []byte, by slog.Attr) {
	now := s.now(r)
	p, e := readPeriod(body, now, s.cfg.Location)
	if e != nil {
		writeError(w, e)
		return
	}
	period := p.String()
	var res store.Result
	var err error
	if s.cfg.Cycle != nil {
		res, err = s.cfg.Cycle.FinalizePeriod(r.Context(), p, now)
	} else {
		res, err = s.cfg.Store.Finalize(r.Context(), period)
	}
	s.cache.invalidate()
	if err != nil {
		s.actionError(w, r, "finalize", period, err, "no result of "+period+" is stored; recompute it first", "the store could not be read now; try again")
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "finalized", by, slog.String("period", res.Period), slog.Int("version", res.Version))
	writeJSON(w, http.StatusOK, storedVersion(res))
}

// actionError answers a recompute or a finalisation that failed, by one
// rule for both: what the action needs not being stored (fault.NotFound:
// no unit registry to compute from, no version to finalise) is a conflict
// with the state of the store, 409 with the message given, not a 404 (the
// route exists, and so does the period); a failure of the store or of the
// computation (an error without a code) is unavailable, logged; any other
// code stands.
func (s *Server) actionError(w http.ResponseWriter, r *http.Request, action, period string, err error, nothing, failed string) {
	switch fault.CodeOf(err) {
	case fault.NotFound:
		err = fault.Wrap(fault.Conflict, err, nothing)
	case fault.Internal:
		s.cfg.Log.ErrorContext(r.Context(), action, slog.String("period", period), slog.String("error", err.Error()))
		err = fault.Wrap(fault.Unavailable, err, failed)
	}
	writeError(w, err)
}

// decodeStrict reads one JSON object into v: unknown fields, a key given
// twice in an object (encoding/json would keep the last) and trailing data
// are errors that name the field where they can.
func decodeStrict(body []byte, v any) *Error {
	if e := checkShape(body); e != nil {
		return e
	}
	if e := repeatedKey(body); e != nil {
		return e
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return &Error{Code: EInvalid, Message: "the body holds more than one JSON value"}
		}
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		what := typeErr.Field
		if what == "" {
			what = "the body" // the value itself is of another type
		}
		return &Error{Code: EInvalid, Field: typeErr.Field, Message: fmt.Sprintf("%s must be a JSON %s", what, jsonKind(typeErr.Type.Kind().String()))}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf("unknown field %q", field)}
	}
	return &Error{Code: EInvalid, Message: "the body is not a valid JSON object: " + err.Error()}
}

// repeatedKey refuses a body in which an object has a key twice, naming
// the key and where it is. What is not JSON is left to the decoder.
func repeatedKey(body []byte) *Error {
	var p fastjson.Parser
	v, err := p.ParseBytes(body)
	if err != nil {
		return nil
	}
	var walk func(v *fastjson.Value, path string) *Error
	walk = func(v *fastjson.Value, path string) *Error {
		var e *Error
		switch v.Type() {
		case fastjson.TypeObject:
			o, _ := v.Object()
			seen := map[string]bool{}
			o.Visit(func(key []byte, x *fastjson.Value) {
				k := string(key)
				if e == nil && seen[k] {
					e = &Error{Code: EInvalid, Field: k, Message: fmt.Sprintf("%s: key %q appears twice", path, k)}
				}
				seen[k] = true
				if e == nil {
					e = walk(x, path+"."+k)
				}
			})
		case fastjson.TypeArray:
			a, _ := v.Array()
			for i, x := range a {
				if e = walk(x, fmt.Sprintf("%s[%d]", path, i)); e != nil {
					break
				}
			}
		}
		return e
	}
	return walk(v, "the body")
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(kind string) string {
	switch kind {
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	case "int", "int64", "float64":
		return "number"
	case "bool":
		return "boolean"
	}
	return kind
}

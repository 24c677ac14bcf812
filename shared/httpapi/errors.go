package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"

	"github.com/shizhong/hotline/shared/fault"
)

// The error codes of the API: stable strings that clients may rely on.
const (
	EInvalid          = "invalid"            // 400: a field is missing or wrong
	EUnauthorized     = "unauthorized"       // 401: the signature does not prove the client
	EForbidden        = "forbidden"          // 403: the client may not do this
	ENotFound         = "not_found"          // 404
	EMethodNotAllowed = "method_not_allowed" // 405
	EConflict         = "conflict"           // 409: the id is stored with other content, or the state does not allow it yet
	ETooLarge         = "too_large"          // 413: the body is over 1 MB
	ETooManyRequests  = "too_many_requests"  // 429: too many failed sign-ins; try again after Retry-After
	EUnavailable      = "unavailable"        // 503: the store failed; deliver again
	EInternal         = "internal"           // 500
)

// codes is the one table of the API's errors: each code clients read, the
// fault code (shared/fault) it answers, and its HTTP status. Two codes are
// the edge's own and answer no fault: a method no route has, a body too
// large.
var codes = []struct {
	code   string
	fault  fault.Code
	status int
}{
	{EInvalid, fault.Invalid, http.StatusBadRequest},
	{EUnauthorized, fault.Unauthorized, http.StatusUnauthorized},
	{EForbidden, fault.Forbidden, http.StatusForbidden},
	{ENotFound, fault.NotFound, http.StatusNotFound},
	{EMethodNotAllowed, "", http.StatusMethodNotAllowed},
	{EConflict, fault.Conflict, http.StatusConflict},
	{ETooLarge, "", http.StatusRequestEntityTooLarge},
	{ETooManyRequests, "", http.StatusTooManyRequests},
	{EUnavailable, fault.Unavailable, http.StatusServiceUnavailable},
	{EInternal, fault.Internal, http.StatusInternalServerError},
}

// ErrorCodes lists every error code, for the API document and its test.
func ErrorCodes() []string {
	list := make([]string, 0, len(codes))
	for _, c := range codes {
		list = append(list, c.code)
	}
	slices.Sort(list)
	return list
}

// Error is an API error as clients see it: a stable code, the message in
// English, the same in Chinese for a person to read (a mini-program shows
// it as is), and the field it is about, if any.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// MessageZh is the message in Chinese. Where it is left empty,
	// writeError puts the Chinese of the code (and of the field), so that
	// every error body carries one.
	MessageZh string `json:"message_zh"`
	Field     string `json:"field,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Status is the HTTP status of the error's code.
func (e *Error) Status() int {
	for _, c := range codes {
		if c.code == e.Code {
			return c.status
		}
	}
	return http.StatusInternalServerError
}

// errorOf is the API error that answers err: err itself when it is one,
// else the code of its fault with the fault's message (an internal error
// says only "internal error").
func errorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	code := fault.CodeOf(err)
	for _, c := range codes {
		if c.fault == code {
			return &Error{Code: c.code, Message: fault.MessageOf(err)}
		}
	}
	return &Error{Code: EInternal, Message: "internal error"}
}

// writeError answers with err, an *Error or any error (a fault, or one
// without a code: internal), in the API's error body; no cache keeps it.
// Every error answer of the API is written here.
func writeError(w http.ResponseWriter, err error) {
	e := withChinese(errorOf(err))
	w.Header().Set("Cache-Control", "no-store")
	if e.Code == EUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, e.Status(), struct {
		Error *Error `json:"error"`
	}{e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client may be gone; nothing to do
}

// storeError answers a failed store read: what the store does not hold
// (fault.NotFound) with the message given (the store's own when none is), a
// failure of the store (an error without a code) as unavailable, logged.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error, notFound string) {
	s.storeErrorZh(w, r, err, notFound, "")
}

// storeErrorZh is storeError with the Chinese of the not-found message,
// for the public routes a person reads.
func (s *Server) storeErrorZh(w http.ResponseWriter, r *http.Request, err error, notFound, notFoundZh string) {
	switch fault.CodeOf(err) {
	case fault.NotFound:
		e := *errorOf(fault.Wrap(fault.NotFound, err, notFound))
		if notFoundZh != "" {
			e.MessageZh = notFoundZh
		}
		err = &e
	case fault.Internal:
		s.cfg.Log.ErrorContext(r.Context(), "store read", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		err = fault.Wrap(fault.Unavailable, err, "the store could not be read now; try again")
	}
	writeError(w, err)
}

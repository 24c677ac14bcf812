package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"

	"github.com/shizhong/hotline/shared/store"
)

// The error codes of the API: stable strings that clients may rely on.
const (
	EInvalid          = "invalid"            // 400: a field is missing or wrong
	EUnauthorized     = "unauthorized"       // 401: the signature does not prove the client
	EForbidden        = "forbidden"          // 403: the client may not do this
	ENotFound         = "not_found"          // 404
	EMethodNotAllowed = "method_not_allowed" // 405
	EConflict         = "conflict"           // 409: the id is stored with other content
	ETooLarge         = "too_large"          // 413: the body is over 1 MB
	EUnavailable      = "unavailable"        // 503: the store failed; deliver again
	EInternal         = "internal"           // 500
)

var statusOf = map[string]int{
	EInvalid:          http.StatusBadRequest,
	EUnauthorized:     http.StatusUnauthorized,
	EForbidden:        http.StatusForbidden,
	ENotFound:         http.StatusNotFound,
	EMethodNotAllowed: http.StatusMethodNotAllowed,
	EConflict:         http.StatusConflict,
	ETooLarge:         http.StatusRequestEntityTooLarge,
	EUnavailable:      http.StatusServiceUnavailable,
	EInternal:         http.StatusInternalServerError,
}

// ErrorCodes lists every error code, for the API document and its test.
func ErrorCodes() []string {
	codes := make([]string, 0, len(statusOf))
	for c := range statusOf {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Error is an API error as clients see it.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Status is the HTTP status of the error's code.
func (e *Error) Status() int {
	if s, ok := statusOf[e.Code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// writeError answers with the error; no cache keeps it.
func writeError(w http.ResponseWriter, e *Error) {
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

// storeError answers a failed store read: 404 for what the store does not
// hold (with the message given), 503 for a failure, which is logged.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error, notFound string) {
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, &Error{Code: ENotFound, Message: notFound})
		return
	}
	s.cfg.Log.ErrorContext(r.Context(), "store read", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	writeError(w, &Error{Code: EUnavailable, Message: "the store could not be read now; try again"})
}

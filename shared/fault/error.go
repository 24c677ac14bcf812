package fault

import (
	"errors"
	"fmt"
)

// Error is a failure of a known kind. Message is for the person who made
// the request and names what is wrong; Err is the error underneath, kept
// for errors.Is, errors.As and the log.
type Error struct {
	Code    Code
	Message string
	Err     error
}

// Error is the message and the error underneath, as a log line wants them.
func (e *Error) Error() string {
	switch {
	case e.Err == nil && e.Message == "":
		return string(e.Code)
	case e.Err == nil:
		return e.Message
	case e.Message == "":
		return e.Err.Error()
	}
	return e.Message + ": " + e.Err.Error()
}

// Unwrap is the error underneath.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of code with the message, wrapping nothing: a
// sentinel value (store.ErrNotFound) or a refusal made on the spot.
func New(code Code, message string) error {
	return &Error{Code: code, Message: message}
}

// Errorf returns an error of code whose message is formatted as fmt.Errorf
// formats it; a %w verb keeps the error it names wrapped.
func Errorf(code Code, format string, args ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// Wrap gives err the code, and the message when it is not empty (else err's
// own text is the message). Wrap of nil is nil.
func Wrap(code Code, err error, message string) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Message: message, Err: err}
}

// CodeOf is the code of err: that of the outermost Error in its chain, so a
// caller that knows better (a missing registry is a conflict for the one who
// asked to compute) overrides the code of the error underneath. Internal
// when no Error is in the chain; "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return Internal
}

// MessageOf is what the person who made the request is told of err: the
// message of the outermost Error in its chain (its error underneath when it
// has none). An internal error is only "internal error": its text is for
// the log, never for the caller.
func MessageOf(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if CodeOf(err) == Internal || !errors.As(err, &e) {
		return "internal error"
	}
	switch {
	case e.Message != "":
		return e.Message
	case e.Err != nil:
		return e.Err.Error()
	}
	return string(e.Code)
}

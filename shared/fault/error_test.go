package fault_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/shizhong/hotline/shared/fault"
)

var errMissing = fault.New(fault.NotFound, "not found")

// TestCodeAndMessage checks CodeOf and MessageOf: the outermost Error's code
// and message win, an error with no code is internal and says only
// "internal error", and wrapping keeps errors.Is and errors.As working.
func TestCodeAndMessage(t *testing.T) {
	for _, c := range []struct {
		name    string
		err     error
		code    fault.Code
		message string
		text    string
	}{
		{"nil", nil, "", "", ""},
		{"no code", io.ErrUnexpectedEOF, fault.Internal, "internal error", "unexpected EOF"},
		{"no code, wrapped", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), fault.Internal, "internal error", "read: unexpected EOF"},
		{"sentinel", errMissing, fault.NotFound, "not found", "not found"},
		{"sentinel wrapped with context", fmt.Errorf("result 2026-10 v0: %w", errMissing), fault.NotFound, "not found", "result 2026-10 v0: not found"},
		{"Errorf", fault.Errorf(fault.Invalid, "--month: %q is not YYYY-MM", "10"), fault.Invalid, `--month: "10" is not YYYY-MM`, `--month: "10" is not YYYY-MM`},
		{"Errorf %w", fault.Errorf(fault.Invalid, "units.yaml: %w", io.ErrUnexpectedEOF), fault.Invalid, "units.yaml: unexpected EOF", "units.yaml: unexpected EOF"},
		{"Wrap without a message", fault.Wrap(fault.Unavailable, io.ErrClosedPipe, ""), fault.Unavailable, "io: read/write on closed pipe", "io: read/write on closed pipe"},
		{"Wrap overrides the code", fault.Wrap(fault.Conflict, fmt.Errorf("units: %w", errMissing), "nothing to compute from"),
			fault.Conflict, "nothing to compute from", "nothing to compute from: units: not found"},
		{"outermost wins under context", fmt.Errorf("recompute: %w", fault.Wrap(fault.Conflict, errMissing, "recompute first")), fault.Conflict, "recompute first", "recompute: recompute first: not found"},
		{"code alone", &fault.Error{Code: fault.Forbidden}, fault.Forbidden, "forbidden", "forbidden"},
		{"an Error without a code", &fault.Error{Message: "?"}, fault.Internal, "internal error", "?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := fault.CodeOf(c.err); got != c.code {
				t.Errorf("CodeOf = %q, want %q", got, c.code)
			}
			if got := fault.MessageOf(c.err); got != c.message {
				t.Errorf("MessageOf = %q, want %q", got, c.message)
			}
			if c.err != nil && c.err.Error() != c.text {
				t.Errorf("Error() = %q, want %q", c.err.Error(), c.text)
			}
		})
	}
}

// TestWrapKeepsTheChain checks that errors.Is and errors.As see through an
// Error to the error underneath, and Wrap of nil is nil.
func TestWrapKeepsTheChain(t *testing.T) {
	err := fault.Wrap(fault.Conflict, fmt.Errorf("units: %w", errMissing), "nothing to compute from")
	if !errors.Is(err, errMissing) {
		t.Errorf("errors.Is(%v, errMissing) = false", err)
	}
	if errors.Is(fault.New(fault.NotFound, "not found"), errMissing) {
		t.Error("another error of the same code and message is errMissing")
	}
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != fault.Conflict {
		t.Errorf("errors.As: %v", fe)
	}
	if err := fault.Wrap(fault.Invalid, nil, "x"); err != nil {
		t.Errorf("Wrap(nil) = %v", err)
	}
	if got := len(fault.Codes()); got != 7 {
		t.Errorf("%d codes, want 7", got)
	}
}

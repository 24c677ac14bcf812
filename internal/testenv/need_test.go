package testenv

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records how Need first stopped it (its
// Fatalf and Skipf return, where testing's stop the goroutine).
type recorder struct {
	testing.TB
	stop string // "fatal", "skip" or "" when the test goes on
	msg  string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.record("fatal", format, args)
}

func (r *recorder) Skipf(format string, args ...any) {
	r.record("skip", format, args)
}

func (r *recorder) record(stop, format string, args []any) {
	if r.stop == "" {
		r.stop, r.msg = stop, fmt.Sprintf(format, args...)
	}
}

// TestNeed: a value present is returned; a missing one skips the test, or
// fails it when CI=true, saying what is missing.
func TestNeed(t *testing.T) {
	for _, tc := range []struct {
		name, ci, value string
		want, stop      string
	}{
		{name: "present", ci: "true", value: "http://127.0.0.1:5000", want: "http://127.0.0.1:5000"},
		{name: "missing locally", ci: "", stop: "skip"},
		{name: "missing in CI", ci: "true", stop: "fatal"},
		{name: "CI not true", ci: "1", stop: "skip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			r := &recorder{TB: t}
			got := Need(r, "the server", tc.value)
			if got != tc.want || r.stop != tc.stop {
				t.Errorf("Need = %q, stop %q; want %q, stop %q", got, r.stop, tc.want, tc.stop)
			}
			if tc.stop != "" && !strings.HasPrefix(r.msg, "the server is missing") {
				t.Errorf("message %q does not say what is missing", r.msg)
			}
		})
	}
}

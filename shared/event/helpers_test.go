package event_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/event"
)

// eventOpts compares events field by field: decimals by value, times as
// instants (cmp uses time.Time.Equal).
var eventOpts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

func mustDec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("bad test decimal %q: %v", s, err)
	}
	return d
}

func mustDecode(t *testing.T, data string) event.Event {
	t.Helper()
	e, err := event.Decode([]byte(data))
	if err != nil {
		t.Fatalf("Decode(%s): %v", data, err)
	}
	return e
}

// fieldOf returns the Field of the *FieldError err wraps; it fails the test
// when err is nil or not a *FieldError.
func fieldOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("got no error, want a *FieldError")
	}
	var fe *event.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("got error %T %v, want a *FieldError", err, err)
	}
	return fe.Field
}

// roundTrip encodes e with AppendJSON and decodes the result.
func roundTrip(t *testing.T, e event.Event) event.Event {
	t.Helper()
	data := e.AppendJSON(nil)
	got, err := event.Decode(data)
	if err != nil {
		t.Fatalf("Decode(AppendJSON) of %s: %v", data, err)
	}
	return got
}

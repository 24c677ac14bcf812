package appeal

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestID(t *testing.T) {
	a := ID("2026-10", "wenhualu", "e-1", "overdue")
	if !strings.HasPrefix(a, "ap-2026-10-") || len(a) != len("ap-2026-10-")+16 {
		t.Errorf("ID = %q, want ap-2026-10- and 16 hex digits", a)
	}
	if a != ID("2026-10", "wenhualu", "e-1", "overdue") {
		t.Error("ID is not stable")
	}
	for _, other := range []string{
		ID("2026-11", "wenhualu", "e-1", "overdue"),
		ID("2026-10", "other", "e-1", "overdue"),
		ID("2026-10", "wenhualu", "e-2", "overdue"),
		ID("2026-10", "wenhualu", "e-1", "late_return"),
		ID("2026-10", "wenhualue", "-1", "overdue"), // the parts are separated
	} {
		if other == a {
			t.Errorf("two deductions share the id %s", a)
		}
	}
}

// TestDecide: an open appeal ends once (SPEC §12.3), and every change is
// kept in its history.
func TestDecide(t *testing.T) {
	filed := Filed(Appeal{ID: "ap-1", Month: "2026-10"}, "unit.wang", time.Date(2026, 11, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	if filed.Status != Open || len(filed.History) != 1 || filed.FiledAt.Location() != time.UTC {
		t.Fatalf("Filed = %+v", filed)
	}
	at := time.Date(2026, 11, 3, 1, 0, 0, 0, time.UTC)
	granted, err := filed.Decide(Granted, "centre.li", at, "核实属实")
	if err != nil {
		t.Fatal(err)
	}
	if granted.Status != Granted || granted.DecidedBy != "centre.li" || !granted.DecidedAt.Equal(at) || granted.Note != "核实属实" {
		t.Errorf("decided = %+v", granted)
	}
	if len(granted.History) != 2 || granted.History[1] != (Change{Granted, "centre.li", at, "核实属实"}) {
		t.Errorf("history = %+v", granted.History)
	}
	if len(filed.History) != 1 {
		t.Error("Decide changed the history of the appeal it was called on")
	}
	for _, to := range []Status{Rejected, Withdrawn, Granted} {
		_, err := granted.Decide(to, "centre.li", at, "")
		var no *NotOpenError
		if !errors.As(err, &no) || no.Status != Granted {
			t.Errorf("deciding a granted appeal %s: %v, want a NotOpenError", to, err)
		}
	}
}

func TestCheckText(t *testing.T) {
	cases := []struct {
		text     string
		required bool
		bad      string // a part of the complaint; "" when fine
	}{
		{"该工单已于时限内办结，附回复记录。", true, ""},
		{"", true, "empty"},
		{"  \n", true, "empty"},
		{"", false, ""},
		{strings.Repeat("字", 1000), true, ""},
		{strings.Repeat("字", 1001), true, "at most 1000"},
		{"a\x00b", true, "control"},
		{"第一行\n第二行\t制表", true, ""},
		{"\xff", true, "UTF-8"},
	}
	for _, c := range cases {
		got := CheckText(c.text, MaxReason, c.required)
		if (c.bad == "") != (got == "") || !strings.Contains(got, c.bad) {
			t.Errorf("CheckText(%q) = %q, want %q", c.text, got, c.bad)
		}
	}
}

func TestWaivable(t *testing.T) {
	for _, r := range Rules {
		if !Waivable(r) {
			t.Errorf("%s is not waivable", r)
		}
	}
	for _, r := range []string{"result_satisfaction", "process_satisfaction", "", "organization"} {
		if Waivable(r) {
			t.Errorf("%q is waivable", r)
		}
	}
}

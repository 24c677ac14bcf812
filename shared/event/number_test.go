package event_test

import (
	"testing"

	"github.com/shizhong/hotline/shared/event"
)

// TestDecodeNumberSpelling: leadership, staffing and staff_count take a
// number as JSON writes it (RFC 8259 §6) and nothing else the parser would
// read as one (found by FuzzDecode: "staffing":00 was accepted).
func TestDecodeNumberSpelling(t *testing.T) {
	org := func(leadership string) string {
		return `{"id":"x","type":"org_assessed","at":"2026-10-08T09:00:00+08:00","unit_id":"u","leadership":` + leadership + `,"staffing":5,"staff_count":2}`
	}
	for _, n := range []string{"0", "5", "4.5", "0.25", "5.000", "4e0", "0.5E+1", "45e-1", "-0", "-0.0", "1e-5"} {
		if _, err := event.Decode([]byte(org(n))); err != nil {
			t.Errorf("leadership %s: %v", n, err)
		}
	}
	// The parser reads these as numbers; the decoder refuses them, naming
	// the field.
	for _, n := range []string{"00", "05", "+5", ".5", "5.", "1e", "1e+", "1.e1", "--1", "NaN", "-Inf", "4.5.1"} {
		if got := fieldOf(t, decodeErr(org(n))); got != "leadership" {
			t.Errorf("leadership %s: error names %q, want leadership", n, got)
		}
	}
	// These the parser refuses: not JSON.
	for _, n := range []string{"-", "0x1", "Infinity", "1_0"} {
		if decodeErr(org(n)) == nil {
			t.Errorf("leadership %s accepted", n)
		}
	}
	for _, n := range []string{"03", "+3", "3."} {
		data := `{"id":"x","type":"org_assessed","at":"2026-10-08T09:00:00+08:00","unit_id":"u","leadership":5,"staffing":5,"staff_count":` + n + `}`
		if got := fieldOf(t, decodeErr(data)); got != "staff_count" {
			t.Errorf("staff_count %s: error names %q, want staff_count", n, got)
		}
	}
}

func decodeErr(data string) error {
	_, err := event.Decode([]byte(data))
	return err
}

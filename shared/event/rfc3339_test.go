package event

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// sameInstant asserts that parseInstant reads s as time.Parse(time.RFC3339, s)
// does: the same error or none, the same instant, zone name and offset.
func sameInstant(t *testing.T, s string) {
	t.Helper()
	want, wantErr := time.Parse(time.RFC3339, s)
	got, err := parseInstant([]byte(s))
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("parseInstant(%q): error %v, time.Parse: %v", s, err, wantErr)
	}
	if err != nil {
		return
	}
	gotName, gotOff := got.Zone()
	wantName, wantOff := want.Zone()
	if !got.Equal(want) || gotName != wantName || gotOff != wantOff || got.Location().String() != want.Location().String() {
		t.Fatalf("parseInstant(%q) = %v (%s %d), time.Parse: %v (%s %d)", s, got, gotName, gotOff, want, wantName, wantOff)
	}
}

func TestParseInstantCases(t *testing.T) {
	for _, s := range []string{
		"2026-10-09T10:15:00+08:00", "2026-10-09T10:15:00Z", "2026-10-09T10:15:00-05:30",
		"2024-02-29T00:00:00+08:00", "2025-02-29T00:00:00+08:00", "2100-02-29T00:00:00Z", "2000-02-29T23:59:59Z",
		"2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z",
		"2026-10-09T24:00:00Z", "2026-10-09T23:60:00Z", "2026-10-09T23:59:60Z", "2026-10-09T10:15:00+24:00",
		"2026-10-09T10:15:00+08:60", "2026-10-09t10:15:00Z", "2026-10-09 10:15:00Z", "2026-10-09T10:15:00z",
		"2026-10-09T10:15:00", "2026-10-09T10:15:00+0800", "2026-10-09T10:15:00.5+08:00",
		"2026-10-09T10:15:00.123456789Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59",
		"1970-01-01T00:00:00Z", "1969-12-31T23:59:59+00:00", "2026-10-09T10:15:00-00:00", "+026-10-09T10:15:00Z",
		"2026-1a-09T10:15:00Z", "2026-10-09T10:15:00+08:0a", "2026-10-09T10:15:00*08:00", "", "2026",
	} {
		sameInstant(t, s)
	}
}

// TestParseInstantRandom compares parseInstant with time.Parse on random
// instants written the common way, with fields a little out of range.
func TestParseInstantRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	zones := []string{"Z", "+08:00", "-05:00", "+05:45", "-00:00", "+00:00", "+14:00", "-12:30"}
	for range 200000 {
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d%s",
			r.IntN(10000), r.IntN(14), r.IntN(33), r.IntN(25), r.IntN(61), r.IntN(61), zones[r.IntN(len(zones))])
		sameInstant(t, s)
	}
}

// TestParseInstantLocal: under a local zone whose offset is the one
// written, the instant is in time.Local, as time.Parse gives it.
func TestParseInstantLocal(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no zone data:", err)
	}
	saved := time.Local
	time.Local = shanghai
	defer func() { time.Local = saved }()
	for _, s := range []string{"2026-10-09T10:15:00+08:00", "1988-07-01T10:15:00+09:00", "1988-07-01T10:15:00+08:00", "2026-10-09T10:15:00Z"} {
		sameInstant(t, s)
	}
	got, _ := parseInstant([]byte("2026-10-09T10:15:00+08:00"))
	if got.Location() != time.Local {
		t.Errorf("location %v, want time.Local", got.Location())
	}
}

func FuzzParseInstant(f *testing.F) {
	for _, s := range []string{"2026-10-09T10:15:00+08:00", "2026-10-09T10:15:00Z", "2024-02-29T23:59:59-05:30", "2026-10-09T10:15:00.5Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameInstant(t, s) })
}

// TestParseInstantOffsetsInTurn: the zone fixedZone keeps from one
// instant is not given to the next of another offset (SPEC §3: an instant
// keeps the offset it was written with).
func TestParseInstantOffsetsInTurn(t *testing.T) {
	for _, s := range []string{
		"2026-10-09T10:15:00+08:00", "2026-10-09T10:15:00-05:00", "2026-10-09T10:15:00+08:00",
		"2026-10-09T10:15:00Z", "2026-10-09T10:15:00+05:45", "2026-10-09T10:15:00+05:45", "2026-10-09T10:15:00-05:00",
	} {
		got, err := parseInstant([]byte(s))
		want, _ := time.Parse(time.RFC3339, s)
		_, gotOff := got.Zone()
		_, wantOff := want.Zone()
		if err != nil || !got.Equal(want) || gotOff != wantOff || got.Format(time.RFC3339) != s {
			t.Errorf("%s: parsed %v (offset %d), want %v (offset %d): %v", s, got, gotOff, want, wantOff, err)
		}
	}
}

package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// events2028 writes events of January 2028, a year the built-in calendar
// does not know: a callback, and a return the day after its assignment.
func events2028(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events-2028.jsonl")
	lines := `{"id":"c1","type":"callback","at":"2028-01-10T09:00:00+08:00","ticket_id":"T1","unit_id":"wenhualu","connected":true,"result":"satisfied","process":"satisfied"}
{"id":"a2","type":"assigned","at":"2028-01-26T10:00:00+08:00","ticket_id":"T2","unit_id":"wenhualu","due_at":"2028-02-20T18:00:00+08:00","channel":"hotline_12345"}
{"id":"r2","type":"returned","at":"2028-01-27T10:01:00+08:00","ticket_id":"T2","unit_id":"wenhualu"}
`
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestScoreUnknownYear (SPEC §4): `hotline score` of a month in a year the
// calendar does not know writes the warning in the result and on stderr; a
// calendar file with years: [2028] makes it known; --help says which years
// are built in.
func TestScoreUnknownYear(t *testing.T) {
	events := events2028(t)
	code, out, errOut := hotline(t, "score", "--month", "2028-01", "--units", "testdata/units.yaml", "--events", events, "--as-of", "2028-03-01T00:00:00+08:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct{ Warnings []string }
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], "calendar: 2028 ") {
		t.Errorf("warnings %q, want the one of 2028", res.Warnings)
	}
	if !strings.Contains(errOut, "warning: calendar: 2028 is not a year the calendar knows") {
		t.Errorf("stderr lacks the warning of 2028: %q", errOut)
	}

	cal := filepath.Join(t.TempDir(), "calendar.yaml")
	if err := os.WriteFile(cal, []byte("years: [2028]\nholidays: [2028-01-26, 2028-01-27]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = hotline(t, "score", "--month", "2028-01", "--units", "testdata/units.yaml", "--events", events, "--calendar", cal, "--as-of", "2028-03-01T00:00:00+08:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "calendar: 2028") || strings.Contains(errOut, "calendar:") {
		t.Errorf("years: [2028] declared, still warned:\n%s\n%s", out, errOut)
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("years: [2028, 28]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = hotline(t, "score", "--month", "2028-01", "--units", "testdata/units.yaml", "--events", events, "--calendar", bad)
	if code != 2 || !strings.Contains(errOut, "bad.yaml") || !strings.Contains(errOut, "years[1]") {
		t.Errorf("a bad year: exit %d, %q; want 2 naming the file and years[1]", code, errOut)
	}

	_, _, help := hotline(t, "score", "-h")
	if !strings.Contains(help, "built in: 2002–2027") {
		t.Errorf("score -h does not say which years are built in:\n%s", help)
	}
}

// TestComputeUnknownYear: `hotline compute` of such a month logs the
// warning at WARN on stderr.
func TestComputeUnknownYear(t *testing.T) {
	data := t.TempDir()
	if code, _, errOut := hotline(t, "ingest", "--data", data, "--units", "testdata/units.yaml", events2028(t)); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	code, _, errOut := hotline(t, "compute", "--data", data, "--month", "2028-01", "--as-of", "2028-03-01T00:00:00+08:00")
	if code != 0 {
		t.Fatalf("compute: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "level=WARN") || !strings.Contains(errOut, "calendar: 2028 is not a year the calendar knows") {
		t.Errorf("compute's stderr lacks the WARN line of 2028:\n%s", errOut)
	}
}

// TestServeLogsUnknownYear: `hotline serve` logs at WARN a month it
// computes in a year the calendar does not know (2001, of which lunar-go
// holds only two make-up days), here through the recompute route, which
// goes through the same service as the month-end loop.
func TestServeLogsUnknownYear(t *testing.T) {
	bin := buildHotline(t)
	data := t.TempDir()
	if out, err := exec.Command(bin, "ingest", "--data", data, "--units", "testdata/units.yaml").CombinedOutput(); err != nil {
		t.Fatalf("ingest units: %v: %s", err, out)
	}
	logPath := filepath.Join(t.TempDir(), "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--keys", "testdata/keys.yaml")
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("hotline serve printed no address: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	base := strings.TrimSuffix(strings.Fields(line)[2], "/")

	code, resp := signedPost(t, base+"/v1/admin/recompute", "centre", "centre-secret-for-tests-0001", []byte(`{"month":"2001-12"}`))
	if code != http.StatusOK {
		t.Fatalf("recompute 2001-12: HTTP %d: %s", code, resp)
	}
	// The service logs before it stores the result, so before the answer.
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	var warn string
	for _, l := range strings.Split(string(logs), "\n") {
		if strings.Contains(l, "level=WARN") {
			warn = l
		}
	}
	if !strings.Contains(warn, "period=2001-12") || !strings.Contains(warn, "calendar: 2001 is not a year the calendar knows") {
		t.Errorf("no WARN line naming 2001 in the serve log:\n%s", logs)
	}
}

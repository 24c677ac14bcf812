package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/auth"
)

// buildHotline builds the command once for the tests that run it as a
// separate process.
func buildHotline(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hotline")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// serve starts `hotline serve` on a free port and returns its base URL.
func serve(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("hotline serve did not stop on SIGINT")
		}
		if t.Failed() {
			t.Logf("hotline serve log:\n%s", logs.String())
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("hotline serve printed no address: %v; log: %s", err, logs.String())
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	url := strings.TrimSuffix(strings.Fields(line)[2], "/")
	return url
}

// signedPost posts body with the v2 signature (SPEC §10) of a client of
// testdata/keys.yaml.
func signedPost(t *testing.T, url, client, secret string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set(auth.HeaderClient, client)
	req.Header.Set(auth.HeaderTimestamp, ts)
	req.Header.Set(auth.HeaderSignature, auth.SignV2(secret, auth.Message{Timestamp: ts, Method: req.Method, Target: req.URL.RequestURI(), Body: body}))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// TestEndToEnd: events posted over HTTP to `hotline serve`, the month
// computed, and GET /v1/months/{month}/ranking equals `hotline score` on the
// same events, unit by unit.
func TestEndToEnd(t *testing.T) {
	bin := buildHotline(t)
	data := t.TempDir()
	if out, err := exec.Command(bin, "ingest", "--data", data, "--units", "testdata/units.yaml").CombinedOutput(); err != nil {
		t.Fatalf("ingest units: %v: %s", err, out)
	}
	base := serve(t, bin, "--data", data, "--keys", "testdata/keys.yaml")

	lines, err := os.ReadFile("testdata/events.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var batch []json.RawMessage
	for _, l := range bytes.Split(lines, []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			batch = append(batch, json.RawMessage(l))
		}
	}
	body, _ := json.Marshal(batch)
	code, resp := signedPost(t, base+"/v1/events", "loader", "loader-secret-for-tests-0001", body)
	if code != http.StatusOK {
		t.Fatalf("POST /v1/events: HTTP %d: %s", code, resp)
	}
	code, resp = signedPost(t, base+"/v1/admin/recompute", "centre", "centre-secret-for-tests-0001", []byte(`{"month":"2026-10"}`))
	if code != http.StatusOK {
		t.Fatalf("recompute: HTTP %d: %s", code, resp)
	}
	got, err := http.Get(base + "/v1/months/2026-10/ranking")
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	gotBody, _ := io.ReadAll(got.Body)
	if got.StatusCode != http.StatusOK {
		t.Fatalf("GET ranking: HTTP %d: %s", got.StatusCode, gotBody)
	}
	_, want, errOut := hotline(t, "score", "--month", "2026-10", "--units", "testdata/units.yaml", "--events", "testdata/events.jsonl", "--as-of", asOf)
	if errOut != "" {
		t.Logf("score: %s", errOut)
	}
	wantUnits, gotUnits := unitsOf(t, want), unitsOf(t, string(gotBody))
	if len(wantUnits) == 0 || len(wantUnits) != len(gotUnits) {
		t.Fatalf("%d units from the API, %d from hotline score", len(gotUnits), len(wantUnits))
	}
	for id, w := range wantUnits {
		if diff := cmp.Diff(w, gotUnits[id]); diff != "" {
			t.Errorf("unit %s (-score +api):\n%s", id, diff)
		}
	}
}

func unitsOf(t *testing.T, s string) map[string]any {
	t.Helper()
	var r struct{ Units []map[string]any }
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("not a ranking: %v", err)
	}
	out := map[string]any{}
	for _, u := range r.Units {
		out[fmt.Sprint(u["unit_id"])] = u
	}
	return out
}

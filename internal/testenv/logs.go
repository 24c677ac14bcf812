package testenv

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// WarnLines are the WARN lines of a JSON log (slog.JSONHandler), each
// decoded; a line that is not JSON fails t.
func WarnLines(t testing.TB, logs *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if m["level"] == "WARN" {
			out = append(out, m)
		}
	}
	return out
}

package functions_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBootstrapSizes builds every function exactly as it is deployed —
// GOOS=linux GOARCH=arm64 CGO_ENABLED=0, -tags lambda.norpc -trimpath
// -ldflags '-s -w' — and logs each bootstrap's size, so a change that makes
// one grow shows in the test log (go test -run TestBootstrapSizes -v
// ./functions). It sets no limit: the largest, monthly-scores, links
// excelize for the workbook (docs/performance.md, "Bootstrap size"). It
// fails when a function does not build.
func TestBootstrapSizes(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || name == "testdata" {
			continue
		}
		if _, err := os.Stat(filepath.Join(name, "main.go")); err != nil {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name)
			cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w", "-o", out, "./"+name)
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, msg)
			}
			info, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			size := info.Size()
			t.Logf("%s bootstrap (linux/arm64): %.2f MiB (%d bytes)", name, float64(size)/(1<<20), size)
		})
	}
	if n == 0 {
		t.Fatal("no function found")
	}
}

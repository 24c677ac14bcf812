package functions_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxBootstrap is the size every bootstrap must stay under: 10 MB (MiB, as
// the other tests print sizes).
const maxBootstrap = 10 << 20

// TestBootstrapSizes builds every function exactly as it is deployed —
// GOOS=linux GOARCH=arm64 CGO_ENABLED=0, -tags lambda.norpc -trimpath
// -ldflags '-s -w' — and fails when a bootstrap is 10 MB or more. A
// bootstrap grows when a function links what it does not call: an SDK
// client for one request, excelize in a function that writes no workbook,
// a package whose init keeps large tables (docs/performance.md, "Bootstrap
// size", says what each costs).
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
			t.Logf("%s bootstrap (linux/arm64): %.2f MB (%d bytes)", name, float64(size)/(1<<20), size)
			if size >= maxBootstrap {
				t.Errorf("%s bootstrap is %.2f MB: it must stay under 10 MB", name, float64(size)/(1<<20))
			}
		})
	}
	if n == 0 {
		t.Fatal("no function found")
	}
}

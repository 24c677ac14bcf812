package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestGenFormats(t *testing.T) {
	for format, files := range map[string][]string{
		"jsonl": {"units.yaml", "events.jsonl"},
		"xlsx":  {"units.yaml", "mapping.yaml", "平台导出.xlsx", "中心记录.xlsx"},
		"csv":   {"units.yaml", "mapping.yaml", "工单明细.csv", "回访明细.csv", "中心记录.xlsx"},
	} {
		dir := t.TempDir()
		var stdout, stderr bytes.Buffer
		args := []string{"gen", "--out", dir, "--tickets", "200", "--format", format}
		if code := run(args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, stderr.String())
		}
		for _, name := range files {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Errorf("%s: %v", format, err)
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gen", "--out", t.TempDir(), "--format", "ods"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("--format ods: exit %d, want 2", code)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/centrebook"
)

func TestTemplate(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, centrebook.FileName)
	args := []string{"template", "--units", "testdata/units.yaml", "--out", out}
	var stdout, stderr bytes.Buffer
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(centrebook.OrgSheet)
	f.Close()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %d rows, %v", centrebook.OrgSheet, len(rows), err)
	}
	before, _ := os.ReadFile(out)

	stderr.Reset()
	if code := run(args, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--force") {
		t.Errorf("over an existing file: exit %d, %s", code, stderr.String())
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Error("the existing file was changed")
	}
	if code := run(append(args, "--force"), nil, &stdout, &stderr); code != 0 {
		t.Errorf("--force: exit %d: %s", code, stderr.String())
	}
	for _, bad := range [][]string{
		{"template", "--units", "testdata/units.yaml"},
		{"template", "--out", filepath.Join(dir, "x.xlsx")},
		{"template", "--out", filepath.Join(dir, "y.xlsx"), "--units", "testdata/units.yaml", "--data", dir},
		{"template", "--out", filepath.Join(dir, "z.xlsx"), "--data", filepath.Join(dir, "nostore")},
	} {
		if code := run(bad, nil, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2", bad, code)
		}
	}
}

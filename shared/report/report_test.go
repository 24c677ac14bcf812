package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
	}{
		{"json", JSON}, {"table", Table}, {"csv", CSV}, {"xlsx", XLSX}, {" XLSX ", XLSX},
	} {
		got, err := ParseFormat(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "pdf", "xls"} {
		_, err := ParseFormat(in)
		if err == nil {
			t.Errorf("ParseFormat(%q): no error", in)
			continue
		}
		if !strings.Contains(err.Error(), "json, table, csv, xlsx") {
			t.Errorf("ParseFormat(%q) error %q does not name the allowed values", in, err)
		}
	}
}

func TestWriteDispatches(t *testing.T) {
	r := monthly()
	for _, f := range Formats {
		var direct, via bytes.Buffer
		if err := Write(&via, r, f); err != nil {
			t.Fatalf("Write %s: %v", f, err)
		}
		var err error
		switch f {
		case JSON:
			err = WriteJSON(&direct, r)
		case Table:
			err = WriteTable(&direct, r)
		case CSV:
			err = WriteCSV(&direct, r)
		case XLSX:
			err = WriteXLSX(&direct, r)
		}
		if err != nil {
			t.Fatal(err)
		}
		if via.Len() == 0 {
			t.Errorf("Write %s: empty output", f)
		}
		if !bytes.Equal(via.Bytes(), direct.Bytes()) { // every writer is deterministic, the xlsx one too
			t.Errorf("Write %s differs from its writer", f)
		}
	}
	if err := Write(&bytes.Buffer{}, r, "pdf"); err == nil || !strings.Contains(err.Error(), "xlsx") {
		t.Errorf("Write pdf: error %v, want one naming the formats", err)
	}
	if err := Write(&bytes.Buffer{}, nil, JSON); err == nil {
		t.Error("Write nil result: no error")
	}
}

// The writers read r only.
func TestWritersDoNotChangeResult(t *testing.T) {
	r := monthly()
	r.Warnings = nil
	r.Units[0].Flags = nil
	for _, f := range Formats {
		if err := Write(&bytes.Buffer{}, r, f); err != nil {
			t.Fatal(err)
		}
	}
	want := monthly()
	want.Warnings = nil
	want.Units[0].Flags = nil
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("result changed (-want +got):\n%s", diff)
	}
}

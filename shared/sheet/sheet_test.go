package sheet_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/sheet"
)

// readAll returns the rows of the table name of the file at path.
func readAll(t testing.TB, path, name string, opt sheet.Options) ([]sheet.Row, error) {
	t.Helper()
	var rows []sheet.Row
	err := sheet.Read(path, name, opt, func(r sheet.Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

// writeFile writes b to a file named name in a new temporary directory and
// returns its path.
func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// numbered is a row's number and cells, what the tests compare.
type numbered struct {
	Number int
	Cells  []string
}

func numbers(rows []sheet.Row) []numbered {
	if len(rows) == 0 {
		return nil
	}
	out := make([]numbered, len(rows))
	for i, r := range rows {
		out[i] = numbered{r.Number, r.Cells}
	}
	return out
}

func TestTablesCSV(t *testing.T) {
	path := writeFile(t, "回访明细.CSV", []byte("a\n"))
	got, err := sheet.Tables(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]sheet.Table{{Name: "回访明细"}}, got); diff != "" {
		t.Errorf("Tables (-want +got):\n%s", diff)
	}
	if _, err := sheet.Tables(filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("Tables of a missing csv: no error")
	}
}

func TestReadErrors(t *testing.T) {
	csv := writeFile(t, "回访明细.csv", []byte("a\nb\n"))
	for _, tc := range []struct {
		name, path, table string
		want              []string
	}{
		{"not a spreadsheet", writeFile(t, "工单明细.xls", []byte("x")), "工单明细", []string{"工单明细.xls", ".xlsx", ".csv"}},
		{"not a spreadsheet, no extension", writeFile(t, "工单明细", []byte("x")), "工单明细", []string{"工单明细", ".xlsx", ".csv"}},
		{"wrong csv table", csv, "工单明细", []string{csv, `"工单明细"`, `"回访明细"`}},
		{"missing csv", filepath.Join(t.TempDir(), "a.csv"), "a", []string{"a.csv", "no such file"}},
		{"missing xlsx", filepath.Join(t.TempDir(), "a.xlsx"), "a", []string{"a.xlsx", "no such file"}},
		{"not a zip", writeFile(t, "a.xlsx", []byte("a,b\n")), "a", []string{"a.xlsx", "zip"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, tc.path, tc.table, sheet.Options{})
			var serr *sheet.Error
			if !errors.As(err, &serr) {
				t.Fatalf("err = %v, want a *sheet.Error", err)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}

func TestReadStops(t *testing.T) {
	stop := errors.New("stop")
	for _, path := range []string{
		writeFile(t, "s.csv", []byte("a\nb\nc\n")),
		writeXLSX(t, "s", [][]any{{"a"}, {"b"}, {"c"}}),
	} {
		var seen int
		err := sheet.Read(path, "s", sheet.Options{}, func(r sheet.Row) error {
			seen++
			if r.Number == 2 {
				return stop
			}
			return nil
		})
		if err != stop || seen != 2 {
			t.Errorf("%s: err, rows seen = %v, %d; want the callback's error as is, 2", filepath.Base(path), err, seen)
		}
	}
}

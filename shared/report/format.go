package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shizhong/hotline/shared/score"
)

// Format is an output format: "json", "table", "csv", "xlsx".
type Format string

// The output formats of `hotline score --format`.
const (
	JSON  Format = "json"  // the pinned shape of SPEC §8
	Table Format = "table" // aligned columns for a terminal
	CSV   Format = "csv"   // UTF-8 with a BOM, one row per unit
	XLSX  Format = "xlsx"  // an Excel workbook
)

// Formats lists the formats in the order the command line documents them.
var Formats = []Format{JSON, Table, CSV, XLSX}

// ParseFormat reads a --format value (case and surrounding spaces ignored);
// the error names the allowed values.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Formats {
		if f == x {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: must be one of %s", s, formatList())
}

func formatList() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Write writes r to w in the format f.
func Write(w io.Writer, r *score.Result, f Format) error {
	if r == nil {
		return errors.New("report: no result to write")
	}
	switch f {
	case JSON:
		return WriteJSON(w, r)
	case Table:
		return WriteTable(w, r)
	case CSV:
		return WriteCSV(w, r)
	case XLSX:
		return WriteXLSX(w, r)
	}
	return fmt.Errorf("unknown format %q: must be one of %s", string(f), formatList())
}

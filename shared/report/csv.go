package report

import (
	"bufio"
	"encoding/csv"
	"io"

	"github.com/shizhong/hotline/shared/score"
)

// bom is the UTF-8 byte order mark; without it Excel reads a CSV file in
// the local code page and garbles the Chinese.
const bom = "\uFEFF"

// WriteCSV writes r as CSV: UTF-8 with a BOM, a header row in Chinese, then
// one row per unit, grouped as in the table (towns and streets first),
// numbers as plain decimals. A monthly result has a column per item
// (通报批评 is the amount subtracted); an annual one has 考核月数 instead.
// The result's warnings follow the units, after an empty row, one row each:
// 提示 and the text, padded to the width of the table so that every row has
// the same number of fields.
func WriteCSV(w io.Writer, r *score.Result) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cols := unitColumns(isAnnual(r))
	if err := cw.Write(headers(cols)); err != nil {
		return err
	}
	row := make([]string, len(cols))
	for _, g := range byGroup(r) {
		for _, u := range g.units {
			for i, c := range cols {
				row[i] = c.value(u).String()
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	if err := writeCSVWarnings(cw, r.Warnings, len(cols)); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeCSVWarnings writes an empty row, then 提示 and each warning.
func writeCSVWarnings(cw *csv.Writer, warnings []string, width int) error {
	if len(warnings) == 0 {
		return nil
	}
	row := make([]string, width)
	if err := cw.Write(row); err != nil {
		return err
	}
	for _, w := range warnings {
		row[0], row[1] = "提示", w
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return nil
}

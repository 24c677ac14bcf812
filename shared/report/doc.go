// Package report writes an assessment result (score.Result, SPEC §8–§9) in
// the output formats of `hotline score --format json|table|csv|xlsx`: the
// pinned JSON shape, an aligned table for a person in the district office
// reading a terminal, a CSV file that Excel opens with its Chinese intact,
// and an Excel workbook with one sheet per group, the deductions behind
// every point, the tickets returned too often and a sheet of notes.
//
// It only formats: it never computes or changes a score. It must never
// import AWS, SQL or net/http packages.
package report

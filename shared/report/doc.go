// Package report writes an assessment result (score.Result, SPEC §8–§9) in
// the output formats of `hotline score --format json|table|csv|xlsx`: the
// pinned JSON shape, an aligned table for a person in the district office
// reading a terminal, a CSV file that Excel opens with its Chinese intact,
// and an Excel workbook, written with github.com/xuri/excelize/v2: one
// sheet per group with its bottom units in light red and a bar chart of its
// totals, the deductions behind every point, the tickets returned too often
// and a sheet of notes, each sheet under a title row (period, policy, as-of
// time) and a frozen header row. Times are shown in the policy's zone,
// which the result's as-of time carries (zone.go).
//
// It only formats: it never computes or changes a score, and reads no
// clock. It must never import AWS, SQL or net/http packages.
package report

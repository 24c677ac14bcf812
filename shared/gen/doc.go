// Package gen generates a realistic synthetic district for demos and
// benchmarks: the handling units of a 12345 government-service hotline
// (units.yaml, SPEC §2) and the events of their tickets over some months
// (JSON Lines, SPEC §3). It backs the command `hotline gen`.
//
// The output is a pure function of the Config: the same Config gives the same
// bytes, on every machine (all draws come from math/rand/v2's PCG and all
// arithmetic on them is integer). Each unit has a hidden quality drawn from
// the seed that shifts its rates of late returns, overdue replies,
// supervision and dissatisfied callbacks, so that rankings spread.
//
// Events are generated and written ticket by ticket, so memory stays small
// for any number of tickets. WriteExport writes them instead as the
// platform's export (xlsx or GB18030 csv) with the centre's workbook
// (shared/centrebook), for `hotline import` (docs/import.md).
//
// It is pure domain code: it must never import AWS, SQL or net/http packages.
package gen

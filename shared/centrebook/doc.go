// Package centrebook writes 中心记录.xlsx, the centre's workbook of the
// events that the platform's export does not hold (docs/import.md,
// "中心记录.xlsx"): organisation assessments, absences, criticisms,
// supervision and overdue decisions, approved unreasonable demands and redos,
// one sheet each, with a sheet of instructions and, in every column that
// takes one of a few values, a list to choose from. `hotline template`
// writes it empty; `hotline gen --format xlsx|csv` writes it filled; `hotline
// import` reads it back with the built-in mapping
// shared/importer/mappings/centre-workbook.yaml, which its layout must match.
//
// It depends on excelize and the domain packages event and unit only; it
// must never import AWS, SQL or net/http packages.
package centrebook

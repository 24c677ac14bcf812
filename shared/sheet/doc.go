// Package sheet gives the rows of the tables of a spreadsheet file, streamed:
// the sheets of an .xlsx workbook, or the one table of a .csv file, each row
// as the text of its cells with the row number a person sees in Excel or a
// text editor. It is what `hotline import` reads the city platform's exports
// and the centre's workbook with; it knows nothing of events or mappings
// (shared/importer decodes the rows).
//
// The xlsx format is read with github.com/xuri/excelize/v2 and not by hand:
// a workbook is a zip of XML parts (the workbook's sheet list, relationships,
// shared strings, inline strings, one part per sheet) whose corners — sheets
// renamed or reordered, rows without an r attribute, shared strings with rich
// text runs, huge sheets spilled to temporary files — excelize already gets
// right, and its Rows iterator reads a sheet as a stream. Cells are read raw
// (excelize.Options.RawCellValue): numbers and dates as stored, an Excel
// serial date as its number, never formatted in a locale.
//
// The encodings of a csv are decoded with golang.org/x/text and not by hand:
// GB18030 (a superset of GBK, what Excel saves on Chinese Windows) has
// two- and four-byte sequences and a large mapping table that x/text keeps
// correct. The records are parsed by encoding/csv.
//
// Each call to Tables or Read opens the file anew; excelize unzips a
// workbook's large sheets to temporary files when it opens it and removes
// them when Read returns.
//
// Serial and FromSerial convert Excel's serial dates (days since
// 1899-12-30, the fraction the time of day), which a raw cell holds, to and
// from wall times: the reader of exports and the writers of workbooks (gen,
// centrebook) share them.
//
// It must never import the project's domain packages, AWS, SQL or net/http.
package sheet

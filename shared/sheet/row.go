package sheet

// Row is one row of a table.
type Row struct {
	// File is the path of the file, as given to Read.
	File string
	// Sheet is the sheet's name; for a csv, the file's base name without
	// ".csv".
	Sheet string
	// Number is the row's number, 1-based, as Excel shows it or, for a csv,
	// the line a text editor shows the record starting on.
	Number int
	// Cells are the cells' values as stored: text as text (untrimmed),
	// numbers and dates (Excel serial numbers, e.g. "46304.427083333336") raw,
	// not formatted. Trailing empty cells of an xlsx row may be absent; the
	// value of a merged range is in its top-left cell only.
	Cells []string
}

// Options are the options of Read.
type Options struct {
	// Encoding is the encoding of a csv file; Auto detects it. It is not
	// used for an xlsx.
	Encoding Encoding
	// Progress, if not nil, is called as the read goes on and once at its
	// end: for a csv with the bytes of the file read and the file's size,
	// for an xlsx with the rows read and the last row the sheet declares
	// (its dimension, which Excel writes; 0, not known, when it declares
	// none, as excelize's writers unless told). It is called at most every
	// MiB of a csv or every 10,000 rows of an xlsx; done never decreases and
	// never exceeds a known total.
	Progress func(done, total int64)
}

// The workbook is written by hand, on archive/zip, rather than with
// github.com/xuri/excelize/v2. excelize is the best Go library for Excel
// files (the tests still read the workbook back with it, as an independent
// check), but linked into the month-end Lambda it cost about 5 MiB: the
// monthly-scores bootstrap was 14.5 MiB against a 10 MB limit
// (docs/performance.md, "Bootstrap size"). The workbook needed here is small and
// write-only: a few sheets of text and numbers, a bold frozen header row, two
// number formats and column widths. That is a zip of a few fixed
// SpreadsheetML parts (ECMA-376 Part 1) and one part per sheet. encoding/xml
// is not needed either: xmltext.go escapes.

package report

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// workbook is an Excel workbook being filled sheet by sheet, then written
// as an Office Open XML package.
type workbook struct {
	title   string // the document title, if any
	sheets  []worksheet
	strings sharedStrings
	names   map[string]bool // sheet names taken, folded to lower case
}

// worksheet is one rendered sheet.
type worksheet struct {
	name string
	xml  string
}

// zipTime is the modification time of every part, so the same workbook
// gives the same bytes: the earliest time a zip file can hold.
var zipTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// XML namespaces and the declaration every part starts with.
const (
	xmlDecl      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	mainNS       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// part is one file of the package.
type part struct {
	name string
	body string
}

// write writes the workbook as a zip of its parts, in a fixed order.
func (x *workbook) write(w io.Writer) error {
	z := zip.NewWriter(w)
	for _, p := range x.parts() {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("xlsx: add %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("xlsx: write %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("xlsx: finish the zip: %w", err)
	}
	return nil
}

// parts are the package's files: content types, relationships, document
// properties, the workbook, its styles and strings, then the sheets.
func (x *workbook) parts() []part {
	var types, rels, sheets strings.Builder
	types.WriteString(xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	rels.WriteString(xmlDecl + `<Relationships xmlns="` + packageRelNS + `">`)
	sheets.WriteString(xmlDecl + `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	out := make([]part, 0, len(x.sheets))
	for i, s := range x.sheets {
		n := strconv.Itoa(i + 1)
		file := "worksheets/sheet" + n + ".xml"
		types.WriteString(`<Override PartName="/xl/` + file +
			`" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
		rels.WriteString(`<Relationship Id="rId` + n + `" Type="` + relNS + `/worksheet" Target="` + file + `"/>`)
		sheets.WriteString(`<sheet name="` + escapeXML(s.name) + `" sheetId="` + n + `" r:id="rId` + n + `"/>`)
		out = append(out, part{"xl/" + file, s.xml})
	}
	types.WriteString(`</Types>`)
	next := len(x.sheets) + 1
	rels.WriteString(`<Relationship Id="rId` + strconv.Itoa(next) + `" Type="` + relNS + `/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId` + strconv.Itoa(next+1) + `" Type="` + relNS + `/sharedStrings" Target="sharedStrings.xml"/>` +
		`</Relationships>`)
	sheets.WriteString(`</sheets></workbook>`)

	return append([]part{
		{"[Content_Types].xml", types.String()},
		{"_rels/.rels", xmlDecl + `<Relationships xmlns="` + packageRelNS + `">` +
			`<Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="` + packageRelNS + `/metadata/core-properties" Target="docProps/core.xml"/>` +
			`</Relationships>`},
		{"docProps/core.xml", x.core()},
		{"xl/workbook.xml", sheets.String()},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", stylesXML},
		{"xl/sharedStrings.xml", x.strings.xml()},
	}, out...)
}

// core is the document properties part: the title.
func (x *workbook) core() string {
	return xmlDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + escapeXML(x.title) + `</dc:title></cp:coreProperties>`
}

// The cell styles, indexes into the cellXfs of stylesXML.
const (
	plainStyle   = 0
	headerStyle  = 1 // bold
	pointsStyle  = 2 // built-in number format 2, "0.00"
	percentStyle = 3 // built-in number format 10, "0.00%"
)

// stylesXML defines the fonts (regular, bold) and the cell styles above.
const stylesXML = xmlDecl + `<styleSheet xmlns="` + mainNS + `">` +
	`<fonts count="2">` +
	`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`</fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="4">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

// Package mappings holds the mapping files the project ships
// (docs/import.md): that of the platform export `hotline gen --format
// xlsx|csv` writes, and that of the centre's workbook, which `hotline
// import` reads without a mapping.
package mappings

import _ "embed"

// GenPlatform is gen-platform.yaml: the export of `hotline gen --format`.
//
//go:embed gen-platform.yaml
var GenPlatform []byte

// CentreWorkbook is centre-workbook.yaml: 中心记录.xlsx, as `hotline
// template` writes it.
//
//go:embed centre-workbook.yaml
var CentreWorkbook []byte

// Package mappings holds the two mappings shipped with `hotline import`
// (docs/import.md): the platform export that `hotline gen --format
// xlsx|csv` writes, and the centre's workbook that `hotline template`
// writes, which the import reads without a mapping file. It imports nothing.
package mappings

import _ "embed"

// GenPlatform is gen-platform.yaml, the mapping of the export `hotline gen`
// writes; gen copies it into its folder as mapping.yaml.
//
//go:embed gen-platform.yaml
var GenPlatform []byte

// CentreWorkbook is centre-workbook.yaml, the built-in mapping of 中心记录.xlsx.
//
//go:embed centre-workbook.yaml
var CentreWorkbook []byte

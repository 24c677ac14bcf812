package publish

import (
	"fmt"
	"strings"
)

// DefaultPrefix is the key prefix when none is configured.
const DefaultPrefix = "rankings"

// The content types of the objects.
const (
	TypeJSON = "application/json; charset=utf-8"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Encryption is the server-side encryption every object is put with.
const Encryption = "AES256"

// Keys are the object keys of one published version. Every key is built
// here.
type Keys struct {
	JSON   string `json:"ranking_json"` // <prefix>/<period>/v<version>/ranking.json
	XLSX   string `json:"ranking_xlsx"` // <prefix>/<period>/v<version>/ranking.xlsx
	Latest string `json:"latest"`       // <prefix>/<period>/latest.json
}

// KeysOf returns the keys of version v of period under prefix (slashes
// around it are ignored; DefaultPrefix when empty).
func KeysOf(prefix, period string, v int) Keys {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		prefix = DefaultPrefix
	}
	dir := prefix + "/" + period
	version := fmt.Sprintf("%s/v%d", dir, v)
	return Keys{
		JSON:   version + "/ranking.json",
		XLSX:   version + "/ranking.xlsx",
		Latest: dir + "/latest.json",
	}
}

// List is the keys in the order they are put.
func (k Keys) List() []string { return []string{k.JSON, k.XLSX, k.Latest} }

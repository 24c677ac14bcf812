package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shizhong/hotline/shared/sheet"
)

// isBlank reports whether r is a space a cell may hold: Unicode white
// space (tabs, the full-width space U+3000), and the zero-width space and
// BOM that copied text brings.
func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' }

// trim is a cell's text without the spaces around it.
func trim(s string) string { return strings.TrimFunc(s, isBlank) }

// parseTime reads a cell as a time: an Excel serial date (a number: days,
// the fraction the time of day, rounded to the second), RFC 3339, or text
// in one of the layouts, in zone.
func parseTime(s string, layouts []string, zone *time.Location) (time.Time, error) {
	if serial, err := strconv.ParseFloat(s, 64); err == nil {
		if serial < 1 || serial > 2958465 || math.IsNaN(serial) { // 9999-12-31
			return time.Time{}, fmt.Errorf("%s is not an Excel date", s)
		}
		return sheet.FromSerial(serial, zone), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("expected a time (an Excel date, RFC 3339, or %s), not %q", strings.Join(layouts, " or "), s)
}

// parseBool reads a yes or no in the words exports use.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "是", "true", "1", "y", "yes":
		return true, true
	case "否", "false", "0", "n", "no":
		return false, true
	}
	return false, false
}

// jsonString is s as a JSON string (cells are text: invalid UTF-8 is
// replaced by U+FFFD, as encoding/json does).
func jsonString(s string) []byte { return appendJSONString(make([]byte, 0, len(s)+2), s) }

// appendJSONString appends s to b as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, r)...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// columnName is the spreadsheet name of the 0-based column i: A, B, …, Z,
// AA, ….
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

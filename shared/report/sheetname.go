package report

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// Sheet names and cell text are made valid here, before excelize sees them:
// excelize turns a character XML cannot carry into U+FFFD and refuses a
// sheet name Excel would refuse, where the workbook drops the one and mends
// the other.

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
}

// maxCellText is the most characters (UTF-16 code units) Excel keeps in a
// cell; it reports a workbook with a longer text as damaged.
const maxCellText = 32767

// cellText is s as a cell can hold it: without the characters XML cannot
// carry, cut to maxCellText.
func cellText(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if !xmlChar(r) {
			continue
		}
		if n += utf16.RuneLen(r); n > maxCellText {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cellString is s as the text of a cell: cellText, with a literal
// "_xHHHH_" escaped. excelize v2.11.1 escapes it for the shared strings'
// index but writes the text unescaped (File.setSharedString), so Excel
// and excelize itself would read "_x0041_" back as "A".
func cellString(s string) string { return escapeUnderscores(cellText(s)) }

// escapeUnderscores keeps a literal "_xHHHH_" in a cell's text: Excel reads
// it as the character U+HHHH unless its underscore is written _x005F_.
func escapeUnderscores(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && i+7 <= len(s) && s[i+1] == 'x' && s[i+6] == '_' && isHex(s[i+2:i+6]) {
			b.WriteString("_x005F")
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isHex reports whether s is a hexadecimal number of up to 4 digits.
func isHex(s string) bool {
	_, err := strconv.ParseUint(s, 16, 16)
	return err == nil
}

// maxSheetName is the longest sheet name Excel allows, in characters.
const maxSheetName = 31

// uniqueSheetName makes s a valid sheet name that no earlier sheet has (Excel
// compares them without case): at most 31 characters, none of : \ / ? * [ ]
// (each becomes _), no control characters, not starting or ending with an
// apostrophe, not empty; a name already taken gets a number, 镇街 (2).
func (x *workbook) uniqueSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`:\/?*[]`, r):
			return '_'
		case !xmlChar(r) || r < 0x20:
			return -1
		}
		return r
	}, s)
	s = strings.Trim(s, "'")
	if s == "" {
		s = "_"
	}
	if x.names == nil {
		x.names = map[string]bool{}
	}
	name := strings.TrimRight(truncateRunes(s, maxSheetName), "'")
	for n := 2; x.names[strings.ToLower(name)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		name = truncateRunes(s, maxSheetName-len(suffix)) + suffix
	}
	x.names[strings.ToLower(name)] = true
	return name
}

// truncateRunes is s cut to its first n runes.
func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

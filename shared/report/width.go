package report

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// displayWidth is the number of terminal columns s takes: East Asian wide
// and fullwidth runes (Chinese characters, fullwidth brackets （）) take 2,
// combining marks, format and control characters 0, everything else 1.
// Ambiguous runes count 1, as in most terminals outside CJK legacy modes.
// golang.org/x/text/width is a direct requirement, so the
// Unicode tables are used rather than hand-written rune ranges.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r == 0 || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// padRight pads s with spaces on the right to w columns.
func padRight(s string, w int) string {
	if d := w - displayWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// padLeft pads s with spaces on the left to w columns.
func padLeft(s string, w int) string {
	if d := w - displayWidth(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

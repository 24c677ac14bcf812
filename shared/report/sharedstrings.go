package report

import (
	"strconv"
	"strings"
)

// sharedStrings is the workbook's table of text: each distinct text once,
// in order of first use, which cells refer to by index.
type sharedStrings struct {
	index map[string]int
	list  []string
	uses  int // cells referring to the table
}

// add returns the index of s, made fit for a cell (cellText), adding it on
// first use.
func (s *sharedStrings) add(text string) int {
	text = cellText(text)
	s.uses++
	if i, ok := s.index[text]; ok {
		return i
	}
	if s.index == nil {
		s.index = map[string]int{}
	}
	s.index[text] = len(s.list)
	s.list = append(s.list, text)
	return len(s.list) - 1
}

// xml is the sharedStrings part.
func (s *sharedStrings) xml() string {
	var b strings.Builder
	b.WriteString(xmlDecl + `<sst xmlns="` + mainNS + `" count="` + strconv.Itoa(s.uses) +
		`" uniqueCount="` + strconv.Itoa(len(s.list)) + `">`)
	for _, t := range s.list {
		b.WriteString(`<si><t`)
		if t != strings.TrimSpace(t) {
			b.WriteString(` xml:space="preserve"`)
		}
		b.WriteString(`>` + escapeXML(escapeUnderscores(t)) + `</t></si>`)
	}
	b.WriteString(`</sst>`)
	return b.String()
}

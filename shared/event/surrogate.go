package event

import (
	"bytes"
	"encoding/json"
)

// CheckEscapes looks through raw JSON text for \u escapes that are not
// characters: a lone or reversed half of a surrogate pair (\uD800–\uDFFF
// not forming a pair). RFC 8259 §8.2 leaves such text undefined and RFC
// 7493 (I-JSON) forbids it; the parser (fastjson) would keep a lone half as
// six characters of text and turn a broken pair into U+FFFD, swallowing the
// character after it. The error names the key of the string (or the key
// itself when the escape is in a key). Text without a \u escape is passed
// at the cost of one search.
func CheckEscapes(data []byte) error {
	if bytes.Index(data, []byte(`\u`)) < 0 {
		return nil
	}
	var key []byte // the last key seen, at any depth
	for i := 0; i < len(data); i++ {
		if data[i] != '"' {
			continue
		}
		start := i + 1
		bad := false
		for i++; i < len(data) && data[i] != '"'; i++ {
			if data[i] != '\\' || i+1 >= len(data) {
				continue
			}
			i++
			if data[i] != 'u' {
				continue
			}
			r, ok := hex4(data, i+1)
			if !ok {
				continue // the parser refuses a malformed escape itself
			}
			i += 4
			switch {
			case 0xDC00 <= r && r <= 0xDFFF:
				bad = true
			case 0xD800 <= r && r <= 0xDBFF:
				lo, ok := uint16(0), false
				if i+2 < len(data) && data[i+1] == '\\' && data[i+2] == 'u' {
					lo, ok = hex4(data, i+3)
				}
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					bad = true
				} else {
					i += 6
				}
			}
		}
		text := data[start:min(i, len(data))]
		isKey := false
		for j := i + 1; j < len(data); j++ {
			if c := data[j]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				isKey = c == ':'
				break
			}
		}
		if isKey {
			key = text
		}
		if bad {
			return fieldErr(unquote(key), "holds a \\u escape that is half of a surrogate pair (\\ud800–\\udfff), which is no character")
		}
	}
	return nil
}

// hex4 reads four hexadecimal digits at data[i:].
func hex4(data []byte, i int) (uint16, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r uint16
	for _, c := range data[i : i+4] {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | uint16(d)
	}
	return r, true
}

// unquote is the text of a key as JSON reads it, its escapes resolved
// ("\u0069d" is "id"); the raw text if it does not read.
func unquote(raw []byte) string {
	var s string
	if json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s) != nil {
		return string(raw)
	}
	return s
}

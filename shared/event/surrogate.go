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
			if data[i] != '\\' {
				continue
			}
			n, ok := EscapeLen(data, i)
			if !ok {
				bad = true
				n = 5
			}
			i += n
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

// EscapeLen reads the escape at data[i] (a backslash) of a JSON string and
// returns how many bytes after the backslash it takes, a surrogate pair
// taken together. ok is false for a \u escape of a UTF-16 surrogate that is
// not half of a pair: a low surrogate alone, or a high one not followed by
// a low one. Any other escape takes one byte; a malformed one is left to
// the parser. The HTTP API's body check reads strings with it too.
func EscapeLen(data []byte, i int) (n int, ok bool) {
	hi, isU := hex4(data, i)
	switch {
	case !isU:
		return 1, true
	case hi >= 0xdc00 && hi <= 0xdfff:
		return 0, false
	case hi < 0xd800 || hi > 0xdbff:
		return 5, true
	}
	lo, isU := hex4(data, i+6)
	if !isU || lo < 0xdc00 || lo > 0xdfff {
		return 0, false
	}
	return 11, true
}

// hex4 reads a \uXXXX escape at data[i].
func hex4(data []byte, i int) (rune, bool) {
	if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range data[i+2 : i+6] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
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

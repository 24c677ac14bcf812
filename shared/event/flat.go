package event

import (
	"encoding/binary"
	"math/bits"
)

// scanFlat reads the usual event line without the parser: one JSON object
// of known keys, each once, whose values are strings without a backslash
// or a control character, JSON numbers, true, false or null. It fills vals
// as the parser's values would (valueOf) and returns the fields present
// (not null). Anything else — an escape, a nested value, an unknown or
// repeated key, a number the contract refuses, bad JSON — it leaves to the
// parser (ok false), which decodes it or names what is wrong; so it
// accepts only what the parser reads, and reads it the same. seen are the
// fields whose values it set, null ones and those of a refused line
// included.
func scanFlat(data []byte, vals *[numFields]value) (present, seen fieldSet, ok bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return 0, 0, false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return 0, 0, skipSpace(data, i+1) == len(data)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, seen, false
		}
		f, next, known := shortKey(data, i+1)
		if !known {
			key, after, _, ok := plainString(data, i+1)
			if !ok {
				return 0, seen, false
			}
			f, known = lookupField(key)
			next = after
		}
		if !known || seen.has(f) {
			return 0, seen, false
		}
		seen |= 1 << f
		i = skipSpace(data, next)
		if i >= len(data) || data[i] != ':' {
			return 0, seen, false
		}
		i = skipSpace(data, i+1)
		if i >= len(data) {
			return 0, seen, false
		}
		var v value
		switch c := data[i]; {
		case c == '"':
			b, next, ascii, ok := plainString(data, i+1)
			if !ok {
				return 0, seen, false
			}
			v, i = value{kind: stringValue, b: b, ascii: ascii}, next
		case c == 't' || c == 'f' || c == 'n':
			word, kind := "null", nullValue
			if c == 't' {
				word, kind = "true", trueValue
			} else if c == 'f' {
				word, kind = "false", falseValue
			}
			if len(data)-i < len(word) || string(data[i:i+len(word)]) != word {
				return 0, seen, false
			}
			v, i = value{kind: kind}, i+len(word)
		case c == '-' || '0' <= c && c <= '9':
			j := i
			for j < len(data) && isNumberByte(data[j]) {
				j++
			}
			if !isJSONNumber(string(data[i:j])) {
				return 0, seen, false
			}
			v, i = value{kind: numberValue, b: data[i:j]}, j
		default:
			return 0, seen, false
		}
		vals[f] = v
		if v.kind != nullValue {
			present |= 1 << f
		}
		i = skipSpace(data, i)
		if i >= len(data) {
			return 0, seen, false
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return present, seen, skipSpace(data, i+1) == len(data)
		default:
			return 0, seen, false
		}
	}
}

// plainString reads a string's text from data[i:] up to its closing quote,
// refusing (ok false) a backslash or a control character in it, and tells
// whether the text is all ASCII. It reads eight bytes at a time and goes
// straight to the first of them that is a quote, a backslash or a control
// character.
func plainString(data []byte, i int) (text []byte, next int, ascii, ok bool) {
	const highs = 0x8080808080808080
	var high uint64
	j := i
	for ; j+8 <= len(data); j += 8 {
		x := binary.LittleEndian.Uint64(data[j:])
		if s := stops(x); s != 0 {
			// The lowest byte stops names is the first stop: a false
			// report comes only above a true one.
			k := bits.TrailingZeros64(s) >> 3
			high |= x & highs & (1<<(8*k) - 1)
			if j += k; data[j] != '"' {
				return nil, 0, false, false
			}
			return data[i:j], j + 1, high == 0, true
		}
		high |= x & highs
	}
	for ; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return data[i:j], j + 1, high == 0, true
		case c == '\\' || c < 0x20:
			return nil, 0, false, false
		case c >= 0x80:
			high = 1
		}
	}
	return nil, 0, false, false
}

// stops is not zero when one of the eight bytes of x is a quote, a
// backslash or below 0x20 (the classic bit tricks: a byte of x^q is zero
// where x has q, and v-0x01… borrows into the high bit of a byte below the
// constant unless the byte had its high bit set).
func stops(x uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	quote := x ^ (ones * '"')
	slash := x ^ (ones * '\\')
	return ((quote-ones)&^quote | (slash-ones)&^slash | (x-ones*0x20)&^x) & highs
}

// isNumberByte tells the bytes a number is scanned over, as the parser
// does; isJSONNumber then judges the run.
func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// skipSpace skips JSON whitespace from data[i:].
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// shortKeys are the fields whose names are at most sixteen bytes, by the
// length of the name, each with its name as two little-endian words.
var shortKeys = func() (keys [17][]shortKeyWords) {
	for f, name := range fieldNames {
		if len(name) <= 16 {
			var w [16]byte
			copy(w[:], name)
			keys[len(name)] = append(keys[len(name)], shortKeyWords{
				binary.LittleEndian.Uint64(w[:8]), binary.LittleEndian.Uint64(w[8:]), field(f)})
		}
	}
	return keys
}()

type shortKeyWords struct {
	lo, hi uint64
	f      field
}

// shortKey reads a key of at most sixteen bytes from data[i:], the byte
// after its opening quote, a word at a time: when the bytes up to the
// first quote are the name of a field (which holds no backslash and no
// control character), it returns the field and the index after the
// closing quote. Anything else (a longer key, an unknown one, the end of
// the data near) is known false, for plainString and lookupField to read.
func shortKey(data []byte, i int) (f field, next int, known bool) {
	if i+16 > len(data) {
		return 0, 0, false
	}
	lo := binary.LittleEndian.Uint64(data[i:])
	hi := binary.LittleEndian.Uint64(data[i+8:])
	n := 0
	if q := quotes(lo); q != 0 {
		n = bits.TrailingZeros64(q) >> 3 // the first quote: exact
		lo, hi = lo&(1<<(8*n)-1), 0
	} else if q := quotes(hi); q != 0 {
		n = bits.TrailingZeros64(q)>>3 + 8
		hi &= 1<<(8*(n-8)) - 1
	} else {
		return 0, 0, false
	}
	for _, k := range shortKeys[n] {
		if k.lo == lo && k.hi == hi {
			return k.f, i + n + 1, true
		}
	}
	return 0, 0, false
}

// quotes is not zero when one of the eight bytes of x is a quote, its
// lowest set bit in the first of them (as stops).
func quotes(x uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	q := x ^ (ones * '"')
	return (q - ones) &^ q & highs
}

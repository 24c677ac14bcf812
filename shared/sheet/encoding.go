package sheet

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding is the encoding of a csv file.
type Encoding string

// The encodings of a csv file.
const (
	// Auto detects the encoding: a UTF-8 byte order mark means UTF-8 (the
	// mark is dropped); else the first 64 KiB being valid UTF-8 means UTF-8;
	// else GB18030.
	Auto Encoding = ""
	// UTF8 is UTF-8, with or without a byte order mark.
	UTF8 Encoding = "utf-8"
	// GB18030 is GB18030, which includes GBK and GB2312: what Excel saves a
	// csv in on Chinese Windows.
	GB18030 Encoding = "gb18030"
)

// sniffSize is how much of a csv Auto looks at.
const sniffSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseEncoding returns the encoding a name says, as --encoding takes it:
// "" or "auto", "utf-8" or "utf8", "gb18030" or "gbk", in any case.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "gb18030", "gbk":
		return GB18030, nil
	}
	return "", fmt.Errorf("unknown encoding %q: want auto, utf-8 or gb18030 (gbk)", s)
}

// String returns the encoding's name; "auto" for Auto.
func (e Encoding) String() string {
	if e == Auto {
		return "auto"
	}
	return string(e)
}

// decode returns the text of a csv read from br (whose buffer holds at least
// sniffSize bytes) as UTF-8, without a byte order mark, and the encoding it
// is read in: enc, or the one detected when enc is Auto.
func decode(br *bufio.Reader, enc Encoding) (io.Reader, Encoding, error) {
	prefix, err := br.Peek(sniffSize)
	atEOF := err == io.EOF
	if err != nil && !atEOF {
		return nil, enc, err
	}
	if enc == Auto {
		switch {
		case bytes.HasPrefix(prefix, utf8BOM), validPrefix(prefix, atEOF):
			enc = UTF8
		default:
			enc = GB18030
		}
	}
	switch enc {
	case UTF8:
		if bytes.HasPrefix(prefix, utf8BOM) {
			_, _ = br.Discard(len(utf8BOM)) // peeked: cannot fail
		}
		return br, enc, nil
	case GB18030:
		// GB18030's own byte order mark (84 31 95 33) decodes to U+FEFF.
		text := bufio.NewReader(transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()))
		if mark, _ := text.Peek(len(utf8BOM)); bytes.Equal(mark, utf8BOM) {
			_, _ = text.Discard(len(utf8BOM))
		}
		return text, enc, nil
	}
	return nil, enc, fmt.Errorf("unknown encoding %q: want auto, utf-8 or gb18030 (gbk)", string(enc))
}

// validPrefix reports whether b, the start of a file, is valid UTF-8, the
// end of b cutting a rune short unless b is the whole file.
func validPrefix(b []byte, atEOF bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if atEOF {
		return false
	}
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if tail := b[len(b)-i:]; utf8.RuneStart(tail[0]) {
			return !utf8.FullRune(tail) && utf8.Valid(b[:len(b)-i])
		}
	}
	return false
}

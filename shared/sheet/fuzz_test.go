package sheet_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shizhong/hotline/shared/sheet"
)

// FuzzCSV: any bytes as a csv, in any encoding, never panic; the rows come
// with increasing numbers, none past the file's last line, their cells
// UTF-8; an error is a *sheet.Error naming the file.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("序号,工单编号\r\n1,A001\r\n"), uint8(0))
	f.Add([]byte("\xEF\xBB\xBFa,\"b\nc\",d\n\ne\n"), uint8(1))
	f.Add([]byte("\xd0\xf2\xba\xc5,\xb5\xa5\xce\xbb\r\n"), uint8(0))
	f.Add([]byte("\x84\x31\x95\x33a,b\r\n"), uint8(2))
	f.Add([]byte("a,b\"c\n\"d\n"), uint8(0))
	dir := f.TempDir()
	encodings := []sheet.Encoding{sheet.Auto, sheet.UTF8, sheet.GB18030}
	f.Fuzz(func(t *testing.T, data []byte, e uint8) {
		file, err := os.CreateTemp(dir, "*.csv")
		if err != nil {
			t.Fatal(err)
		}
		path := file.Name()
		defer os.Remove(path)
		if _, err := file.Write(data); err != nil {
			t.Fatal(err)
		}
		if err := file.Close(); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(path[len(dir)+1:], ".csv")
		lines := bytes.Count(data, []byte("\n")) + 1
		last := 0
		err = sheet.Read(path, name, sheet.Options{Encoding: encodings[int(e)%len(encodings)]}, func(r sheet.Row) error {
			if r.Number <= last || r.Number > lines {
				t.Fatalf("row %d after row %d, of a file of %d lines", r.Number, last, lines)
			}
			last = r.Number
			if len(r.Cells) == 0 {
				t.Fatalf("row %d has no cells", r.Number)
			}
			for _, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row %d: cell %q is not UTF-8", r.Number, c)
				}
			}
			return nil
		})
		var serr *sheet.Error
		if err != nil && (!errors.As(err, &serr) || serr.File != path || !strings.HasPrefix(err.Error(), path+": ")) {
			t.Fatalf("error %v: want a *sheet.Error naming %s", err, path)
		}
	})
}

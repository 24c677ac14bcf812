package sheet_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shizhong/hotline/shared/sheet"
)

// gb encodes s in GB18030 as Excel on Chinese Windows saves a csv.
func gb(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}

const chinese = "序号,工单编号,承办单位\r\n1,A001,区公安分局\r\n2,A002,“市中区”住建局 \r\n"

var chineseRows = []numbered{
	{1, []string{"序号", "工单编号", "承办单位"}},
	{2, []string{"1", "A001", "区公安分局"}},
	{3, []string{"2", "A002", "“市中区”住建局 "}},
}

func TestReadCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		file []byte
		enc  sheet.Encoding
		want []numbered
	}{
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), chinese...), sheet.Auto, chineseRows},
		{"utf-8 with BOM, asked", append([]byte("\xEF\xBB\xBF"), chinese...), sheet.UTF8, chineseRows},
		{"utf-8", []byte(chinese), sheet.Auto, chineseRows},
		{"gb18030 detected", gb(t, chinese), sheet.Auto, chineseRows},
		{"gb18030 asked", gb(t, chinese), sheet.GB18030, chineseRows},
		{"gb18030 with its BOM", gb(t, "\uFEFF"+chinese), sheet.Auto, chineseRows},
		{"LF", []byte(strings.ReplaceAll(chinese, "\r\n", "\n")), sheet.Auto, chineseRows},
		{"CRLF, no final newline", []byte("a,b\r\nc,d"), sheet.Auto, []numbered{
			{1, []string{"a", "b"}},
			{2, []string{"c", "d"}},
		}},
		{"quoted newlines", []byte("a,\"第一行\r\n第二行\",c\r\nd,e\r\n\"x\n\ny\"\r\n\r\nf\r\n"), sheet.Auto, []numbered{
			{1, []string{"a", "第一行\n第二行", "c"}},
			{3, []string{"d", "e"}},
			{4, []string{"x\n\ny"}},
			{8, []string{"f"}},
		}},
		{"fields vary, empty fields kept", []byte("a\n,,\nb,c,d,e\n"), sheet.Auto, []numbered{
			{1, []string{"a"}},
			{2, []string{"", "", ""}},
			{3, []string{"b", "c", "d", "e"}},
		}},
		{"empty", nil, sheet.Auto, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "工单明细.csv", tc.file)
			rows, err := readAll(t, path, "工单明细", sheet.Options{Encoding: tc.enc})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, numbers(rows)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			for _, r := range rows {
				if r.File != path || r.Sheet != "工单明细" {
					t.Errorf("row %d: File, Sheet = %q, %q; want %q, 工单明细", r.Number, r.File, r.Sheet, path)
				}
			}
		})
	}
}

// TestReadCSVRuneCutAtSniff: the 64 KiB Auto looks at end inside a rune;
// the file is still UTF-8.
func TestReadCSVRuneCutAtSniff(t *testing.T) {
	for cut := 1; cut <= 2; cut++ {
		line := strings.Repeat("a", 99) + "\n"
		var b strings.Builder
		for b.Len()+len(line) <= 64<<10-cut {
			b.WriteString(line)
		}
		b.WriteString(strings.Repeat("b", 64<<10-cut-b.Len()))
		b.WriteString("单位\n") // 单 (3 bytes) straddles byte 65536
		path := writeFile(t, "x.csv", []byte(b.String()))
		rows, err := readAll(t, path, "x", sheet.Options{})
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		last := rows[len(rows)-1].Cells[0]
		if !strings.HasSuffix(last, "b单位") {
			t.Errorf("cut %d: last cell ends %q, want b单位", cut, last[len(last)-10:])
		}
	}
}

func TestReadCSVInvalidUTF8(t *testing.T) {
	var b strings.Builder
	lines := 0
	for b.Len() <= 64<<10 {
		b.WriteString("1,工单,单位\r\n")
		lines++
	}
	file := append([]byte(b.String()), "2,"...)
	file = append(file, gb(t, "区公安分局")...)
	file = append(file, "\r\n3,x\r\n"...)
	path := writeFile(t, "工单明细.csv", file)

	for _, tc := range []struct {
		enc sheet.Encoding
		why string
	}{
		{sheet.Auto, "first 64 KiB"},
		{sheet.UTF8, "asked"},
	} {
		_, err := readAll(t, path, "工单明细", sheet.Options{Encoding: tc.enc})
		var serr *sheet.Error
		if !errors.As(err, &serr) || !errors.Is(err, sheet.ErrInvalidUTF8) {
			t.Fatalf("%s: err = %v, want a *sheet.Error wrapping ErrInvalidUTF8", tc.enc, err)
		}
		if serr.File != path || serr.Row != lines+1 {
			t.Errorf("%s: File, Row = %q, %d; want %q, %d", tc.enc, serr.File, serr.Row, path, lines+1)
		}
		for _, want := range []string{path, "row " + strconv.Itoa(lines+1), "field 2", "--encoding gb18030", tc.why} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not say %q", tc.enc, err, want)
			}
		}
	}

	rows, err := readAll(t, path, "工单明细", sheet.Options{Encoding: sheet.GB18030})
	if err != nil || len(rows) != lines+2 {
		t.Fatalf("as gb18030: %d rows, %v; want %d rows", len(rows), err, lines+2)
	}
	if got := rows[lines].Cells[1]; got != "区公安分局" {
		t.Errorf("as gb18030: row %d field 2 = %q", lines+1, got)
	}
}

func TestReadCSVParseError(t *testing.T) {
	for _, tc := range []struct {
		file string
		row  int
		want string
	}{
		{"a,b\nc,d\"e\n", 2, "row 2: column 4: bare \" in non-quoted-field"},
		{"a,b\n\"c\nd\"x,e\n", 2, "row 2: line 3, column 2: extraneous or missing \" in quoted-field"},
	} {
		path := writeFile(t, "t.csv", []byte(tc.file))
		_, err := readAll(t, path, "t", sheet.Options{})
		var serr *sheet.Error
		if !errors.As(err, &serr) || serr.Row != tc.row || err.Error() != path+": "+tc.want {
			t.Errorf("%q: err = %v, want %s: %s", tc.file, err, path, tc.want)
		}
	}
}

func TestReadCSVProgress(t *testing.T) {
	var b strings.Builder
	for b.Len() < 3<<20 {
		b.WriteString("1,工单编号,承办单位,2026/10/8 10:15\n")
	}
	path := writeFile(t, "p.csv", []byte(b.String()))
	var calls [][2]int64
	_, err := readAll(t, path, "p", sheet.Options{Progress: func(done, total int64) {
		calls = append(calls, [2]int64{done, total})
	}})
	if err != nil {
		t.Fatal(err)
	}
	size := int64(b.Len())
	if len(calls) < 3 || len(calls) > 5 {
		t.Errorf("%d calls for 3 MiB, want 3 to 5: %v", len(calls), calls)
	}
	for i, c := range calls {
		if c[1] != size {
			t.Errorf("call %d = %v, want total %d", i, c, size)
		}
		if i > 0 && i < len(calls)-1 && c[0]-calls[i-1][0] < 1<<20 {
			t.Errorf("call %d = %v, less than a MiB past the last, %v", i, c, calls[i-1])
		}
	}
	if last := calls[len(calls)-1]; last[0] != size {
		t.Errorf("last call %v, want done = total = %d", last, size)
	}
}

package sheet_test

import (
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/sheet"
)

func TestParseEncoding(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sheet.Encoding
	}{
		{"", sheet.Auto},
		{"auto", sheet.Auto},
		{"AUTO", sheet.Auto},
		{"utf-8", sheet.UTF8},
		{"UTF8", sheet.UTF8},
		{"gb18030", sheet.GB18030},
		{"GBK", sheet.GB18030},
	} {
		got, err := sheet.ParseEncoding(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseEncoding(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	_, err := sheet.ParseEncoding("latin1")
	if err == nil {
		t.Fatal("ParseEncoding(latin1): no error")
	}
	for _, want := range []string{`"latin1"`, "auto", "utf-8", "gb18030"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEncoding(latin1) = %v, want it to name %s", err, want)
		}
	}
}

package report

import "testing"

func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"97.35", 5},
		{"镇街", 4},
		{"区直部门", 8},
		{"超期件（四(二)3）", 17}, // fullwidth brackets are wide, ASCII ones narrow
		{"Ａ１", 4},          // fullwidth Latin
		{"ｶ", 1},           // halfwidth katakana
		{"e\u0301", 1},     // combining accent
		{"한글", 4},
		{"-", 1},
	} {
		if got := displayWidth(tc.s); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
	if got, want := padRight("镇街", 6)+"|", "镇街  |"; got != want {
		t.Errorf("padRight = %q, want %q", got, want)
	}
	if got, want := padLeft("1", 3), "  1"; got != want {
		t.Errorf("padLeft = %q, want %q", got, want)
	}
	if got, want := padLeft("办理结果满意率", 4), "办理结果满意率"; got != want {
		t.Errorf("padLeft wider = %q, want %q", got, want)
	}
}

package appeal

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rules are the deduction rules an appeal may name (SPEC §8): those with an
// event, which a deduction_waived can cancel. The satisfaction items have
// no event and cannot be appealed.
var Rules = []string{"late_return", "noncompliant_return", "overdue", "supervision_rejected", "meeting_absent", "criticized"}

// Waivable reports whether rule is one of Rules.
func Waivable(rule string) bool { return slices.Contains(Rules, rule) }

// MaxReason and MaxNote are the lengths, in characters, of an appeal's
// reason (SPEC §12.2) and of the centre's note.
const (
	MaxReason = 1000
	MaxNote   = 1000
)

// CheckText says what is wrong with a reason or a note of at most max
// characters: empty (when required), too long, not UTF-8 or holding control
// characters other than line breaks and tabs; "" when it is fine.
func CheckText(s string, max int, required bool) string {
	switch n := utf8.RuneCountInString(s); {
	case !utf8.ValidString(s):
		return "must be UTF-8 text"
	case strings.TrimSpace(s) == "" && required:
		return "must not be empty"
	case n > max:
		return fmt.Sprintf("must be at most %d characters, not %d", max, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return fmt.Sprintf("must not hold the control character %U", r)
		}
	}
	return ""
}

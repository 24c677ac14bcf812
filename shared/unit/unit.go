package unit

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Group is the assessment group a unit is ranked in (SPEC §1, pinned values).
type Group string

// The two groups; towns and streets are listed first in every output.
const (
	TownStreet Group = "town_street" // 镇街
	Department Group = "department"  // 区直部门
)

// Groups lists the groups in output order.
var Groups = []Group{TownStreet, Department}

// Label is the group's Chinese name, as the district office reads it.
func (g Group) Label() string {
	switch g {
	case TownStreet:
		return "镇街"
	case Department:
		return "区直部门"
	}
	return string(g)
}

// Order is the group's position in Groups, or len(Groups) when unknown.
func (g Group) Order() int {
	for i, x := range Groups {
		if x == g {
			return i
		}
	}
	return len(Groups)
}

// Valid reports whether g is one of Groups.
func (g Group) Valid() bool { return g.Order() < len(Groups) }

// Unit is one handling unit.
type Unit struct {
	ID    string `yaml:"id" json:"unit_id"`
	Name  string `yaml:"name" json:"name"`
	Group Group  `yaml:"group" json:"group"`
	// Aliases are the other names exports give the unit (区公安分局 /
	// 公安分局), by which `hotline import` finds it (issue 15; extend-only:
	// optional in units.yaml). They take no part in the assessment.
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
}

// ValidID reports whether s is a unit id: 1 to 64 of [A-Za-z0-9_.-].
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// IDRule describes ValidID for error messages.
const IDRule = "must be 1 to 64 characters of A-Z a-z 0-9 _ . -"

// problem is one thing wrong with a unit: the field it is in and the
// message.
type problem struct{ field, msg string }

// problems lists everything wrong with u, in field order (id, name, group).
func (u Unit) problems() []problem {
	var ps []problem
	if !ValidID(u.ID) {
		ps = append(ps, problem{"id", fmt.Sprintf("id %q: %s", u.ID, IDRule)})
	}
	if u.Name == "" {
		ps = append(ps, problem{"name", fmt.Sprintf("unit %s: name is required", u.ID)})
	}
	if !u.Group.Valid() {
		ps = append(ps, problem{"group", fmt.Sprintf("unit %s: group %q must be %s or %s", u.ID, u.Group, TownStreet, Department)})
	}
	for i, a := range u.Aliases {
		switch {
		case strings.TrimFunc(a, isSpace) == "":
			ps = append(ps, problem{"aliases", fmt.Sprintf("unit %s: aliases[%d] is empty", u.ID, i)})
		case strings.TrimFunc(a, isSpace) != a:
			ps = append(ps, problem{"aliases", fmt.Sprintf("unit %s: aliases[%d] %q has spaces around it", u.ID, i, a)})
		case a == u.Name || slices.Index(u.Aliases, a) < i:
			ps = append(ps, problem{"aliases", fmt.Sprintf("unit %s: aliases[%d] %q is its name or another alias again", u.ID, i, a)})
		}
	}
	return ps
}

// isSpace reports whether r is a space as a cell may hold one: Unicode white
// space, the full-width space (U+3000) included.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

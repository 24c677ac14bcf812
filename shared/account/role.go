package account

import "fmt"

// Role is what an account may do (SPEC §11, names pinned).
type Role string

// The roles.
const (
	Admin  Role = "admin"  // accounts and finalising
	Centre Role = "centre" // the centre's records and the appeal decisions
	Unit   Role = "unit"   // one unit's own scores and appeals
)

// Roles lists every role, in the order above.
func Roles() []Role { return []Role{Admin, Centre, Unit} }

// ParseRole reads a role by its pinned name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("%q is not a role (admin, centre or unit)", s)
}

// Label is the role's name as the centre's staff read it.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "管理员"
	case Centre:
		return "中心"
	case Unit:
		return "承办单位"
	}
	return string(r)
}

package account

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// Account is one person's way in.
type Account struct {
	ID       string // login name, event.ValidAccountID; recorded_by of what they record
	Name     string // shown on the page; optional
	Role     Role
	UnitID   string // the unit of a Unit account; empty for the others
	Password Hash   // argon2id; never logged, never returned
	Disabled bool   // a disabled account cannot sign in, and its sessions end
	// RevokedAt ends every session begun before it: set when the password
	// changes or the account is disabled, so no store needs to find an
	// account's sessions to delete them.
	RevokedAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MaxNameLen is the most characters a name may have.
const MaxNameLen = 100

// Validate returns every problem of a, each a *FieldError naming its
// field: the id, the role, the unit (required for a unit account, and only
// for it), the name and the password hash. Whether the unit exists is the caller's to check
// (Account.CheckUnit), with the registry at hand.
func (a Account) Validate() error {
	var errs []error
	if !event.ValidAccountID(a.ID) {
		errs = append(errs, fieldError("id", fmt.Sprintf("%q %s", a.ID, event.AccountIDRule)))
	}
	if _, err := ParseRole(string(a.Role)); err != nil {
		errs = append(errs, fieldError("role", err.Error()))
	}
	switch {
	case a.Role == Unit && a.UnitID == "":
		errs = append(errs, fieldError("unit_id", "a unit account names its unit"))
	case a.Role == Unit && !unit.ValidID(a.UnitID):
		errs = append(errs, fieldError("unit_id", fmt.Sprintf("%q %s", a.UnitID, unit.IDRule)))
	case a.Role != Unit && a.UnitID != "":
		errs = append(errs, fieldError("unit_id", fmt.Sprintf("only a unit account names a unit, not a %s account", a.Role)))
	}
	if n := utf8.RuneCountInString(a.Name); n > MaxNameLen || !utf8.ValidString(a.Name) {
		errs = append(errs, fieldError("name", fmt.Sprintf("at most %d characters of UTF-8", MaxNameLen)))
	}
	if err := a.Password.Check(); err != nil {
		errs = append(errs, fieldError("password", err.Error()))
	}
	return errors.Join(errs...)
}

// CheckUnit says whether a unit account's unit is in reg (a *FieldError
// of unit_id when not).
func (a Account) CheckUnit(reg *unit.Registry) error {
	if a.Role != Unit {
		return nil
	}
	if _, ok := reg.Lookup(a.UnitID); !ok {
		return fieldError("unit_id", fmt.Sprintf("%q is not a unit of the registry", a.UnitID))
	}
	return nil
}

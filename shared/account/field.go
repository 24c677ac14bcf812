package account

import (
	"errors"
	"time"
)

// FieldError is one problem of an account, naming its field as the API
// and the command line name it (id, role, unit_id, name, password). Its
// text is "field: problem", never the password.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// fieldError is a FieldError as an error.
func fieldError(field, problem string) error { return &FieldError{Field: field, Problem: problem} }

// FieldOf is the field of the first FieldError in err (Validate joins
// them), "" when err names none.
func FieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// Revoke ends every session of a begun before now, as a new password or
// disabling the account must (SPEC §11), and marks a updated at now.
func (a *Account) Revoke(now time.Time) {
	a.RevokedAt, a.UpdatedAt = now, now
}

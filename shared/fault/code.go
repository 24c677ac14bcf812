package fault

// Code is the kind of a failure.
type Code string

// The codes. Internal is every error that carries no code: a failure the
// program did not foresee, whose text is for the log only.
const (
	Invalid      Code = "invalid"      // the input is wrong: a field, a flag, a file, a line
	NotFound     Code = "not_found"    // what the request names is not held
	Conflict     Code = "conflict"     // the request contradicts what is stored, or what is stored does not allow it yet
	Unauthorized Code = "unauthorized" // the caller is not proved (no or a bad signature, wrong credentials)
	Forbidden    Code = "forbidden"    // the caller is proved but may not do this
	Unavailable  Code = "unavailable"  // a service (the store, the key store) failed for now; try again
	Internal     Code = "internal"     // anything else: a bug or an unforeseen failure
)

// Codes lists every code, in the order above.
func Codes() []Code {
	return []Code{Invalid, NotFound, Conflict, Unauthorized, Forbidden, Unavailable, Internal}
}

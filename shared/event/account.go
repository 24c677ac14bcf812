package event

// AccountIDRule says what an account id (SPEC §11's login name, carried by
// `recorded_by`) may be.
const AccountIDRule = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', '@' and '-'"

// ValidAccountID reports whether s is a well-formed account id.
func ValidAccountID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '@' || c == '-') {
			return false
		}
	}
	return true
}

package account

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"time"
)

// tokenLen is the bytes of randomness in a session token: 256 bits (SPEC
// §11 asks at least 128).
const tokenLen = 32

// NewToken returns a new session token (base64url, 43 characters) from
// random, for the cookie, and its hash, for the store.
func NewToken(random io.Reader) (token, hash string, err error) {
	b := make([]byte, tokenLen)
	if _, err := io.ReadFull(random, b); err != nil {
		return "", "", fmt.Errorf("a session token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash is what the store keeps of a token: its SHA-256, in hex. A
// token is random and long, so a fast hash is enough: whoever reads the
// store cannot sign in with what they read.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Session is one sign-in, as stored: under its token's hash, never the
// token.
type Session struct {
	TokenHash string
	AccountID string
	CreatedAt time.Time // the sign-in: the absolute lifetime counts from it
	SeenAt    time.Time // the last request: the idle lifetime counts from it
}

// Lifetime is how long a session lasts: Idle since its last request, and
// Absolute since its sign-in, whichever ends first.
type Lifetime struct {
	Idle     time.Duration
	Absolute time.Duration
}

// DefaultLifetime is 8 hours idle, 24 hours in all.
var DefaultLifetime = Lifetime{Idle: 8 * time.Hour, Absolute: 24 * time.Hour}

// Expires is when s ends unless it is used again: the store removes it then
// (DynamoDB's TTL attribute; a sweep on SQLite).
func (l Lifetime) Expires(s Session) time.Time {
	idle, abs := s.SeenAt.Add(l.Idle), s.CreatedAt.Add(l.Absolute)
	if idle.Before(abs) {
		return idle
	}
	return abs
}

// Valid says whether s may still be used at now.
func (l Lifetime) Valid(s Session, now time.Time) bool {
	return now.Before(l.Expires(s)) && !now.Before(s.CreatedAt)
}

// Admits says whether session s of account a may be used at now: the
// account enabled, the session its own, within its lifetimes, and begun
// after the account last revoked its sessions.
func (l Lifetime) Admits(a Account, s Session, now time.Time) bool {
	return !a.Disabled && s.AccountID == a.ID && l.Valid(s, now) && !s.CreatedAt.Before(a.RevokedAt)
}

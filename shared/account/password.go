package account

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLen is the fewest characters a password may have (SPEC §11).
const MinPasswordLen = 12

// MaxPasswordLen bounds the work of hashing a password sent by anyone.
const MaxPasswordLen = 256

// CheckPassword says what is wrong with a new password, never repeating
// it: too short, too long or not UTF-8.
func CheckPassword(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case !utf8.ValidString(pw):
		return errors.New("the password is not UTF-8 text")
	case n < MinPasswordLen:
		return fmt.Errorf("the password has %d characters: at least %d are needed", n, MinPasswordLen)
	case len(pw) > MaxPasswordLen:
		return fmt.Errorf("the password is longer than %d bytes", MaxPasswordLen)
	}
	return nil
}

// Params are argon2id's cost parameters: OWASP's password storage cheat
// sheet gives m=19 MiB, t=2, p=1 as its first configuration.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams are the parameters new hashes are made with.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// Hash is a password hash in the PHC string form
// ($argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>, base64 without padding), so
// that a hash made under other parameters still verifies.
type Hash string

// HashPassword hashes pw under p with a salt of 16 bytes from random
// (crypto/rand.Reader in production). pw must pass CheckPassword.
func HashPassword(pw string, p Params, random io.Reader) (Hash, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := io.ReadFull(random, salt); err != nil {
		return "", fmt.Errorf("a salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	enc := base64.RawStdEncoding
	return Hash(fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key))), nil
}

// decoded is a Hash taken apart.
type decoded struct {
	p         Params
	salt, key []byte
}

// decode takes h apart; an error says which part is wrong, never the hash.
func (h Hash) decode() (decoded, error) {
	parts := strings.Split(string(h), "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return decoded{}, errors.New("not an argon2id hash in the PHC form")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return decoded{}, errors.New("not argon2 version 19")
	}
	var d decoded
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &d.p.Memory, &d.p.Time, &d.p.Threads); err != nil ||
		d.p.Memory < 8*uint32(d.p.Threads) || d.p.Time < 1 || d.p.Threads < 1 || d.p.Memory > 4<<20 {
		return decoded{}, errors.New("unusable argon2 parameters")
	}
	var err error
	if d.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil || len(d.salt) < 8 {
		return decoded{}, errors.New("a bad salt")
	}
	if d.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(d.key) < 16 {
		return decoded{}, errors.New("a bad key")
	}
	return d, nil
}

// Check says whether h is a usable hash.
func (h Hash) Check() error {
	_, err := h.decode()
	return err
}

// Verify says whether pw is the password of h, comparing in constant time.
// A hash that cannot be read verifies nothing.
func (h Hash) Verify(pw string) bool {
	d, err := h.decode()
	if err != nil || len(pw) > MaxPasswordLen {
		return false
	}
	key := argon2.IDKey([]byte(pw), d.salt, d.p.Time, d.p.Memory, d.p.Threads, uint32(len(d.key)))
	return subtle.ConstantTimeCompare(key, d.key) == 1
}

// String hides the hash from logs and error messages.
func (h Hash) String() string { return "[password hash]" }

// GoString hides the hash from %#v.
func (h Hash) GoString() string { return "account.Hash([password hash])" }

// unknownHash is verified against when an id is unknown, so that a wrong
// id takes as long as a wrong password (SPEC §11: the same answer for
// both). Its password is random and unknown.
var unknownHash = Hash("$argon2id$v=19$m=19456,t=2,p=1$c2lnbi1pbi11bmtub3du$1b0lmC+2Cie9BCKhb8S8Qbm7n3Pq7Nl8Jv4ybUlPxFs")

// VerifyUnknown spends the time of one Verify under DefaultParams, and
// verifies nothing: what a sign-in with an unknown id does.
func VerifyUnknown(pw string) { unknownHash.Verify(pw) }

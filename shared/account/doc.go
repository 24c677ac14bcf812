// Package account is the people who sign in (SPEC v1.1 §11): accounts with
// a role (admin, centre, or unit bound to one unit), their passwords kept
// only as argon2id hashes (golang.org/x/crypto/argon2), and the sessions
// they sign in with: an opaque random token of which only the hash is
// stored, expiring after an idle and an absolute lifetime.
//
// It is a domain package: the time is passed in, randomness comes from an
// io.Reader given by the caller (crypto/rand in production), and it must
// never import the store adapters, AWS or net/http. Storage is the port's
// (shared/store: Accounts, Sessions); the HTTP side is shared/httpapi's.
package account

// Package auth is who may post to the hotline system and how a request
// proves it: the clients of the pinned keys file (`clients: [{id, secret,
// types, admin}]`) and the pinned request signature, an HMAC-SHA256 with the
// client's secret over the timestamp, a dot and the raw body, checked in
// constant time within a 300-second window.
//
// It is pure: it never reads the clock (the time is passed in), and it must
// never import AWS or SQL packages; where the keys come from (a file, SSM
// Parameter Store) is the caller's business.
package auth

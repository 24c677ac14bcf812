// Package auth is who may post to the hotline system and how a request
// proves it: the clients of the pinned keys file (`clients: [{id, secret,
// types, admin}]`) and the pinned request signatures of SPEC §10, checked
// in constant time within a 300-second window: v2, an HMAC-SHA256 with the
// client's secret over the timestamp, the method, the path and query and
// the raw body, on every route; v1, over the timestamp, a dot and the raw
// body, on the two ingest routes only.
//
// It is pure: it never reads the clock (the time is passed in), and it must
// never import AWS or SQL packages; where the keys come from (a file, SSM
// Parameter Store) is the caller's business.
package auth

package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The pinned request headers.
const (
	HeaderClient    = "X-Hotline-Client"
	HeaderTimestamp = "X-Hotline-Timestamp"
	HeaderSignature = "X-Hotline-Signature"
)

// Window is how far a request's timestamp may be from now.
const Window = 300 * time.Second

// PrefixV2 starts a v2 signature: "v2=" and 64 lowercase hex digits.
const PrefixV2 = "v2="

// ErrUnauthorized is a request whose signature does not prove its client.
var ErrUnauthorized = errors.New("unauthorized")

// Message is what a request's signature covers (SPEC §10).
type Message struct {
	Timestamp string // X-Hotline-Timestamp, as sent
	Method    string // the request method, as sent: POST
	Target    string // the path and query as sent: /v1/admin/recompute, /v1/months/2026-10/ranking?group=department
	Body      []byte // the raw body; empty for a request without one
}

// Accept says which versions of the signature a route takes.
type Accept int

// The two kinds of route of SPEC §10.
const (
	V2Only Accept = iota // every route but the two ingest routes
	V1OrV2               // POST /v1/events and POST /v1/callbacks, for clients already built
)

// SignV2 returns the pinned v2 signature of a request: "v2=" and the
// lowercase hex of HMAC-SHA256(secret, "v2\n" + timestamp + "\n" + METHOD +
// "\n" + path-and-query + "\n" + raw body). It binds the request to its
// method and route, so that a request signed for one route is refused on
// any other.
func SignV2(secret string, m Message) string {
	mac := hmac.New(sha256.New, []byte(secret))
	for _, part := range []string{"v2", m.Timestamp, m.Method, m.Target} {
		mac.Write([]byte(part))
		mac.Write([]byte{'\n'})
	}
	mac.Write(m.Body)
	return PrefixV2 + hex.EncodeToString(mac.Sum(nil))
}

// Sign returns the pinned v1 signature of a body: lowercase hex of
// HMAC-SHA256(secret, timestamp + "." + body). It covers neither the method
// nor the route, so only the ingest routes take it (V1OrV2).
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a request's client, timestamp and signature against the
// message at time now: a v2 signature always, a v1 one only when accept
// is V1OrV2. Every failure wraps ErrUnauthorized and says why, for the log;
// the caller answers 401 without the reason.
func (cs *Clients) Verify(clientID, signature string, m Message, accept Accept, now time.Time) (*Client, error) {
	if clientID == "" || m.Timestamp == "" || signature == "" {
		return nil, fmt.Errorf("%w: missing %s, %s or %s", ErrUnauthorized, HeaderClient, HeaderTimestamp, HeaderSignature)
	}
	ts, err := strconv.ParseInt(m.Timestamp, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: timestamp %q is not Unix seconds", ErrUnauthorized, m.Timestamp)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Window || d < -Window {
		return nil, fmt.Errorf("%w: timestamp %d is %s from now, outside the %s window", ErrUnauthorized, ts, d.Round(time.Second), Window)
	}
	// The parts of a v2 message are joined by newlines: a method or a
	// target holding one (or any control character) could be read as
	// another split of the same bytes. HTTP allows neither; refuse them
	// rather than sign ambiguously.
	if !printable(m.Method) || !printable(m.Target) {
		return nil, fmt.Errorf("%w: the method or the path holds a control character", ErrUnauthorized)
	}
	c, ok := cs.byID[clientID]
	if !ok {
		return nil, fmt.Errorf("%w: unknown client %q", ErrUnauthorized, clientID)
	}
	var want string
	switch {
	case strings.HasPrefix(signature, PrefixV2):
		want = SignV2(c.Secret, m)
	case accept == V1OrV2:
		want = Sign(c.Secret, m.Timestamp, m.Body)
	default:
		return nil, fmt.Errorf("%w: client %q sent a signature without %q; %s %s takes only v2", ErrUnauthorized, clientID, PrefixV2, m.Method, m.Target)
	}
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return nil, fmt.Errorf("%w: bad signature for client %q on %s %s", ErrUnauthorized, clientID, m.Method, m.Target)
	}
	return c, nil
}

// printable reports whether s holds no ASCII control character.
func printable(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

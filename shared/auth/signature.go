package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
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

// ErrUnauthorized is a request whose signature does not prove its client.
var ErrUnauthorized = errors.New("unauthorized")

// Sign returns the pinned signature of a body: lowercase hex of
// HMAC-SHA256(secret, timestamp + "." + body).
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a request's client, timestamp and signature against the raw
// body, at time now. Every failure wraps ErrUnauthorized and says why, for
// the log; the caller answers 401 without the reason.
func (cs *Clients) Verify(clientID, timestamp, signature string, body []byte, now time.Time) (*Client, error) {
	if clientID == "" || timestamp == "" || signature == "" {
		return nil, fmt.Errorf("%w: missing %s, %s or %s", ErrUnauthorized, HeaderClient, HeaderTimestamp, HeaderSignature)
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: timestamp %q is not Unix seconds", ErrUnauthorized, timestamp)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Window || d < -Window {
		return nil, fmt.Errorf("%w: timestamp %d is %s from now, outside the %s window", ErrUnauthorized, ts, d.Round(time.Second), Window)
	}
	c, ok := cs.byID[clientID]
	if !ok {
		return nil, fmt.Errorf("%w: unknown client %q", ErrUnauthorized, clientID)
	}
	want := Sign(c.Secret, timestamp, body)
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return nil, fmt.Errorf("%w: bad signature for client %q", ErrUnauthorized, clientID)
	}
	return c, nil
}

package httpapi

import (
	"net/http"
	"strings"
	"time"
)

// SessionCookie is the name of the cookie that carries a session token
// (SPEC §11): HttpOnly, SameSite=Strict, Path=/, Secure when the request
// came over HTTPS, and lasting the session's absolute lifetime.
const SessionCookie = "hotline_session"

// tokenChars is the length of a token as account.NewToken makes it: 32
// bytes in base64url without padding.
const tokenChars = 43

// overHTTPS says whether the request reached the server over HTTPS: TLS
// here (`hotline serve` with a certificate), or before a proxy that says so
// in X-Forwarded-Proto, as API Gateway does. A client that claims https
// over plain HTTP only gets a cookie its browser will not send back.
func overHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	first, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(first), "https")
}

// setSessionCookie gives the browser the token of a new session, to be
// kept until expires (the sign-in plus the absolute lifetime).
func setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time, lifetime time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(lifetime / time.Second),
		Expires:  expires.UTC(),
		HttpOnly: true,
		Secure:   overHTTPS(r),
		SameSite: http.SameSiteStrictMode,
	})
}

// clearSessionCookie tells the browser to forget the session cookie.
func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   overHTTPS(r),
		SameSite: http.SameSiteStrictMode,
	})
}

// hasSessionCookie says whether the request carries a session cookie,
// whatever its value.
func hasSessionCookie(r *http.Request) bool {
	_, err := r.Cookie(SessionCookie)
	return err == nil
}

// sessionToken is the token of the request's session cookie, when it has
// the shape of one; a value of another shape is no token, and is not looked
// up.
func sessionToken(r *http.Request) (string, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || len(c.Value) != tokenChars {
		return "", false
	}
	for _, b := range []byte(c.Value) {
		if !('A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-' || b == '_') {
			return "", false
		}
	}
	return c.Value, true
}

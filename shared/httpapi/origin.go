package httpapi

import (
	"net/http"
	"slices"
)

// ownOrigin is the origin the request was sent to, as a browser on the
// page served from it writes it: the scheme and the host.
func ownOrigin(r *http.Request) string {
	scheme := "http"
	if overHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// originAllowed says whether a request with a session may come from
// origin: the page's own origin, or one listed exactly in Config.Origins.
// A "*" in the list opens CORS to every origin, not sessions: a request
// made with a session from an origin not named is refused all the same.
func (s *Server) originAllowed(r *http.Request, origin string) bool {
	return origin != "" && (origin == ownOrigin(r) || slices.Contains(s.cors.origins, origin) && origin != "*")
}

// safeMethod says whether a method changes nothing (RFC 9110 §9.2.1).
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkSessionOrigin refuses (403) a request that may change something
// (any method but GET, HEAD and OPTIONS) made with a session cookie whose
// Origin header is missing or not allowed (SPEC §11). A request without
// the cookie, as the signed clients make them, is not concerned.
func (s *Server) checkSessionOrigin(r *http.Request) *Error {
	if safeMethod(r.Method) || !hasSessionCookie(r) {
		return nil
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return &Error{Code: EForbidden, Message: "a request made with a session must carry an Origin header"}
	}
	if !s.originAllowed(r, origin) {
		return &Error{Code: EForbidden, Message: "origin " + origin + " may not make requests with a session"}
	}
	return nil
}

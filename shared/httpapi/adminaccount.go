package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/auth"
)

// accountsHandler is a route of the accounts, called once the request is
// proved to come from an admin client or an admin account; by names which,
// for the log.
type accountsHandler func(w http.ResponseWriter, r *http.Request, body []byte, by slog.Attr)

// errNoAdmin answers an accounts route called with neither a signature
// nor a session.
var errNoAdmin = &Error{Code: EUnauthorized, Message: "sign the request as an admin client, or sign in with an admin account"}

// adminOrAccount guards the routes of the accounts (SPEC §11: "in the
// cloud an admin client or account makes them"): adminOrRole with the role
// admin, on a server that keeps accounts (404 on one that keeps none, as
// the session routes answer).
func (s *Server) adminOrAccount(next accountsHandler) http.Handler {
	return s.adminOr([]account.Role{account.Admin}, true, next)
}

// adminOrRole guards an admin route that people of the roles named may
// call too (the centre's recompute button): on a server without accounts
// it is only the admin route (s.admin), unchanged.
func (s *Server) adminOrRole(roles []account.Role, next accountsHandler) http.Handler {
	return s.adminOr(roles, false, next)
}

// adminOr guards a route of an admin client or a person: a request with
// the signature headers is an admin client's, checked as every admin route
// (admin: v2, 401 unsigned or badly signed, 403 another client); a request
// with the session cookie is a person's, who must be signed in (401) with
// an account of one of roles (403); one with neither is 401. The Origin of
// a state-changing request with the cookie has been checked before
// (checkSessionOrigin). A server without accounts answers 404 when
// needsPeople (the route is about people), else judges every request as
// an admin client's.
func (s *Server) adminOr(roles []account.Role, needsPeople bool, next accountsHandler) http.Handler {
	byClient := s.admin(func(w http.ResponseWriter, r *http.Request, body []byte, client *auth.Client) {
		next(w, r, body, slog.String("by_client", client.ID))
	})
	byAccount := s.signedIn(requireRole(roles...)(func(w http.ResponseWriter, r *http.Request, p person) {
		body, berr := readBody(w, r)
		if berr != nil {
			writeError(w, berr)
			return
		}
		next(w, r, body, slog.String("by_account", p.account.ID))
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		switch {
		case !s.people() && needsPeople:
			writeError(w, errNoAccounts)
		case signedRequest(r) || !s.people():
			byClient.ServeHTTP(w, r)
		case hasSessionCookie(r):
			byAccount.ServeHTTP(w, r)
		case needsPeople:
			writeError(w, errNoAdmin)
		default:
			byClient.ServeHTTP(w, r) // unsigned: the admin route's own 401
		}
	})
}

// signedRequest says whether r carries any of the signature headers (SPEC
// §10): it is then a client's request, judged by its signature alone.
func signedRequest(r *http.Request) bool {
	for _, h := range []string{auth.HeaderClient, auth.HeaderTimestamp, auth.HeaderSignature} {
		if r.Header.Get(h) != "" {
			return true
		}
	}
	return false
}

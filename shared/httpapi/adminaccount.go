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
// cloud an admin client or account makes them"): a request with the
// signature headers is an admin client's, checked as every admin route
// (admin: v2, 401 unsigned or badly signed, 403 another client); a request
// with the session cookie is a person's, who must be signed in (401) with
// an account of role admin (403); one with neither is 401. The Origin of a
// state-changing request with the cookie has been checked before
// (checkSessionOrigin). A server without accounts answers 404, as the
// session routes do.
func (s *Server) adminOrAccount(next accountsHandler) http.Handler {
	byClient := s.admin(func(w http.ResponseWriter, r *http.Request, body []byte, client *auth.Client) {
		next(w, r, body, slog.String("by_client", client.ID))
	})
	byAccount := s.signedIn(requireRole(account.Admin)(func(w http.ResponseWriter, r *http.Request, p person) {
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
		case !s.people():
			writeError(w, errNoAccounts)
		case signedRequest(r):
			byClient.ServeHTTP(w, r)
		case hasSessionCookie(r):
			byAccount.ServeHTTP(w, r)
		default:
			writeError(w, errNoAdmin)
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

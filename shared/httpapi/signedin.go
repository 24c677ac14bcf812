package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/fault"
)

// seenEvery is how stale a session's SeenAt may be before a request writes
// it again: one store write per session per minute at most, rather than one
// per request. The idle lifetime so counts from up to a minute before the
// last request.
const seenEvery = time.Minute

// person is who a request is made by: the account, as stored now, and the
// session it signed in with.
type person struct {
	account account.Account
	session account.Session
}

// personHandler is a route for a signed-in person.
type personHandler func(w http.ResponseWriter, r *http.Request, p person)

// errNoSession answers a request without a session that may be used.
var errNoSession = &Error{Code: EUnauthorized, Message: "not signed in, or the session has ended; sign in again", MessageZh: "未登录或登录已过期，请重新登录"}

// errNoAccounts answers the session routes of a server that keeps no
// accounts.
var errNoAccounts = &Error{Code: ENotFound, Message: "this server keeps no accounts: signing in is not available", MessageZh: "本系统未开启账号登录"}

// people says whether the server keeps accounts and sessions.
func (s *Server) people() bool { return s.cfg.Accounts != nil && s.cfg.Sessions != nil }

// signedIn guards a route for people: the request's session cookie names a
// session that account.Lifetime.Admits with its account as stored now (so
// a disabled account, or a session begun before the account revoked its
// sessions, is refused). Without one: 401, and a cookie presented is
// cleared. Its origin has been checked before (checkSessionOrigin).
func (s *Server) signedIn(next personHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if !s.people() {
			writeError(w, errNoAccounts)
			return
		}
		p, err := s.personOf(r)
		if err != nil {
			if errors.Is(err, errNoSession) && hasSessionCookie(r) {
				clearSessionCookie(w, r)
			}
			writeError(w, err)
			return
		}
		verified(r).account = p.account.ID
		next(w, r, p)
	})
}

// requireRole lets through only the people of one of roles; the others
// are refused 403 naming the roles that may.
func requireRole(roles ...account.Role) func(personHandler) personHandler {
	return func(next personHandler) personHandler {
		return func(w http.ResponseWriter, r *http.Request, p person) {
			if !slices.Contains(roles, p.account.Role) {
				names := make([]string, len(roles))
				for i, role := range roles {
					names[i] = string(role)
				}
				writeError(w, &Error{Code: EForbidden, Message: fmt.Sprintf("a %s account may not do this (only %s)", p.account.Role, strings.Join(names, ", "))})
				return
			}
			next(w, r, p)
		}
	}
}

// personOf finds who the request is made by: errNoSession when its cookie
// names no session that may be used now (a session that may not is
// deleted), unavailable when the store fails. A session in use has its
// SeenAt written when it is older than seenEvery.
func (s *Server) personOf(r *http.Request) (person, error) {
	token, ok := sessionToken(r)
	if !ok {
		return person{}, errNoSession
	}
	ctx, now, hash := r.Context(), s.now(r), account.TokenHash(token)
	sess, err := s.cfg.Sessions.Session(ctx, hash)
	if err != nil {
		return person{}, s.sessionStoreError(r, "read session", err)
	}
	a, err := s.cfg.Accounts.Account(ctx, sess.AccountID)
	if err != nil && fault.CodeOf(err) != fault.NotFound {
		return person{}, s.sessionStoreError(r, "read account", err)
	}
	if err != nil || !s.cfg.Lifetime.Admits(a, sess, now) {
		if err := s.cfg.Sessions.DeleteSession(ctx, hash); err != nil {
			s.cfg.Log.WarnContext(ctx, "delete ended session", slog.String("account", sess.AccountID), slog.String("error", err.Error()))
		}
		return person{}, errNoSession
	}
	if now.Sub(sess.SeenAt) >= seenEvery {
		sess.SeenAt = now
		if err := s.cfg.Sessions.PutSession(ctx, sess, s.cfg.Lifetime.Expires(sess)); err != nil {
			// The session stays usable; only its idle lifetime counts
			// from the write before.
			s.cfg.Log.WarnContext(ctx, "touch session", slog.String("account", a.ID), slog.String("error", err.Error()))
		}
	}
	return person{account: a, session: sess}, nil
}

// sessionStoreError is the answer to a failed read of the accounts or the
// sessions: not found is no session, any other failure unavailable, logged.
func (s *Server) sessionStoreError(r *http.Request, what string, err error) error {
	if fault.CodeOf(err) == fault.NotFound {
		return errNoSession
	}
	s.cfg.Log.ErrorContext(r.Context(), what, slog.String("error", err.Error()))
	return fault.Wrap(fault.Unavailable, err, "the sessions could not be read now; try again")
}

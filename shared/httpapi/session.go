package httpapi

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
)

// SignInRequest is the body of POST /v1/session.
type SignInRequest struct {
	ID       string `json:"id"`
	Password string `json:"password"`
}

// SignedIn answers POST and GET /v1/session: the account signed in, never
// its password hash.
type SignedIn struct {
	ID     string       `json:"id"`
	Name   string       `json:"name"`
	Role   account.Role `json:"role"`
	UnitID string       `json:"unit_id,omitempty"` // a unit account's unit
}

func signedInAs(a account.Account) SignedIn {
	return SignedIn{ID: a.ID, Name: a.Name, Role: a.Role, UnitID: a.UnitID}
}

// errWrongCredentials is the one answer to an unknown id, a wrong password
// and a disabled account alike (SPEC §11).
var errWrongCredentials = &Error{Code: EUnauthorized, Message: "the id or the password is wrong", MessageZh: "账号或密码错误"}

// signIn answers POST /v1/session: it checks the id and the password, and
// begins a new session with a new token, in a new cookie. A session the
// request's cookie named before is deleted, and its token is never used
// again (no fixation). The sign-in is refused 429 while its account or its
// address has failed too often (signinlimit.go); an Origin header, when a
// browser sends one, must be allowed (no sign-in forged by another site).
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.people() {
		writeError(w, errNoAccounts)
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" && !s.originAllowed(r, origin) {
		writeError(w, &Error{Code: EForbidden, Message: "origin " + origin + " may not sign in"})
		return
	}
	body, berr := readBody(w, r)
	if berr != nil {
		writeError(w, berr)
		return
	}
	var req SignInRequest
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	switch {
	case req.ID == "":
		writeError(w, &Error{Code: EInvalid, Field: "id", Message: "id is required"})
		return
	case req.Password == "":
		writeError(w, &Error{Code: EInvalid, Field: "password", Message: "password is required"})
		return
	}
	ctx, now, addr := r.Context(), s.now(r), clientAddress(r)
	who := []any{slog.String("id", logID(req.ID)), slog.String("address", addr)}
	if wait := s.signIns.wait(req.ID, addr, now); wait > 0 {
		s.cfg.Log.WarnContext(ctx, "sign-in throttled", append(who, slog.Duration("retry_after", wait))...)
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		writeError(w, &Error{Code: ETooManyRequests, Message: "too many failed sign-ins; try again later", MessageZh: "登录失败次数过多，请稍后再试"})
		return
	}
	a, reason, err := s.checkCredentials(r, req)
	if err != nil {
		writeError(w, err)
		return
	}
	if reason != "" {
		s.signIns.failed(req.ID, addr, now)
		s.cfg.Log.WarnContext(ctx, "sign-in refused", append(who, slog.String("reason", reason))...)
		writeError(w, errWrongCredentials)
		return
	}
	s.signIns.succeeded(req.ID)
	if old, ok := sessionToken(r); ok {
		// Housekeeping: the old token is never admitted again anyway, as
		// the new session has a new token.
		if err := s.cfg.Sessions.DeleteSession(ctx, account.TokenHash(old)); err != nil {
			s.cfg.Log.WarnContext(ctx, "delete the session before sign-in", slog.String("error", err.Error()))
		}
	}
	token, hash, err := account.NewToken(rand.Reader)
	if err != nil {
		writeError(w, err)
		return
	}
	sess := account.Session{TokenHash: hash, AccountID: a.ID, CreatedAt: now, SeenAt: now}
	if err := s.cfg.Sessions.PutSession(ctx, sess, s.cfg.Lifetime.Expires(sess)); err != nil {
		s.cfg.Log.ErrorContext(ctx, "put session", slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Unavailable, err, "the session could not be begun now; try again"))
		return
	}
	verified(r).account = a.ID
	s.cfg.Log.InfoContext(ctx, "signed in", who...)
	setSessionCookie(w, r, token, now.Add(s.cfg.Lifetime.Absolute), s.cfg.Lifetime.Absolute)
	writeJSON(w, http.StatusOK, signedInAs(a))
}

// checkCredentials returns the account of req when its password is right
// and it is enabled; else why not, for the log only. Every refusal spends
// the time of one password check. err is a failure of the store.
func (s *Server) checkCredentials(r *http.Request, req SignInRequest) (a account.Account, reason string, err error) {
	if !event.ValidAccountID(req.ID) {
		account.VerifyUnknown(req.Password)
		return a, "unknown id", nil
	}
	a, err = s.cfg.Accounts.Account(r.Context(), req.ID)
	switch {
	case fault.CodeOf(err) == fault.NotFound:
		account.VerifyUnknown(req.Password)
		return a, "unknown id", nil
	case err != nil:
		s.cfg.Log.ErrorContext(r.Context(), "read account", slog.String("error", err.Error()))
		return a, "", fault.Wrap(fault.Unavailable, err, "the accounts could not be read now; try again")
	}
	ok := a.Password.Verify(req.Password)
	switch {
	case !ok:
		return a, "wrong password", nil
	case a.Disabled:
		return a, "disabled", nil
	}
	return a, "", nil
}

// session answers GET /v1/session: who is signed in.
func (s *Server) session(w http.ResponseWriter, _ *http.Request, p person) {
	writeJSON(w, http.StatusOK, signedInAs(p.account))
}

// signOut answers DELETE /v1/session: the session of the request's cookie
// is deleted and the cookie cleared; 204 with a session or without.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.people() {
		writeError(w, errNoAccounts)
		return
	}
	if hasSessionCookie(r) {
		clearSessionCookie(w, r)
	}
	if token, ok := sessionToken(r); ok {
		if err := s.cfg.Sessions.DeleteSession(r.Context(), account.TokenHash(token)); err != nil {
			s.cfg.Log.ErrorContext(r.Context(), "delete session", slog.String("error", err.Error()))
			writeError(w, fault.Wrap(fault.Unavailable, err, "the session could not be ended now; try again"))
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// logID is an id as given, for the log: cut to 64 characters, as no
// account id is longer.
func logID(id string) string {
	if utf8.RuneCountInString(id) <= 64 {
		return id
	}
	return string([]rune(id)[:64]) + "…"
}

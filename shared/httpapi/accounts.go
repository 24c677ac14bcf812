package httpapi

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// AccountInfo is an account as the API shows it: never its password hash.
type AccountInfo struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Role      account.Role `json:"role"`
	UnitID    string       `json:"unit_id,omitempty"` // a unit account's unit
	Disabled  bool         `json:"disabled"`
	CreatedAt time.Time    `json:"created_at"` // UTC
	UpdatedAt time.Time    `json:"updated_at"` // UTC
}

func accountInfo(a account.Account) AccountInfo {
	return AccountInfo{ID: a.ID, Name: a.Name, Role: a.Role, UnitID: a.UnitID, Disabled: a.Disabled,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
}

// AccountList answers GET /v1/admin/accounts: every account, by id.
type AccountList struct {
	Accounts []AccountInfo `json:"accounts"`
}

// NewAccountRequest is the body of POST /v1/admin/accounts, the fields of
// `hotline accounts add` (SPEC §11).
type NewAccountRequest struct {
	ID       string `json:"id"`
	Role     string `json:"role"`
	UnitID   string `json:"unit_id,omitempty"`
	Name     string `json:"name,omitempty"`
	Password string `json:"password"`
}

// PasswordRequest is the body of POST /v1/admin/accounts/{id}/password.
type PasswordRequest struct {
	Password string `json:"password"`
}

// listAccounts answers GET /v1/admin/accounts.
func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request, _ []byte, _ slog.Attr) {
	list, err := s.cfg.Accounts.ListAccounts(r.Context())
	if err != nil {
		s.storeError(w, r, err, "no accounts are stored")
		return
	}
	out := AccountList{Accounts: make([]AccountInfo, len(list))}
	for i, a := range list {
		out.Accounts[i] = accountInfo(a)
	}
	writeJSON(w, http.StatusOK, out)
}

// createAccount answers POST /v1/admin/accounts: the account is checked as
// `hotline accounts add` checks it (account.CheckPassword, Validate and
// CheckUnit against the stored registry), stored with the argon2id hash of
// its password, and answered 201; an id taken is 409.
func (s *Server) createAccount(w http.ResponseWriter, r *http.Request, body []byte, by slog.Attr) {
	var req NewAccountRequest
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	h, e := newPassword(req.Password)
	if e != nil {
		writeError(w, e)
		return
	}
	now := s.now(r)
	a := account.Account{ID: req.ID, Name: req.Name, Role: account.Role(req.Role), UnitID: req.UnitID, Password: h, CreatedAt: now, UpdatedAt: now}
	if err := a.Validate(); err != nil {
		writeError(w, invalidAccount(err))
		return
	}
	if err := s.checkUnit(r, a); err != nil {
		writeError(w, err)
		return
	}
	if err := s.cfg.Accounts.CreateAccount(r.Context(), a); err != nil {
		if errors.Is(err, store.ErrExists) {
			writeError(w, &Error{Code: EConflict, Field: "id", Message: fmt.Sprintf("the id %s is taken (账号已存在)", a.ID)})
			return
		}
		s.cfg.Log.ErrorContext(r.Context(), "create account", slog.String("error", err.Error()))
		writeError(w, fault.Wrap(fault.Unavailable, err, "the account could not be stored now; nothing changed, send it again"))
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "account created", slog.String("id", a.ID), slog.String("role", string(a.Role)), by)
	writeJSON(w, http.StatusCreated, accountInfo(a))
}

// disableAccount answers POST /v1/admin/accounts/{id}/disable: the account
// can no longer sign in, and its sessions end (SPEC §11).
func (s *Server) disableAccount(w http.ResponseWriter, r *http.Request, body []byte, by slog.Attr) {
	if e := emptyBody(body); e != nil {
		writeError(w, e)
		return
	}
	s.changeAccount(w, r, "disabled", by, func(a *account.Account) { a.Disabled = true })
}

// setPassword answers POST /v1/admin/accounts/{id}/password: a new
// password, checked as `hotline accounts passwd` checks it; the account's
// sessions end.
func (s *Server) setPassword(w http.ResponseWriter, r *http.Request, body []byte, by slog.Attr) {
	var req PasswordRequest
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	if _, err := s.accountOf(r); err != nil {
		s.storeError(w, r, err, "no account "+r.PathValue("id"))
		return
	}
	h, e := newPassword(req.Password)
	if e != nil {
		writeError(w, e)
		return
	}
	s.changeAccount(w, r, "password changed", by, func(a *account.Account) { a.Password = h })
}

// changeAccount reads the account of the path, changes it, revokes its
// sessions and stores it; 404 when there is none.
func (s *Server) changeAccount(w http.ResponseWriter, r *http.Request, done string, by slog.Attr, change func(*account.Account)) {
	a, err := s.accountOf(r)
	if err == nil {
		change(&a)
		a.Revoke(s.now(r))
		err = s.cfg.Accounts.UpdateAccount(r.Context(), a)
	}
	if err != nil {
		s.storeError(w, r, err, "no account "+r.PathValue("id"))
		return
	}
	s.cfg.Log.InfoContext(r.Context(), "account "+done, slog.String("id", a.ID), by)
	writeJSON(w, http.StatusOK, accountInfo(a))
}

// accountOf reads the account the path names; an id no account may have
// is not found.
func (s *Server) accountOf(r *http.Request) (account.Account, error) {
	id := r.PathValue("id")
	if !event.ValidAccountID(id) {
		return account.Account{}, fault.Errorf(fault.NotFound, "no account %s", logID(id))
	}
	return s.cfg.Accounts.Account(r.Context(), id)
}

// newPassword checks a new password and hashes it (argon2id under
// account.DefaultParams, salt from crypto/rand). The answer to a bad one
// names the field and never repeats the password.
func newPassword(pw string) (account.Hash, *Error) {
	if err := account.CheckPassword(pw); err != nil {
		return "", &Error{Code: EInvalid, Field: "password", Message: "password: " + err.Error()}
	}
	h, err := account.HashPassword(pw, account.DefaultParams, rand.Reader)
	if err != nil {
		return "", &Error{Code: EInternal, Message: "internal error"}
	}
	return h, nil
}

// invalidAccount answers the problems of account.Validate or CheckUnit:
// 400, the field of the first, the message of all.
func invalidAccount(err error) *Error {
	return &Error{Code: EInvalid, Field: account.FieldOf(err), Message: strings.ReplaceAll(err.Error(), "\n", "; ")}
}

// checkUnit says whether a unit account's unit is in the stored registry,
// as `hotline accounts add` does.
func (s *Server) checkUnit(r *http.Request, a account.Account) error {
	if a.Role != account.Unit {
		return nil
	}
	units, err := s.cfg.Store.Units(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		return &Error{Code: EInvalid, Field: "unit_id", Message: fmt.Sprintf("unit_id: %q: no unit registry is stored yet; PUT /v1/admin/units first", a.UnitID)}
	}
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "read units", slog.String("error", err.Error()))
		return fault.Wrap(fault.Unavailable, err, "the unit registry could not be read now; try again")
	}
	reg, err := unit.NewRegistry(units)
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "the stored registry", slog.String("error", err.Error()))
		return fmt.Errorf("the stored registry: %w", err)
	}
	if err := a.CheckUnit(reg); err != nil {
		return invalidAccount(err)
	}
	return nil
}

// emptyBody accepts no body, or an empty JSON object.
func emptyBody(body []byte) *Error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	return decodeStrict(body, &struct{}{})
}

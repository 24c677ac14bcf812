package httpapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store/memstore"
	"github.com/shizhong/hotline/shared/unit"
)

// The passwords of the accounts of office.
const (
	adminPW = "the admin's long password"
	newPW   = "a brand new password 新密码"
)

// office is a server over a memstore that keeps the unit registry, the
// accounts and the sessions (SPEC §11), with the admin client of
// testdata/keys.yaml, a clock the test moves, and its log at debug level.
type office struct {
	t     *testing.T
	srv   *httpapi.Server
	store *memstore.Store
	now   time.Time
	logs  bytes.Buffer
}

// newOffice holds an admin (zhang.admin), a centre (li.wei) and a unit
// account (wenhualu-1), and with units the registry of wenhualu and edu.
func newOffice(t *testing.T, units bool) *office {
	t.Helper()
	o := &office{t: t, store: memstore.New(time.FixedZone("CST", 8*3600)), now: signInAt}
	ctx := context.Background()
	if units {
		if err := o.store.PutUnits(ctx, []unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}, {ID: "edu", Name: "区教体局", Group: unit.Department}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		a  account.Account
		pw string
	}{
		{account.Account{ID: "zhang.admin", Name: "张管理", Role: account.Admin}, adminPW},
		{account.Account{ID: "li.wei", Name: "李伟", Role: account.Centre}, centrePW},
		{account.Account{ID: "wenhualu-1", Name: "文化路街道", Role: account.Unit, UnitID: "wenhualu"}, unitPW},
	} {
		h, err := account.HashPassword(c.pw, testParams, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		c.a.Password, c.a.CreatedAt, c.a.UpdatedAt = h, o.now, o.now
		if err := o.store.CreateAccount(ctx, c.a); err != nil {
			t.Fatal(err)
		}
	}
	clients, err := auth.LoadClients("testdata/keys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o.srv = httpapi.New(httpapi.Config{
		Store:    o.store,
		Accounts: o.store,
		Sessions: o.store,
		Clients:  func() (*auth.Clients, error) { return clients, nil },
		Now:      func() time.Time { return o.now },
		Log:      slog.New(slog.NewJSONHandler(&o.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	return o
}

func (o *office) send(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	o.srv.ServeHTTP(rec, req)
	return rec
}

// asPerson sends a request as the page does, with the session cookie of
// token ("" for none).
func (o *office) asPerson(method, path, body, token string, opts ...reqOption) *httptest.ResponseRecorder {
	if token != "" {
		opts = append(opts, withCookie(token))
	}
	return o.send(sessionRequest(method, path, body, opts...))
}

// asClient sends a request signed v2 by client at the office's clock.
func (o *office) asClient(method, path, client, body string) *httptest.ResponseRecorder {
	return o.asClientSigning(method, path, client, body, body)
}

// asClientSigning sends body with the signature of signed.
func (o *office) asClientSigning(method, path, client, body, signed string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	ts := strconv.FormatInt(o.now.Unix(), 10)
	req.Header.Set(auth.HeaderClient, client)
	req.Header.Set(auth.HeaderTimestamp, ts)
	req.Header.Set(auth.HeaderSignature, signV2(client, ts, method, path, signed))
	return o.send(req)
}

// signIn signs in and returns the session token.
func (o *office) signIn(id, pw string) string {
	o.t.Helper()
	rec := o.asPerson(http.MethodPost, "/v1/session", signInBody(id, pw), "")
	c := sessionCookie(o.t, rec)
	if rec.Code != http.StatusOK || c == nil {
		o.t.Fatalf("sign in %s: HTTP %d %s", id, rec.Code, rec.Body)
	}
	return c.Value
}

// whoAmI is the status of GET /v1/session with token.
func (o *office) whoAmI(token string) int {
	return o.asPerson(http.MethodGet, "/v1/session", "", token).Code
}

func newAccountBody(id, role, unitID, name, pw string) string {
	b, _ := json.Marshal(httpapi.NewAccountRequest{ID: id, Role: role, UnitID: unitID, Name: name, Password: pw})
	return string(b)
}

func passwordBody(pw string) string {
	b, _ := json.Marshal(httpapi.PasswordRequest{Password: pw})
	return string(b)
}

// TestAccountsAccess: SPEC §11, "in the cloud an admin client or account
// makes them": each accounts route answers an admin client (signed v2) and
// an admin account signed in; a centre or a unit account is refused 403,
// as is a client that is not an admin; no signature and no session, or a
// bad signature, 401; a session request from another origin 403.
func TestAccountsAccess(t *testing.T) {
	routes := []struct {
		method, path, body string
		ok                 int
	}{
		{http.MethodGet, "/v1/admin/accounts", "", http.StatusOK},
		{http.MethodPost, "/v1/admin/accounts", newAccountBody("wang.fang", "centre", "", "王芳", newPW), http.StatusCreated},
		{http.MethodPost, "/v1/admin/accounts/li.wei/disable", "", http.StatusOK},
		{http.MethodPost, "/v1/admin/accounts/li.wei/password", passwordBody(newPW), http.StatusOK},
	}
	callers := []struct {
		name       string
		send       func(o *office, method, path, body string) *httptest.ResponseRecorder
		status     int
		code, says string
	}{
		{"admin client", func(o *office, m, p, b string) *httptest.ResponseRecorder { return o.asClient(m, p, "centre", b) }, 0, "", ""},
		{"admin session", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.asPerson(m, p, b, o.signIn("zhang.admin", adminPW))
		}, 0, "", ""},
		{"centre session", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.asPerson(m, p, b, o.signIn("li.wei", centrePW))
		}, http.StatusForbidden, httpapi.EForbidden, "only admin"},
		{"unit session", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.asPerson(m, p, b, o.signIn("wenhualu-1", unitPW))
		}, http.StatusForbidden, httpapi.EForbidden, "only admin"},
		{"other client", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.asClient(m, p, "platform-12345", b)
		},
			http.StatusForbidden, httpapi.EForbidden, "not an admin client"},
		{"no auth", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.send(httptest.NewRequest(m, p, strings.NewReader(b)))
		},
			http.StatusUnauthorized, httpapi.EUnauthorized, "admin client"},
		{"a session ended", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.asPerson(m, p, b, "no-such-token")
		},
			http.StatusUnauthorized, httpapi.EUnauthorized, "not signed in"},
		{"bad signature", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.asClientSigning(m, p, "centre", b, b+" ")
		},
			http.StatusUnauthorized, httpapi.EUnauthorized, "not signed"},
		{"admin session from another origin", func(o *office, m, p, b string) *httptest.ResponseRecorder {
			return o.asPerson(m, p, b, o.signIn("zhang.admin", adminPW), withOrigin("https://evil.example"))
		}, http.StatusForbidden, httpapi.EForbidden, "origin"},
	}
	for _, rt := range routes {
		for _, c := range callers {
			if c.code == httpapi.EForbidden && c.says == "origin" && rt.method == http.MethodGet {
				continue // a GET changes nothing: no Origin check
			}
			t.Run(rt.method+" "+rt.path+"/"+c.name, func(t *testing.T) {
				o := newOffice(t, true)
				before, _ := o.store.ListAccounts(context.Background())
				rec := c.send(o, rt.method, rt.path, rt.body)
				if rec.Header().Get("Cache-Control") != "no-store" {
					t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
				}
				if c.status == 0 {
					if rec.Code != rt.ok {
						t.Fatalf("HTTP %d, want %d: %s", rec.Code, rt.ok, rec.Body)
					}
					return
				}
				wantError(t, rec, c.status, c.code, "")
				if e := errorOf(t, rec); !strings.Contains(e.Message, c.says) {
					t.Errorf("message %q does not say %q", e.Message, c.says)
				}
				after, _ := o.store.ListAccounts(context.Background())
				if diff := cmp.Diff(before, after); diff != "" {
					t.Errorf("a refused request changed the accounts (-before +after):\n%s", diff)
				}
			})
		}
	}
}

// TestAccountsAccessBadSignature: a request signed over another body is
// 401 (SPEC §10), with the signature headers judged alone even when a
// session cookie of an admin is sent too.
func TestAccountsAccessBadSignature(t *testing.T) {
	o := newOffice(t, true)
	token := o.signIn("zhang.admin", adminPW)
	body := newAccountBody("wang.fang", "centre", "", "", newPW)
	ts := strconv.FormatInt(o.now.Unix(), 10)
	req := sessionRequest(http.MethodPost, "/v1/admin/accounts", body, withCookie(token),
		withHeader(auth.HeaderClient, "centre"), withHeader(auth.HeaderTimestamp, ts),
		withHeader(auth.HeaderSignature, signV2("centre", ts, http.MethodPost, "/v1/admin/accounts", body+" ")))
	wantError(t, o.send(req), http.StatusUnauthorized, httpapi.EUnauthorized, "")
	if _, err := o.store.Account(context.Background(), "wang.fang"); err == nil {
		t.Error("the account was made")
	}
}

// TestCreateAccount: SPEC §11, the checks of `hotline accounts add`
// through the API: a password of at least 12 characters, a known role, a
// unit account bound to a unit of the stored registry, an id not taken
// (409); each refusal names its field. What is made signs in, and is
// listed without its hash.
func TestCreateAccount(t *testing.T) {
	o := newOffice(t, true)
	for _, c := range []struct {
		name, body string
		status     int
		code       string
		field      string
		says       string
	}{
		{"short password", newAccountBody("wang.fang", "centre", "", "", "short"), 400, httpapi.EInvalid, "password", "at least 12"},
		{"no password", `{"id":"wang.fang","role":"centre"}`, 400, httpapi.EInvalid, "password", "has 0 characters"},
		{"unknown role", newAccountBody("wang.fang", "boss", "", "", newPW), 400, httpapi.EInvalid, "role", `"boss" is not a role`},
		{"role in capitals", newAccountBody("wang.fang", "Admin", "", "", newPW), 400, httpapi.EInvalid, "role", "not a role"},
		{"unit account without a unit", newAccountBody("edu-1", "unit", "", "", newPW), 400, httpapi.EInvalid, "unit_id", "names its unit"},
		{"unit not in the registry", newAccountBody("nowhere-1", "unit", "nowhere", "", newPW), 400, httpapi.EInvalid, "unit_id", "not a unit of the registry"},
		{"a unit on a centre account", newAccountBody("wang.fang", "centre", "edu", "", newPW), 400, httpapi.EInvalid, "unit_id", "only a unit account"},
		{"bad id", newAccountBody("wang fang", "centre", "", "", newPW), 400, httpapi.EInvalid, "id", `"wang fang"`},
		{"unknown field", `{"id":"wang.fang","role":"centre","password":"` + newPW + `","phone":"1"}`, 400, httpapi.EInvalid, "phone", "unknown field"},
		{"id taken", newAccountBody("li.wei", "centre", "", "", newPW), 409, httpapi.EConflict, "id", "taken"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := o.asClient(http.MethodPost, "/v1/admin/accounts", "centre", c.body)
			wantError(t, rec, c.status, c.code, c.field)
			if e := errorOf(t, rec); !strings.Contains(e.Message, c.says) {
				t.Errorf("message %q does not say %q", e.Message, c.says)
			}
			if strings.Contains(rec.Body.String(), newPW) {
				t.Errorf("the answer repeats the password: %s", rec.Body)
			}
		})
	}
	rec := o.asClient(http.MethodPost, "/v1/admin/accounts", "centre", newAccountBody("edu-1", "unit", "edu", "教体局", newPW))
	want := httpapi.AccountInfo{ID: "edu-1", Name: "教体局", Role: account.Unit, UnitID: "edu", CreatedAt: signInAt.UTC(), UpdatedAt: signInAt.UTC()}
	if rec.Code != http.StatusCreated {
		t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
	}
	if diff := cmp.Diff(want, decodeJSON[httpapi.AccountInfo](t, rec)); diff != "" {
		t.Errorf("created (-want +got):\n%s", diff)
	}
	stored, err := o.store.Account(context.Background(), "edu-1")
	if err != nil || !stored.Password.Verify(newPW) || !strings.HasPrefix(string(stored.Password), "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("stored %v: not the argon2id hash of the password under DefaultParams", err)
	}
	o.signIn("edu-1", newPW)

	list := o.asPerson(http.MethodGet, "/v1/admin/accounts", "", o.signIn("zhang.admin", adminPW))
	if list.Code != http.StatusOK || strings.Contains(list.Body.String(), "argon2") || strings.Contains(list.Body.String(), "password") {
		t.Fatalf("HTTP %d: %s", list.Code, list.Body)
	}
	var ids []string
	for _, a := range decodeJSON[httpapi.AccountList](t, list).Accounts {
		ids = append(ids, a.ID)
	}
	if diff := cmp.Diff([]string{"edu-1", "li.wei", "wenhualu-1", "zhang.admin"}, ids); diff != "" {
		t.Errorf("listed (-want +got):\n%s", diff)
	}
}

// TestCreateUnitAccountWithoutRegistry: a unit account needs the stored
// registry (SPEC §11, "unknown unit"): without one, 400 on unit_id.
func TestCreateUnitAccountWithoutRegistry(t *testing.T) {
	o := newOffice(t, false)
	rec := o.asClient(http.MethodPost, "/v1/admin/accounts", "centre", newAccountBody("edu-1", "unit", "edu", "", newPW))
	wantError(t, rec, http.StatusBadRequest, httpapi.EInvalid, "unit_id")
	if e := errorOf(t, rec); !strings.Contains(e.Message, "no unit registry") {
		t.Errorf("message %q", e.Message)
	}
}

// TestDisableAccount: SPEC §11, a disabled account cannot sign in and its
// sessions end: GET /v1/session answers 401 afterwards; an unknown id is
// 404.
func TestDisableAccount(t *testing.T) {
	for _, by := range []string{"admin client", "admin session"} {
		t.Run(by, func(t *testing.T) {
			o := newOffice(t, true)
			token := o.signIn("li.wei", centrePW)
			if got := o.whoAmI(token); got != http.StatusOK {
				t.Fatalf("signed in: GET /v1/session %d", got)
			}
			do := func(path, body string) *httptest.ResponseRecorder {
				if by == "admin client" {
					return o.asClient(http.MethodPost, path, "centre", body)
				}
				return o.asPerson(http.MethodPost, path, body, o.signIn("zhang.admin", adminPW))
			}
			rec := do("/v1/admin/accounts/li.wei/disable", "")
			if rec.Code != http.StatusOK || !decodeJSON[httpapi.AccountInfo](t, rec).Disabled {
				t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
			}
			if got := o.whoAmI(token); got != http.StatusUnauthorized {
				t.Errorf("after disabling: GET /v1/session %d, want 401", got)
			}
			wantError(t, o.asPerson(http.MethodPost, "/v1/session", signInBody("li.wei", centrePW), ""), http.StatusUnauthorized, httpapi.EUnauthorized, "")
			a, err := o.store.Account(context.Background(), "li.wei")
			if err != nil || !a.Disabled || !a.RevokedAt.Equal(signInAt) || !a.UpdatedAt.Equal(signInAt) {
				t.Errorf("stored %+v, %v", a, err)
			}
			wantError(t, do("/v1/admin/accounts/nobody/disable", ""), http.StatusNotFound, httpapi.ENotFound, "")
			wantError(t, do("/v1/admin/accounts/no%20body/disable", ""), http.StatusNotFound, httpapi.ENotFound, "")
			wantError(t, do("/v1/admin/accounts/wenhualu-1/disable", `{"now":true}`), http.StatusBadRequest, httpapi.EInvalid, "now")
			if got := do("/v1/admin/accounts/wenhualu-1/disable", `{}`).Code; got != http.StatusOK {
				t.Errorf("disable with {}: HTTP %d", got)
			}
		})
	}
}

// TestSetPassword: SPEC §11, a new password (at least 12 characters)
// ends the account's sessions: GET /v1/session answers 401 afterwards, the
// old password no longer signs in and the new one does.
func TestSetPassword(t *testing.T) {
	for _, by := range []string{"admin client", "admin session"} {
		t.Run(by, func(t *testing.T) {
			o := newOffice(t, true)
			token := o.signIn("li.wei", centrePW)
			do := func(path, body string) *httptest.ResponseRecorder {
				if by == "admin client" {
					return o.asClient(http.MethodPost, path, "centre", body)
				}
				return o.asPerson(http.MethodPost, path, body, o.signIn("zhang.admin", adminPW))
			}
			o.now = o.now.Add(time.Minute)
			wantError(t, do("/v1/admin/accounts/li.wei/password", passwordBody("short")), http.StatusBadRequest, httpapi.EInvalid, "password")
			wantError(t, do("/v1/admin/accounts/li.wei/password", `{}`), http.StatusBadRequest, httpapi.EInvalid, "password")
			wantError(t, do("/v1/admin/accounts/li.wei/password", `{"password":"`+newPW+`","old":"x"}`), http.StatusBadRequest, httpapi.EInvalid, "old")
			wantError(t, do("/v1/admin/accounts/nobody/password", passwordBody(newPW)), http.StatusNotFound, httpapi.ENotFound, "")
			if got := o.whoAmI(token); got != http.StatusOK {
				t.Fatalf("refused changes ended the session: GET /v1/session %d", got)
			}
			rec := do("/v1/admin/accounts/li.wei/password", passwordBody(newPW))
			if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "argon2") || strings.Contains(rec.Body.String(), newPW) {
				t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
			}
			if got := o.whoAmI(token); got != http.StatusUnauthorized {
				t.Errorf("after the new password: GET /v1/session %d, want 401", got)
			}
			wantError(t, o.asPerson(http.MethodPost, "/v1/session", signInBody("li.wei", centrePW), ""), http.StatusUnauthorized, httpapi.EUnauthorized, "")
			o.signIn("li.wei", newPW)
			a, err := o.store.Account(context.Background(), "li.wei")
			if err != nil || !a.RevokedAt.Equal(o.now) || a.Disabled {
				t.Errorf("stored %+v, %v", a, err)
			}
		})
	}
}

// TestAccountsPasswordNotLogged: SPEC §11, a password is never logged:
// not by the request log, not by the routes, in success or refusal; nor
// its hash.
func TestAccountsPasswordNotLogged(t *testing.T) {
	o := newOffice(t, true)
	token := o.signIn("zhang.admin", adminPW)
	secrets := []string{newPW, "short pw", "another good password", "yet another password", adminPW}
	o.asClient(http.MethodPost, "/v1/admin/accounts", "centre", newAccountBody("wang.fang", "centre", "", "", newPW))
	o.asClient(http.MethodPost, "/v1/admin/accounts", "centre", newAccountBody("wang.fang", "centre", "", "", "yet another password"))
	o.asClient(http.MethodPost, "/v1/admin/accounts", "centre", newAccountBody("edu-1", "boss", "", "", "short pw"))
	o.asPerson(http.MethodPost, "/v1/admin/accounts", newAccountBody("edu-1", "unit", "edu", "", "another good password"), token)
	o.asPerson(http.MethodPost, "/v1/admin/accounts/li.wei/password", passwordBody("another good password"), token)
	o.asPerson(http.MethodPost, "/v1/admin/accounts/li.wei/password", passwordBody("short pw"), token)
	o.asClient(http.MethodPost, "/v1/admin/accounts/li.wei/password", "platform-12345", passwordBody(newPW))
	o.asPerson(http.MethodPost, "/v1/admin/accounts/li.wei/password", passwordBody(newPW), o.signIn("li.wei", "another good password"))
	logs := o.logs.String()
	if !strings.Contains(logs, `"msg":"account created"`) || !strings.Contains(logs, `"msg":"account password changed"`) {
		t.Fatalf("the log does not record the changes:\n%s", logs)
	}
	for _, pw := range secrets {
		if strings.Contains(logs, pw) {
			t.Errorf("the log holds the password %q:\n%s", pw, logs)
		}
	}
	if strings.Contains(logs, "argon2") || strings.Contains(logs, `"password"`) {
		t.Errorf("the log holds a hash or a body:\n%s", logs)
	}
}

// TestAccountsWithoutPeople: a server that keeps no accounts answers the
// accounts routes 404, as the session routes (SPEC §11).
func TestAccountsWithoutPeople(t *testing.T) {
	a := newAPI(t)
	wantError(t, a.signed(http.MethodGet, "/v1/admin/accounts", "centre", ""), http.StatusNotFound, httpapi.ENotFound, "")
}

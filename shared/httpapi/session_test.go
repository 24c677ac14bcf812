package httpapi_test

import (
	"bytes"
	"crypto/tls"
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
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// signInAt is the clock of the session tests.
var signInAt = time.Date(2026, 11, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// The accounts of the session tests and their passwords.
const (
	centrePW   = "correct horse battery"
	unitPW     = "另一个很长的密码一二三四"
	disabledPW = "disabled but the right one"
)

// desk is a server with accounts (the fake of people_fake_test.go), a
// clock the test moves, and its log.
type desk struct {
	t      *testing.T
	srv    *httpapi.Server
	people *people
	now    time.Time
	logs   bytes.Buffer
}

func newDesk(t *testing.T, opts ...apiOption) *desk {
	t.Helper()
	d := &desk{t: t, people: newPeople(), now: signInAt}
	d.people.add(t, account.Account{ID: "li.wei", Name: "李伟", Role: account.Centre}, centrePW)
	d.people.add(t, account.Account{ID: "wenhualu-1", Name: "文化路街道", Role: account.Unit, UnitID: "wenhualu"}, unitPW)
	d.people.add(t, account.Account{ID: "zhao.old", Role: account.Centre, Disabled: true}, disabledPW)
	cfg := httpapi.Config{
		Store:    memstore.New(time.FixedZone("CST", 8*3600)),
		Accounts: d.people,
		Sessions: d.people,
		Now:      func() time.Time { return d.now },
		Log:      slog.New(slog.NewJSONHandler(&d.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, o := range opts {
		o(&cfg)
	}
	d.srv = httpapi.New(cfg)
	return d
}

// reqOption changes a request before it is sent.
type reqOption func(*http.Request)

func withCookie(token string) reqOption {
	return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: token}) }
}

func withOrigin(origin string) reqOption {
	return func(r *http.Request) { r.Header.Set("Origin", origin) }
}

func fromAddr(addr string) reqOption { return func(r *http.Request) { r.RemoteAddr = addr } }

func withHeader(name, value string) reqOption {
	return func(r *http.Request) { r.Header.Set(name, value) }
}

func overTLS(r *http.Request) { r.TLS = &tls.ConnectionState{} }

// sessionRequest is a request as the page makes it: from example.com, the
// host httptest gives, with the page's own Origin on what it posts.
func sessionRequest(method, path, body string, opts ...reqOption) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if method != http.MethodGet {
		req.Header.Set("Origin", "http://example.com")
	}
	for _, o := range opts {
		o(req)
	}
	return req
}

func (d *desk) do(method, path, body string, opts ...reqOption) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, sessionRequest(method, path, body, opts...))
	return rec
}

func signInBody(id, pw string) string {
	b, _ := json.Marshal(httpapi.SignInRequest{ID: id, Password: pw})
	return string(b)
}

func (d *desk) signIn(id, pw string, opts ...reqOption) *httptest.ResponseRecorder {
	return d.do(http.MethodPost, "/v1/session", signInBody(id, pw), opts...)
}

// mustSignIn signs in and returns the token of the session cookie.
func (d *desk) mustSignIn(id, pw string, opts ...reqOption) string {
	d.t.Helper()
	rec := d.signIn(id, pw, opts...)
	c := sessionCookie(d.t, rec)
	if rec.Code != http.StatusOK || c == nil || c.Value == "" {
		d.t.Fatalf("sign in %s: HTTP %d %s, cookie %v", id, rec.Code, rec.Body, c)
	}
	return c.Value
}

// sessionCookie is the session cookie a response sets, nil when none.
func sessionCookie(t testing.TB, rec *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	var found *http.Cookie
	for _, c := range (&http.Response{Header: rec.Header()}).Cookies() {
		if c.Name == httpapi.SessionCookie {
			if found != nil {
				t.Errorf("two session cookies set: %q", rec.Header().Values("Set-Cookie"))
			}
			found = c
		}
	}
	return found
}

// wantCleared checks that a response clears the session cookie.
func wantCleared(t testing.TB, rec *httptest.ResponseRecorder) {
	t.Helper()
	if c := sessionCookie(t, rec); c == nil || c.Value != "" || c.MaxAge >= 0 {
		t.Errorf("the cookie is not cleared: %q", rec.Header().Values("Set-Cookie"))
	}
}

// TestSignInOut: SPEC §11, POST /v1/session with the id and the password
// answers 200 with the account (never its hash) and sets the cookie; GET
// says who is signed in; DELETE signs out (204, the cookie cleared), after
// which the token answers 401. A unit account names its unit.
func TestSignInOut(t *testing.T) {
	for _, c := range []struct {
		id, pw string
		want   httpapi.SignedIn
		raw    string
	}{
		{"li.wei", centrePW, httpapi.SignedIn{ID: "li.wei", Name: "李伟", Role: account.Centre}, `{"id":"li.wei","name":"李伟","role":"centre"}`},
		{"wenhualu-1", unitPW, httpapi.SignedIn{ID: "wenhualu-1", Name: "文化路街道", Role: account.Unit, UnitID: "wenhualu"},
			`{"id":"wenhualu-1","name":"文化路街道","role":"unit","unit_id":"wenhualu"}`},
	} {
		t.Run(c.id, func(t *testing.T) {
			d := newDesk(t)
			rec := d.signIn(c.id, c.pw)
			if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != c.raw {
				t.Fatalf("sign in: HTTP %d %s, want %s", rec.Code, rec.Body, c.raw)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("sign in: Cache-Control %q", got)
			}
			if strings.Contains(rec.Body.String(), "argon2") || strings.Contains(rec.Body.String(), "password") {
				t.Errorf("the answer shows the password or its hash: %s", rec.Body)
			}
			token := sessionCookie(t, rec).Value
			s, ok := d.people.stored(token)
			if !ok || s.session.AccountID != c.id || !s.session.CreatedAt.Equal(signInAt) || !s.expires.Equal(signInAt.Add(8*time.Hour)) {
				t.Errorf("stored session %+v %v", s, ok)
			}
			d.now = d.now.Add(time.Hour)
			got := d.do(http.MethodGet, "/v1/session", "", withCookie(token))
			if got.Code != http.StatusOK {
				t.Fatalf("GET: HTTP %d %s", got.Code, got.Body)
			}
			if diff := cmp.Diff(c.want, decodeJSON[httpapi.SignedIn](t, got)); diff != "" {
				t.Errorf("GET (-want +got):\n%s", diff)
			}
			out := d.do(http.MethodDelete, "/v1/session", "", withCookie(token))
			if out.Code != http.StatusNoContent || out.Body.Len() != 0 {
				t.Errorf("DELETE: HTTP %d %s", out.Code, out.Body)
			}
			wantCleared(t, out)
			if _, ok := d.people.stored(token); ok {
				t.Error("the session is still stored after signing out")
			}
			wantError(t, d.do(http.MethodGet, "/v1/session", "", withCookie(token)), http.StatusUnauthorized, httpapi.EUnauthorized, "")
			// Signing out again, or without a session: 204 all the same.
			for _, opts := range [][]reqOption{{withCookie(token)}, nil} {
				if rec := d.do(http.MethodDelete, "/v1/session", "", opts...); rec.Code != http.StatusNoContent {
					t.Errorf("DELETE again: HTTP %d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// TestSessionGet: SPEC §11, GET /v1/session answers 200 only for a session
// that account.Lifetime.Admits with the account as stored now (8 h idle,
// 24 h in all, on the fixed clock); else 401, the cookie presented is
// cleared and an ended session deleted.
func TestSessionGet(t *testing.T) {
	for _, c := range []struct {
		name   string
		setup  func(d *desk, token string) string // returns the token to present; "" for no cookie
		status int
	}{
		{"fresh", func(d *desk, tok string) string { return tok }, http.StatusOK},
		{"no cookie", func(d *desk, tok string) string { return "" }, http.StatusUnauthorized},
		{"not a token", func(d *desk, tok string) string { return "abc" }, http.StatusUnauthorized},
		{"a token of no session", func(d *desk, tok string) string { return strings.Repeat("A", 43) }, http.StatusUnauthorized},
		{"idle 7h59m", func(d *desk, tok string) string { d.now = d.now.Add(8*time.Hour - time.Minute); return tok }, http.StatusOK},
		{"idle 8h", func(d *desk, tok string) string { d.now = d.now.Add(8 * time.Hour); return tok }, http.StatusUnauthorized},
		{"used every 6h, asked at 23h59m", func(d *desk, tok string) string {
			for range 3 {
				d.now = d.now.Add(6 * time.Hour)
				if rec := d.do(http.MethodGet, "/v1/session", "", withCookie(tok)); rec.Code != http.StatusOK {
					d.t.Fatalf("at %v: HTTP %d", d.now, rec.Code)
				}
			}
			d.now = signInAt.Add(24*time.Hour - time.Minute)
			return tok
		}, http.StatusOK},
		{"used every 6h, asked at 24h", func(d *desk, tok string) string {
			for range 3 {
				d.now = d.now.Add(6 * time.Hour)
				d.do(http.MethodGet, "/v1/session", "", withCookie(tok))
			}
			d.now = signInAt.Add(24 * time.Hour)
			return tok
		}, http.StatusUnauthorized},
		{"revoked after the sign-in", func(d *desk, tok string) string {
			d.change(func(a *account.Account) { a.RevokedAt = signInAt.Add(time.Minute) })
			return tok
		}, http.StatusUnauthorized},
		{"revoked before the sign-in", func(d *desk, tok string) string {
			d.change(func(a *account.Account) { a.RevokedAt = signInAt.Add(-time.Minute) })
			return tok
		}, http.StatusOK},
		{"disabled after the sign-in", func(d *desk, tok string) string {
			d.change(func(a *account.Account) { a.Disabled = true })
			return tok
		}, http.StatusUnauthorized},
		{"the account removed", func(d *desk, tok string) string {
			d.people.mu.Lock()
			delete(d.people.accounts, "li.wei")
			d.people.mu.Unlock()
			return tok
		}, http.StatusUnauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDesk(t)
			token := d.mustSignIn("li.wei", centrePW)
			presented := c.setup(d, token)
			var opts []reqOption
			if presented != "" {
				opts = append(opts, withCookie(presented))
			}
			rec := d.do(http.MethodGet, "/v1/session", "", opts...)
			if rec.Code != c.status {
				t.Fatalf("HTTP %d %s, want %d", rec.Code, rec.Body, c.status)
			}
			if c.status == http.StatusOK {
				if got := decodeJSON[httpapi.SignedIn](t, rec); got.ID != "li.wei" {
					t.Errorf("signed in as %+v", got)
				}
				return
			}
			wantError(t, rec, http.StatusUnauthorized, httpapi.EUnauthorized, "")
			if presented != "" {
				wantCleared(t, rec)
			} else if sessionCookie(t, rec) != nil {
				t.Error("a cookie set for a request without one")
			}
			if _, ok := d.people.stored(token); ok && presented == token {
				t.Error("the ended session is still stored")
			}
		})
	}
}

// change changes the centre account of the desk.
func (d *desk) change(f func(*account.Account)) { d.people.change("li.wei", f) }

// TestSessionSeenAt: each use of a session keeps it alive (SPEC §11's idle
// lifetime), but writes SeenAt at most once a minute: a use within a
// minute of the last write writes nothing.
func TestSessionSeenAt(t *testing.T) {
	d := newDesk(t)
	token := d.mustSignIn("li.wei", centrePW)
	puts := d.people.putCount()
	for _, c := range []struct {
		after  time.Duration // since the sign-in
		writes bool
		seen   time.Duration // SeenAt after, since the sign-in
	}{
		{30 * time.Second, false, 0},
		{59 * time.Second, false, 0},
		{time.Minute, true, time.Minute},
		{90 * time.Second, false, time.Minute},
		{3 * time.Hour, true, 3 * time.Hour},
	} {
		d.now = signInAt.Add(c.after)
		if rec := d.do(http.MethodGet, "/v1/session", "", withCookie(token)); rec.Code != http.StatusOK {
			t.Fatalf("at +%v: HTTP %d", c.after, rec.Code)
		}
		n := d.people.putCount()
		if wrote := n > puts; wrote != c.writes {
			t.Errorf("at +%v: wrote %t, want %t", c.after, wrote, c.writes)
		}
		puts = n
		s, _ := d.people.stored(token)
		if want := signInAt.Add(c.seen); !s.session.SeenAt.Equal(want) || !s.expires.Equal(want.Add(8*time.Hour)) {
			t.Errorf("at +%v: seen %v expires %v, want seen %v", c.after, s.session.SeenAt, s.expires, want)
		}
	}
}

// TestSessionCookieFlags: SPEC §11, the cookie is HttpOnly and
// SameSite=Strict on Path=/, lasts the absolute lifetime (Max-Age and
// Expires), and is Secure whenever the request came over HTTPS: TLS, or
// X-Forwarded-Proto: https as API Gateway sets it; not over plain HTTP.
func TestSessionCookieFlags(t *testing.T) {
	for _, c := range []struct {
		name   string
		opts   []reqOption
		secure bool
	}{
		{"http", nil, false},
		{"https (TLS)", []reqOption{overTLS, withOrigin("https://example.com")}, true},
		{"https (API Gateway)", []reqOption{withHeader("X-Forwarded-Proto", "https"), withOrigin("https://example.com")}, true},
		{"X-Forwarded-Proto: http", []reqOption{withHeader("X-Forwarded-Proto", "http")}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDesk(t)
			for _, rec := range []*httptest.ResponseRecorder{
				d.signIn("li.wei", centrePW, c.opts...),
				d.do(http.MethodDelete, "/v1/session", "", append(c.opts, withCookie(strings.Repeat("A", 43)))...),
			} {
				ck := sessionCookie(t, rec)
				if ck == nil {
					t.Fatalf("HTTP %d: no cookie: %s", rec.Code, rec.Body)
				}
				raw := rec.Header().Get("Set-Cookie")
				if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Domain != "" || ck.Secure != c.secure {
					t.Errorf("cookie %q: HttpOnly %t SameSite %v Path %q Secure %t, want Secure %t", raw, ck.HttpOnly, ck.SameSite, ck.Path, ck.Secure, c.secure)
				}
				if ck.Value == "" {
					continue // the cookie cleared
				}
				if ck.MaxAge != 24*3600 || !ck.Expires.Equal(signInAt.Add(24*time.Hour).Truncate(time.Second)) {
					t.Errorf("cookie %q: Max-Age %d Expires %v", raw, ck.MaxAge, ck.Expires)
				}
			}
		})
	}
}

// TestWrongCredentials: SPEC §11, an unknown id, a wrong password and a
// disabled account answer the same 401, byte for byte, and set no cookie.
func TestWrongCredentials(t *testing.T) {
	d := newDesk(t)
	var first string
	for _, c := range []struct{ name, id, pw string }{
		{"unknown id", "nobody", centrePW},
		{"not an id at all", "no body at all!", centrePW},
		{"wrong password", "li.wei", "correct horse batterY"},
		{"another's password", "li.wei", unitPW},
		{"disabled, right password", "zhao.old", disabledPW},
		{"disabled, wrong password", "zhao.old", centrePW},
	} {
		rec := d.signIn(c.id, c.pw)
		wantError(t, rec, http.StatusUnauthorized, httpapi.EUnauthorized, "")
		if sessionCookie(t, rec) != nil {
			t.Errorf("%s: a cookie is set", c.name)
		}
		if first == "" {
			first = rec.Body.String()
		} else if rec.Body.String() != first {
			t.Errorf("%s: %s, another answer than %s", c.name, rec.Body, first)
		}
	}
	for _, c := range []struct{ body, field string }{
		{`{"id":"li.wei"}`, "password"},
		{`{"password":"x"}`, "id"},
		{`{"id":"li.wei","password":"` + centrePW + `","remember":true}`, "remember"},
		{`{"id":"li.wei","id":"x","password":"` + centrePW + `"}`, "id"},
		{`{"id":1,"password":"x"}`, "id"},
	} {
		wantError(t, d.do(http.MethodPost, "/v1/session", c.body), http.StatusBadRequest, httpapi.EInvalid, c.field)
	}
}

// TestSessionFixation: SPEC §11 and OWASP ASVS 3.2.1, every sign-in
// issues a new token: a token the browser held before (made up by whoever
// planted it, or that of an earlier session) is not accepted after the
// sign-in, and its session is deleted.
func TestSessionFixation(t *testing.T) {
	d := newDesk(t)
	planted := strings.Repeat("P", 43)
	token := d.mustSignIn("li.wei", centrePW, withCookie(planted))
	if token == planted {
		t.Fatal("the planted token was kept")
	}
	wantError(t, d.do(http.MethodGet, "/v1/session", "", withCookie(planted)), http.StatusUnauthorized, httpapi.EUnauthorized, "")
	if rec := d.do(http.MethodGet, "/v1/session", "", withCookie(token)); rec.Code != http.StatusOK {
		t.Errorf("the new token: HTTP %d", rec.Code)
	}
	// Signing in again over a live session: a new token, the old one ends.
	again := d.mustSignIn("li.wei", centrePW, withCookie(token))
	if again == token {
		t.Fatal("a second sign-in kept the token")
	}
	if _, ok := d.people.stored(token); ok {
		t.Error("the session before the sign-in is still stored")
	}
	wantError(t, d.do(http.MethodGet, "/v1/session", "", withCookie(token)), http.StatusUnauthorized, httpapi.EUnauthorized, "")
	if rec := d.do(http.MethodGet, "/v1/session", "", withCookie(again)); rec.Code != http.StatusOK {
		t.Errorf("the newest token: HTTP %d", rec.Code)
	}
	// Another account signing in over it: the centre's session ends too.
	unitTok := d.mustSignIn("wenhualu-1", unitPW, withCookie(again))
	if got := decodeJSON[httpapi.SignedIn](t, d.do(http.MethodGet, "/v1/session", "", withCookie(unitTok))); got.ID != "wenhualu-1" {
		t.Errorf("signed in as %+v", got)
	}
	if _, ok := d.people.stored(again); ok {
		t.Error("the centre's session is still stored")
	}
}

// TestSessionOrigin: SPEC §11, a state-changing request made with a session
// cookie must come from an allowed origin: the page's own (its scheme and
// host) or one of Config.Origins named exactly; a missing or foreign
// Origin answers 403, on any path. Safe methods, and requests without the
// cookie (the signed clients'), are not concerned; a sign-in from a foreign
// origin is refused even without a cookie.
func TestSessionOrigin(t *testing.T) {
	for _, c := range []struct {
		name         string
		origins      []string
		method, path string
		opts         []reqOption
		status       int
	}{
		{"own origin", nil, http.MethodDelete, "/v1/session", []reqOption{withOrigin("http://example.com")}, http.StatusNoContent},
		{"missing Origin", nil, http.MethodDelete, "/v1/session", []reqOption{withHeader("Origin", "")}, http.StatusForbidden},
		{"foreign Origin", nil, http.MethodDelete, "/v1/session", []reqOption{withOrigin("https://evil.example")}, http.StatusForbidden},
		{"null Origin", nil, http.MethodDelete, "/v1/session", []reqOption{withOrigin("null")}, http.StatusForbidden},
		{"own host, other scheme", nil, http.MethodDelete, "/v1/session", []reqOption{withOrigin("https://example.com")}, http.StatusForbidden},
		{"own origin over https", nil, http.MethodDelete, "/v1/session", []reqOption{withHeader("X-Forwarded-Proto", "https"), withOrigin("https://example.com")}, http.StatusNoContent},
		{"listed origin", []string{"https://hotline.example.gov.cn"}, http.MethodDelete, "/v1/session", []reqOption{withOrigin("https://hotline.example.gov.cn")}, http.StatusNoContent},
		{"not listed", []string{"https://hotline.example.gov.cn"}, http.MethodDelete, "/v1/session", []reqOption{withOrigin("https://hotline.example.gov.cn.evil.example")}, http.StatusForbidden},
		{"* opens CORS, not sessions", []string{"*"}, http.MethodDelete, "/v1/session", []reqOption{withOrigin("https://evil.example")}, http.StatusForbidden},
		{"a POST on another path, no Origin", nil, http.MethodPost, "/v1/admin/finalize", []reqOption{withHeader("Origin", "")}, http.StatusForbidden},
		{"a sign-in, no Origin", nil, http.MethodPost, "/v1/session", []reqOption{withHeader("Origin", "")}, http.StatusForbidden},
		{"GET from a foreign origin", nil, http.MethodGet, "/v1/session", []reqOption{withOrigin("https://evil.example")}, http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newDesk(t, withOrigins(c.origins...))
			token := d.mustSignIn("li.wei", centrePW)
			body := ""
			if c.path == "/v1/session" && c.method == http.MethodPost {
				body = signInBody("li.wei", centrePW)
			}
			rec := d.do(c.method, c.path, body, append([]reqOption{withCookie(token)}, c.opts...)...)
			if c.status == http.StatusForbidden {
				wantError(t, rec, http.StatusForbidden, httpapi.EForbidden, "")
			} else if rec.Code != c.status {
				t.Errorf("HTTP %d %s, want %d", rec.Code, rec.Body, c.status)
			}
		})
	}
	// Without the cookie: a signed client's request needs no Origin; a
	// sign-in from a foreign origin is refused.
	a := newAPI(t)
	if rec := a.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`); rec.Code != http.StatusOK {
		t.Errorf("a signed request without Origin: HTTP %d %s", rec.Code, rec.Body)
	}
	d := newDesk(t)
	wantError(t, d.signIn("li.wei", centrePW, withOrigin("https://evil.example")), http.StatusForbidden, httpapi.EForbidden, "")
	if rec := d.signIn("li.wei", centrePW, withHeader("Origin", "")); rec.Code != http.StatusOK {
		t.Errorf("a sign-in without cookie or Origin (curl): HTTP %d", rec.Code)
	}
}

// TestSignInLimit: SPEC §11, repeated failures are slowed down per account
// and per address: after 5 failures of an account, or 20 from an address,
// within 15 minutes, a sign-in answers 429 with Retry-After (even with the
// right password), until the oldest failure is 15 minutes old; another
// account, or another address, is not held up.
func TestSignInLimit(t *testing.T) {
	retryAfter := func(rec *httptest.ResponseRecorder) int {
		n, _ := strconv.Atoi(rec.Header().Get("Retry-After"))
		return n
	}
	t.Run("per account", func(t *testing.T) {
		d := newDesk(t)
		for i := range httpapi.SignInFailuresPerAccount {
			d.now = signInAt.Add(time.Duration(i) * time.Minute)
			wantError(t, d.signIn("li.wei", "wrong password "+strconv.Itoa(i), fromAddr(addrN(i))), http.StatusUnauthorized, httpapi.EUnauthorized, "")
		}
		d.now = signInAt.Add(10 * time.Minute)
		rec := d.signIn("li.wei", centrePW, fromAddr("192.0.2.200:1"))
		wantError(t, rec, http.StatusTooManyRequests, httpapi.ETooManyRequests, "")
		if got := retryAfter(rec); got != 5*60 {
			t.Errorf("Retry-After %d, want 300 (the first failure at 0, the window 15 min, now 10 min)", got)
		}
		if rec := d.signIn("wenhualu-1", unitPW); rec.Code != http.StatusOK {
			t.Errorf("another account: HTTP %d", rec.Code)
		}
		d.now = signInAt.Add(15*time.Minute - time.Second)
		wantError(t, d.signIn("li.wei", centrePW), http.StatusTooManyRequests, httpapi.ETooManyRequests, "")
		d.now = signInAt.Add(15 * time.Minute)
		if rec := d.signIn("li.wei", centrePW); rec.Code != http.StatusOK {
			t.Errorf("after the window: HTTP %d %s", rec.Code, rec.Body)
		}
		// The success cleared the account's failures: 4 more do not hold it up.
		for i := range httpapi.SignInFailuresPerAccount - 1 {
			wantError(t, d.signIn("li.wei", "wrong again "+strconv.Itoa(i)), http.StatusUnauthorized, httpapi.EUnauthorized, "")
		}
		if rec := d.signIn("li.wei", centrePW); rec.Code != http.StatusOK {
			t.Errorf("4 failures after a success: HTTP %d", rec.Code)
		}
	})
	t.Run("per address", func(t *testing.T) {
		d := newDesk(t)
		const addr = "198.51.100.7:4242"
		for i := range httpapi.SignInFailuresPerAddress {
			wantError(t, d.signIn("guess-"+strconv.Itoa(i), centrePW, fromAddr(addr)), http.StatusUnauthorized, httpapi.EUnauthorized, "")
		}
		d.now = signInAt.Add(time.Minute)
		rec := d.signIn("li.wei", centrePW, fromAddr("198.51.100.7:5555"))
		wantError(t, rec, http.StatusTooManyRequests, httpapi.ETooManyRequests, "")
		if got := retryAfter(rec); got != 14*60 {
			t.Errorf("Retry-After %d, want 840", got)
		}
		if rec := d.signIn("li.wei", centrePW, fromAddr("198.51.100.8:4242")); rec.Code != http.StatusOK {
			t.Errorf("another address: HTTP %d", rec.Code)
		}
		d.now = signInAt.Add(15 * time.Minute)
		if rec := d.signIn("wenhualu-1", unitPW, fromAddr(addr)); rec.Code != http.StatusOK {
			t.Errorf("after the window: HTTP %d %s", rec.Code, rec.Body)
		}
	})
}

func addrN(i int) string { return "203.0.113." + strconv.Itoa(i+1) + ":40000" }

// TestSignInLog: SPEC §11, a password is never logged: through a
// successful sign-in, wrong ones, an unknown id, a disabled account and a
// throttled one, no log line holds any of the passwords sent, while each
// refusal is a WARN line naming the id and the address. The request line
// of a session names its account.
func TestSignInLog(t *testing.T) {
	d := newDesk(t)
	sent := []string{centrePW, unitPW, disabledPW}
	token := d.mustSignIn("li.wei", centrePW, fromAddr("192.0.2.1:1"))
	d.do(http.MethodGet, "/v1/session", "", withCookie(token))
	d.signIn("zhao.old", disabledPW, fromAddr("192.0.2.1:1"))
	d.signIn("nobody", unitPW, fromAddr("192.0.2.1:1"))
	for i := range httpapi.SignInFailuresPerAccount + 1 {
		pw := "wrong horse battery " + strconv.Itoa(i)
		sent = append(sent, pw)
		d.signIn("wenhualu-1", pw, fromAddr("192.0.2.9:9"))
	}
	sent = append(sent, unitPW)
	if rec := d.signIn("wenhualu-1", unitPW, fromAddr("192.0.2.9:9")); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("HTTP %d, want 429", rec.Code)
	}
	var warns []map[string]any
	sawAccount := false
	for line := range strings.SplitSeq(strings.TrimSpace(d.logs.String()), "\n") {
		for _, pw := range sent {
			if strings.Contains(line, pw) || strings.Contains(line, strconv.Quote(pw)[1:len(strconv.Quote(pw))-1]) {
				t.Errorf("a log line holds a password: %s", line)
			}
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %s", line)
		}
		if rec["level"] == "WARN" {
			warns = append(warns, rec)
		}
		if rec["msg"] == "request" && rec["path"] == "/v1/session" && rec["method"] == "GET" && rec["account"] == "li.wei" {
			sawAccount = true
		}
	}
	want := []struct{ msg, id, addr string }{
		{"sign-in refused", "zhao.old", "192.0.2.1"},
		{"sign-in refused", "nobody", "192.0.2.1"},
	}
	for range httpapi.SignInFailuresPerAccount {
		want = append(want, struct{ msg, id, addr string }{"sign-in refused", "wenhualu-1", "192.0.2.9"})
	}
	want = append(want, struct{ msg, id, addr string }{"sign-in throttled", "wenhualu-1", "192.0.2.9"},
		struct{ msg, id, addr string }{"sign-in throttled", "wenhualu-1", "192.0.2.9"})
	if len(warns) != len(want) {
		t.Fatalf("%d WARN lines, want %d: %v", len(warns), len(want), warns)
	}
	for i, w := range want {
		if warns[i]["msg"] != w.msg || warns[i]["id"] != w.id || warns[i]["address"] != w.addr {
			t.Errorf("WARN %d: %v, want %+v", i, warns[i], w)
		}
	}
	if !sawAccount {
		t.Error("no request line names the account of the session")
	}
}

// TestNoAccounts: a server without Accounts and Sessions answers the
// session routes 404 `not_found` (it keeps no accounts), as documented.
func TestNoAccounts(t *testing.T) {
	srv := httpapi.New(httpapi.Config{Store: memstore.New(time.UTC)})
	for _, m := range []string{http.MethodPost, http.MethodGet, http.MethodDelete} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, sessionRequest(m, "/v1/session", signInBody("li.wei", centrePW)))
		wantError(t, rec, http.StatusNotFound, httpapi.ENotFound, "")
	}
}

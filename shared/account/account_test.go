package account

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/unit"
)

// fastParams keep the tests quick; the production parameters are checked
// once (TestDefaultParams).
var fastParams = Params{Memory: 64, Time: 1, Threads: 1}

func TestCheckPassword(t *testing.T) {
	// SPEC §11: a password has at least 12 characters (characters, not
	// bytes: 十二个汉字 count 12).
	for _, c := range []struct {
		pw, want string
	}{
		{"correct horse", ""},
		{"十二个字的密码这样就够了", ""},
		{"short", "has 5 characters: at least 12"},
		{"十一个字的密码还差一", "has 10 characters"},
		{strings.Repeat("a", 257), "longer than 256 bytes"},
		{"\xff\xfe" + strings.Repeat("a", 12), "not UTF-8"},
	} {
		err := CheckPassword(c.pw)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("CheckPassword(%q) = %v, want %q", c.pw, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), c.pw) {
			t.Errorf("the error repeats the password: %v", err)
		}
	}
}

func TestHashVerify(t *testing.T) {
	h, err := HashPassword("correct horse battery", fastParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(h), "$argon2id$v=19$m=64,t=1,p=1$") || h.Check() != nil {
		t.Errorf("hash %q: %v", string(h), h.Check())
	}
	if !h.Verify("correct horse battery") {
		t.Error("the password does not verify")
	}
	for _, wrong := range []string{"", "correct horse batter", "correct horse battery ", "Correct horse battery"} {
		if h.Verify(wrong) {
			t.Errorf("%q verifies", wrong)
		}
	}
	other, err := HashPassword("correct horse battery", fastParams, rand.Reader)
	if err != nil || other == h {
		t.Errorf("two hashes of one password are equal: the salt is not random (%v)", err)
	}
	if _, err := HashPassword("short", fastParams, rand.Reader); err == nil {
		t.Error("a short password was hashed")
	}
	// Never in a log line or an error message.
	for _, s := range []string{fmt.Sprint(h), fmt.Sprintf("%v %s %#v", h, h, Account{Password: h})} {
		if strings.Contains(s, "argon2id") {
			t.Errorf("the hash is printed: %s", s)
		}
	}
}

func TestHashCheck(t *testing.T) {
	for _, bad := range []Hash{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5"} {
		if bad.Check() == nil || bad.Verify("anything at all") {
			t.Errorf("%q is usable", string(bad))
		}
	}
	if err := unknownHash.Check(); err != nil {
		t.Errorf("the hash of unknown ids: %v", err)
	}
}

func TestDefaultParams(t *testing.T) {
	// OWASP's first argon2id configuration: m=19 MiB, t=2, p=1.
	h, err := HashPassword("correct horse battery", DefaultParams, rand.Reader)
	if err != nil || !strings.HasPrefix(string(h), "$argon2id$v=19$m=19456,t=2,p=1$") || !h.Verify("correct horse battery") {
		t.Errorf("%q, %v", string(h), err)
	}
	VerifyUnknown("anything at all")
}

func TestValidate(t *testing.T) {
	h, err := HashPassword("correct horse battery", fastParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ok := Account{ID: "li.wei@centre", Name: "李伟", Role: Centre, Password: h}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid: %v", err)
	}
	unitOK := Account{ID: "wenhualu-1", Role: Unit, UnitID: "wenhualu", Password: h}
	if err := unitOK.Validate(); err != nil {
		t.Errorf("valid unit account: %v", err)
	}
	for _, c := range []struct {
		a    Account
		want []string
	}{
		{Account{ID: "", Role: "boss", Password: h}, []string{"id: ", "role: \"boss\" is not a role"}},
		{Account{ID: "x", Role: Unit, Password: h}, []string{"unit_id: a unit account names its unit"}},
		{Account{ID: "x", Role: Admin, UnitID: "wenhualu", Password: h}, []string{"only a unit account names a unit"}},
		{Account{ID: "x", Role: Admin, Name: strings.Repeat("名", 101), Password: h}, []string{"name: at most 100"}},
		{Account{ID: "x y", Role: Admin}, []string{"id: \"x y\"", "password: not an argon2id hash"}},
	} {
		err := c.a.Validate()
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: %v, want %q", c.a.ID, err, w)
			}
		}
	}
}

func TestRoles(t *testing.T) {
	for _, r := range Roles() {
		if got, err := ParseRole(string(r)); err != nil || got != r || r.Label() == string(r) {
			t.Errorf("%s: %v %v %s", r, got, err, r.Label())
		}
	}
	if _, err := ParseRole("Admin"); err == nil {
		t.Error("role names are pinned lower case")
	}
}

func TestToken(t *testing.T) {
	token, hash, err := NewToken(rand.Reader)
	if err != nil || len(token) != 43 || hash != TokenHash(token) || len(hash) != 64 || strings.Contains(hash, token) {
		t.Errorf("token %q hash %q: %v", token, hash, err)
	}
	if _, _, err := NewToken(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Error("a token from 10 bytes of randomness")
	}
}

func TestLifetime(t *testing.T) {
	// SPEC §11: sessions end after an idle and an absolute lifetime.
	l := Lifetime{Idle: 8 * time.Hour, Absolute: 24 * time.Hour}
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name        string
		seen, now   time.Time
		valid       bool
		wantExpires time.Time
	}{
		{"just signed in", t0, t0, true, t0.Add(8 * time.Hour)},
		{"idle 7h59m", t0, t0.Add(8*time.Hour - time.Minute), true, t0.Add(8 * time.Hour)},
		{"idle 8h", t0, t0.Add(8 * time.Hour), false, t0.Add(8 * time.Hour)},
		{"used at 20h, asked at 23h", t0.Add(20 * time.Hour), t0.Add(23 * time.Hour), true, t0.Add(24 * time.Hour)},
		{"used at 23h, asked at 24h", t0.Add(23 * time.Hour), t0.Add(24 * time.Hour), false, t0.Add(24 * time.Hour)},
		{"a clock before the sign-in", t0, t0.Add(-time.Minute), false, t0.Add(8 * time.Hour)},
	} {
		s := Session{TokenHash: "h", AccountID: "a", CreatedAt: t0, SeenAt: c.seen}
		if got := l.Valid(s, c.now); got != c.valid {
			t.Errorf("%s: valid %v", c.name, got)
		}
		if got := l.Expires(s); !got.Equal(c.wantExpires) {
			t.Errorf("%s: expires %v, want %v", c.name, got, c.wantExpires)
		}
	}
}

func TestAdmits(t *testing.T) {
	l := DefaultLifetime
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	a := Account{ID: "li.wei", Role: Centre}
	s := Session{TokenHash: "h", AccountID: "li.wei", CreatedAt: t0, SeenAt: t0}
	now := t0.Add(time.Hour)
	if !l.Admits(a, s, now) {
		t.Error("a fresh session of an enabled account")
	}
	disabled := a
	disabled.Disabled = true
	revoked := a
	revoked.RevokedAt = t0.Add(time.Minute) // the password changed after the sign-in
	other := s
	other.AccountID = "wang.fang"
	for name, c := range map[string]struct {
		a Account
		s Session
	}{"disabled": {disabled, s}, "revoked": {revoked, s}, "another's": {a, other}} {
		if l.Admits(c.a, c.s, now) {
			t.Errorf("%s: admitted", name)
		}
	}
	later := s
	later.CreatedAt, later.SeenAt = t0.Add(2*time.Minute), t0.Add(2*time.Minute)
	if !l.Admits(revoked, later, now) {
		t.Error("a session begun after the revocation")
	}
}

func TestFieldOf(t *testing.T) {
	// SPEC §11: a refused account names what is wrong; the API answers the
	// field of the first problem.
	reg, err := unit.NewRegistry([]unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"bad id first", Account{ID: "x y", Role: "boss"}.Validate(), "id"},
		{"unknown role", Account{ID: "x", Role: "boss", Password: unknownHash}.Validate(), "role"},
		{"unit account without a unit", Account{ID: "x", Role: Unit, Password: unknownHash}.Validate(), "unit_id"},
		{"no hash", Account{ID: "x", Role: Admin}.Validate(), "password"},
		{"unit not in the registry", Account{ID: "x", Role: Unit, UnitID: "nowhere"}.CheckUnit(reg), "unit_id"},
		{"valid", Account{ID: "x", Role: Unit, UnitID: "wenhualu"}.CheckUnit(reg), ""},
		{"not a field error", errors.New("disk full"), ""},
	} {
		if got := FieldOf(c.err); got != c.want {
			t.Errorf("%s: FieldOf(%v) = %q, want %q", c.name, c.err, got, c.want)
		}
	}
}

func TestRevoke(t *testing.T) {
	// SPEC §11: a new password or disabling ends the sessions begun before.
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	a := Account{ID: "li.wei", Role: Centre, CreatedAt: t0, UpdatedAt: t0}
	s := Session{TokenHash: "h", AccountID: "li.wei", CreatedAt: t0, SeenAt: t0}
	now := t0.Add(time.Hour)
	a.Revoke(now)
	if !a.RevokedAt.Equal(now) || !a.UpdatedAt.Equal(now) || !a.CreatedAt.Equal(t0) {
		t.Errorf("revoked %v updated %v created %v", a.RevokedAt, a.UpdatedAt, a.CreatedAt)
	}
	if DefaultLifetime.Admits(a, s, now.Add(time.Minute)) {
		t.Error("a session begun before the revocation is admitted")
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store/sqlite"
)

const (
	adminPassword = "admin password 甲乙丙丁"
	newPassword   = "a brand new password 戊己庚辛"
)

// withRegistry is a new store with the unit registry of testdata/units.yaml.
func withRegistry(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	if code, _, errOut := hotline(t, "ingest", "--data", data, "--units", "testdata/units.yaml"); code != 0 {
		t.Fatalf("ingest --units: exit %d: %s", code, errOut)
	}
	return data
}

// storedAccount reads an account straight from the store.
func storedAccount(t *testing.T, data, id string) account.Account {
	t.Helper()
	loc, err := policy.Builtin().Location()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(data, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.Account(context.Background(), id)
	if err != nil {
		t.Fatalf("account %s: %v", id, err)
	}
	return a
}

// TestAccountsAdd: SPEC §11, `hotline accounts add` makes an account of each
// role with the password of one line of stdin (LF, CRLF or none), stored as
// an argon2id hash that verifies it.
func TestAccountsAdd(t *testing.T) {
	data := withRegistry(t)
	before := time.Now()
	for _, c := range []struct {
		stdin string
		args  []string
		want  account.Account
	}{
		{adminPassword + "\n", []string{"--id", "admin", "--role", "admin"}, account.Account{ID: "admin", Role: account.Admin}},
		{adminPassword + "\r\n", []string{"--id", "li.wei", "--role", "centre", "--name", "李伟"}, account.Account{ID: "li.wei", Name: "李伟", Role: account.Centre}},
		{adminPassword, []string{"--id", "wenhualu-1", "--role", "unit", "--unit", "wenhualu"}, account.Account{ID: "wenhualu-1", Role: account.Unit, UnitID: "wenhualu"}},
	} {
		code, out, errOut := hotlineStdin(t, c.stdin, append([]string{"accounts", "add", "--data", data}, c.args...)...)
		if code != 0 {
			t.Fatalf("add %s: exit %d: %s", c.want.ID, code, errOut)
		}
		if !strings.Contains(out, "账号 "+c.want.ID+" 已创建") {
			t.Errorf("add %s: %q", c.want.ID, out)
		}
		got := storedAccount(t, data, c.want.ID)
		if got.ID != c.want.ID || got.Name != c.want.Name || got.Role != c.want.Role || got.UnitID != c.want.UnitID || got.Disabled {
			t.Errorf("stored %+v, want %+v", got, c.want)
		}
		if !got.Password.Verify(adminPassword) || !strings.HasPrefix(string(got.Password), "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("%s: the stored hash is not of the password under the default parameters", c.want.ID)
		}
		if got.CreatedAt.Before(before.Add(-time.Second)) || got.CreatedAt.After(time.Now()) || !got.UpdatedAt.Equal(got.CreatedAt) {
			t.Errorf("%s: created %v, updated %v", c.want.ID, got.CreatedAt, got.UpdatedAt)
		}
	}
}

// TestAccountsProblems: SPEC §11, exit 2 naming the problem — too short,
// unknown unit, id taken — and the other bad inputs of the four commands.
func TestAccountsProblems(t *testing.T) {
	data := withRegistry(t)
	if code, _, errOut := hotlineStdin(t, adminPassword, "accounts", "add", "--data", data, "--id", "admin", "--role", "admin"); code != 0 {
		t.Fatalf("add admin: exit %d: %s", code, errOut)
	}
	bare := t.TempDir() // a store without a unit registry
	if code, _, errOut := hotlineStdin(t, adminPassword, "accounts", "add", "--data", bare, "--id", "admin", "--role", "admin"); code != 0 {
		t.Fatalf("add admin to a bare store: exit %d: %s", code, errOut)
	}
	for _, c := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"too short", "short pw\n", []string{"add", "--data", data, "--id", "x", "--role", "admin"}, 2, "the password has 8 characters: at least 12"},
		{"no password", "", []string{"add", "--data", data, "--id", "x", "--role", "admin"}, 2, "no password on standard input"},
		{"an empty line", "\n" + adminPassword, []string{"add", "--data", data, "--id", "x", "--role", "admin"}, 2, "no password on standard input"},
		{"too long", strings.Repeat("长", 100) + "\n", []string{"add", "--data", data, "--id", "x", "--role", "admin"}, 2, "longer than 256 bytes"},
		{"id taken", adminPassword, []string{"add", "--data", data, "--id", "admin", "--role", "centre"}, 2, "--id admin: the id is taken"},
		{"unknown unit", adminPassword, []string{"add", "--data", data, "--id", "u1", "--role", "unit", "--unit", "nowhere"}, 2, "--unit nowhere: not a unit of the stored registry"},
		{"no registry", adminPassword, []string{"add", "--data", bare, "--id", "u1", "--role", "unit", "--unit", "wenhualu"}, 2, "the store has no unit registry yet"},
		{"a unit account without its unit", adminPassword, []string{"add", "--data", data, "--id", "u1", "--role", "unit"}, 2, "unit_id: a unit account names its unit"},
		{"a unit on a centre account", adminPassword, []string{"add", "--data", data, "--id", "c1", "--role", "centre", "--unit", "wenhualu"}, 2, "only a unit account names a unit"},
		{"unknown role", adminPassword, []string{"add", "--data", data, "--id", "x", "--role", "boss"}, 2, `role: "boss" is not a role`},
		{"no role", adminPassword, []string{"add", "--data", data, "--id", "x"}, 2, "--role is required"},
		{"bad id", adminPassword, []string{"add", "--data", data, "--id", "a b", "--role", "admin"}, 2, `id: "a b"`},
		{"no id", adminPassword, []string{"add", "--data", data, "--role", "admin"}, 2, "--id is required"},
		{"no data", adminPassword, []string{"add", "--id", "x", "--role", "admin"}, 2, "--data is required"},
		{"no subcommand", "", nil, 2, "name a subcommand"},
		{"unknown subcommand", "", []string{"remove", "--data", data}, 2, `unknown subcommand "remove"`},
		{"list of no store", "", []string{"list", "--data", filepath.Join(t.TempDir(), "none")}, 2, "no store there"},
		{"disable unknown", "", []string{"disable", "--data", data, "--id", "nobody"}, 2, "--id nobody: no such account"},
		{"passwd unknown", newPassword, []string{"passwd", "--data", data, "--id", "nobody"}, 2, "--id nobody: no such account"},
		{"passwd too short", "short\n", []string{"passwd", "--data", data, "--id", "admin"}, 2, "the password has 5 characters"},
		{"passwd without id", newPassword, []string{"passwd", "--data", data}, 2, "--id is required"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := hotlineStdin(t, c.stdin, append([]string{"accounts"}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d naming %q", code, errOut, c.code, c.want)
			}
			if strings.Contains(out, "已创建") {
				t.Errorf("an account was made: %q", out)
			}
		})
	}
	// Nothing of the failed commands was stored; the first admin is as made.
	if a := storedAccount(t, data, "admin"); a.Role != account.Admin || !a.Password.Verify(adminPassword) {
		t.Errorf("the admin account changed: role %s", a.Role)
	}
	code, out, _ := hotline(t, "accounts", "list", "--data", data)
	if lines := strings.Count(out, "\n"); code != 0 || lines != 2 {
		t.Errorf("list after the problems: exit %d, %d lines, want the header and admin:\n%s", code, lines, out)
	}
}

// TestAccountsListDisablePasswd: list shows every account without its hash;
// disable and passwd revoke the sessions (RevokedAt), passwd changes the
// password.
func TestAccountsListDisablePasswd(t *testing.T) {
	data := withRegistry(t)
	for _, args := range [][]string{
		{"--id", "wenhualu-1", "--role", "unit", "--unit", "wenhualu", "--name", "文化路\t王芳"},
		{"--id", "admin", "--role", "admin"},
	} {
		if code, _, errOut := hotlineStdin(t, adminPassword+"\n", append([]string{"accounts", "add", "--data", data}, args...)...); code != 0 {
			t.Fatalf("add: exit %d: %s", code, errOut)
		}
	}
	code, out, errOut := hotline(t, "accounts", "list", "--data", data)
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "账号 id\t姓名 name\t角色 role\t单位 unit\t停用 disabled\t创建 created" {
		t.Fatalf("list:\n%s", out)
	}
	for i, want := range [][]string{{"admin", "", "admin", "", "否"}, {"wenhualu-1", "文化路 王芳", "unit", "wenhualu", "否"}} {
		fields := strings.Split(lines[i+1], "\t")
		if len(fields) != 6 || strings.Join(fields[:5], "|") != strings.Join(want, "|") || !strings.HasSuffix(fields[5], "+08:00") {
			t.Errorf("line %d: %q, want %q and a creation time in the policy zone", i+2, lines[i+1], want)
		}
	}
	if strings.Contains(out, "argon2") || strings.Contains(out, "$") {
		t.Errorf("list shows a hash:\n%s", out)
	}

	before := storedAccount(t, data, "wenhualu-1")
	if code, out, errOut := hotline(t, "accounts", "disable", "--data", data, "--id", "wenhualu-1"); code != 0 || !strings.Contains(out, "已停用") {
		t.Fatalf("disable: exit %d: %s %s", code, out, errOut)
	}
	got := storedAccount(t, data, "wenhualu-1")
	if !got.Disabled || !got.RevokedAt.After(before.CreatedAt) && !got.RevokedAt.Equal(before.CreatedAt) || got.RevokedAt.IsZero() ||
		!got.UpdatedAt.Equal(got.RevokedAt) || !got.CreatedAt.Equal(before.CreatedAt) || !got.Password.Verify(adminPassword) {
		t.Errorf("after disable: disabled %v, revoked %v, updated %v, created %v (was %v)", got.Disabled, got.RevokedAt, got.UpdatedAt, got.CreatedAt, before.CreatedAt)
	}
	if _, out, _ := hotline(t, "accounts", "list", "--data", data); !strings.Contains(out, "wenhualu\t是\t") {
		t.Errorf("list does not show the account disabled:\n%s", out)
	}

	if code, out, errOut := hotlineStdin(t, newPassword+"\r\n", "accounts", "passwd", "--data", data, "--id", "admin"); code != 0 || !strings.Contains(out, "密码已更改") {
		t.Fatalf("passwd: exit %d: %s %s", code, out, errOut)
	}
	got = storedAccount(t, data, "admin")
	if !got.Password.Verify(newPassword) || got.Password.Verify(adminPassword) || got.RevokedAt.IsZero() || got.Disabled {
		t.Errorf("after passwd: the new password verifies %v, the old %v; revoked %v, disabled %v",
			got.Password.Verify(newPassword), got.Password.Verify(adminPassword), got.RevokedAt, got.Disabled)
	}
}

// TestAccountsNeverPrintPassword: SPEC §11, a password is never shown: not
// on stdout or stderr of any command, successful or not, nor kept in the
// store's files as text.
func TestAccountsNeverPrintPassword(t *testing.T) {
	data := withRegistry(t)
	const secret = "Zebra-Quartz-9731-秘密"
	var outputs []string
	for _, c := range []struct {
		stdin string
		args  []string
	}{
		{secret + "\n", []string{"add", "--data", data, "--id", "admin", "--role", "admin"}},
		{secret + "\n", []string{"add", "--data", data, "--id", "admin", "--role", "admin"}},                                     // taken
		{secret + "\n", []string{"add", "--data", data, "--id", "u", "--role", "unit", "--unit", "nowhere"}},                     // unknown unit
		{secret + "\n", []string{"add", "--data", data, "--id", "bad id", "--role", "boss", "--name", strings.Repeat("名", 101)}}, // invalid
		{"Zebra\n", []string{"add", "--data", data, "--id", "short", "--role", "admin"}},                                         // too short
		{secret[:11] + "\n", []string{"add", "--data", data, "--id", "short", "--role", "admin"}},                                // one short
		{secret + "x\n", []string{"passwd", "--data", data, "--id", "admin"}},
		{secret + "\n", []string{"passwd", "--data", data, "--id", "nobody"}},
		{"", []string{"list", "--data", data}},
		{"", []string{"disable", "--data", data, "--id", "admin"}},
	} {
		_, out, errOut := hotlineStdin(t, c.stdin, append([]string{"accounts"}, c.args...)...)
		outputs = append(outputs, out, errOut)
	}
	for _, o := range outputs {
		for _, part := range []string{secret, secret[:11], "Zebra", "Quartz", "秘密"} {
			if strings.Contains(o, part) {
				t.Errorf("an output shows the password (%q): %q", part, o)
			}
		}
	}
	files, err := filepath.Glob(filepath.Join(data, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("the store's files: %v %v", files, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "Zebra-Quartz") {
			t.Errorf("%s holds the password as text", f)
		}
	}
}

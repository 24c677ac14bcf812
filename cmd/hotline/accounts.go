package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/shared/unit"
)

// accountsUsage lists the subcommands of `hotline accounts` (SPEC §11).
const accountsUsage = `Usage:
  hotline accounts add --data DIR --id ID --role admin|centre|unit [--unit UNIT_ID] [--name NAME] < password
  hotline accounts list --data DIR
  hotline accounts disable --data DIR --id ID
  hotline accounts passwd --data DIR --id ID < password

The password is one line of standard input (at least 12 characters); it is
stored only as an argon2id hash and never printed.
`

// accountsRun is what one run of `hotline accounts` works with: the
// clock read once at the edge, the randomness of the salts, and the
// standard streams.
type accountsRun struct {
	now            time.Time
	random         io.Reader
	stdin          io.Reader
	stdout, stderr io.Writer
}

// runAccounts is `hotline accounts add|list|disable|passwd --data DIR ...`:
// the accounts of the people who sign in, in the embedded store (SPEC §11).
func runAccounts(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, accountsUsage)
		return badInput("name a subcommand: add, list, disable or passwd")
	}
	r := accountsRun{now: time.Now(), random: rand.Reader, stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "add":
		return r.add(args[1:])
	case "list":
		return r.list(args[1:])
	case "disable":
		return r.disable(args[1:])
	case "passwd":
		return r.passwd(args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, accountsUsage)
		return nil
	}
	fmt.Fprint(stderr, accountsUsage)
	return badInput("unknown subcommand %q: add, list, disable or passwd", args[0])
}

// accountFlags parses the flags of a subcommand: --data always, --id when
// needID, and what more declares.
func (r accountsRun) accountFlags(name string, args []string, needID bool, more func(*flag.FlagSet)) (data, id string, err error) {
	fs := flag.NewFlagSet("hotline accounts "+name, flag.ContinueOnError)
	fs.SetOutput(r.stderr)
	fs.StringVar(&data, "data", "", "the folder of the embedded store (required)")
	if needID {
		fs.StringVar(&id, "id", "", "the account's id, its login name (required)")
	}
	if more != nil {
		more(fs)
	}
	if err := fs.Parse(args); err != nil {
		return "", "", inputError(err)
	}
	switch {
	case data == "":
		return "", "", badInput("--data is required")
	case needID && id == "":
		return "", "", badInput("--id is required")
	case fs.NArg() > 0:
		return "", "", badInput("unexpected arguments %q", fs.Args())
	}
	return data, id, nil
}

// add is `hotline accounts add`: a new account, its password from stdin.
func (r accountsRun) add(args []string) error {
	var role, unitID, name string
	data, id, err := r.accountFlags("add", args, true, func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "", "admin, centre or unit (required)")
		fs.StringVar(&unitID, "unit", "", "the unit of a unit account, an id of the stored unit registry")
		fs.StringVar(&name, "name", "", "the person's name, shown on the page")
	})
	if err != nil {
		return err
	}
	if role == "" {
		return badInput("--role is required: admin, centre or unit")
	}
	a := account.Account{ID: id, Name: name, Role: account.Role(role), UnitID: unitID, CreatedAt: r.now, UpdatedAt: r.now}
	if a.Password, err = r.newPassword(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return inputError(err)
	}
	st, err := openAccounts(data, true)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if err := checkUnit(ctx, st, a); err != nil {
		return err
	}
	if err := st.CreateAccount(ctx, a); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fault.Errorf(fault.Conflict, "--id %s: the id is taken (账号已存在)", id)
		}
		return err
	}
	fmt.Fprintf(r.stdout, "账号 %s 已创建，角色 %s (account %s created, role %s)\n", a.ID, a.Role.Label(), a.ID, a.Role)
	return nil
}

// checkUnit says whether a unit account's unit is in the stored registry.
func checkUnit(ctx context.Context, st *sqlite.Store, a account.Account) error {
	if a.Role != account.Unit {
		return nil
	}
	units, err := st.Units(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return badInput("--unit %s: the store has no unit registry yet; load it first with hotline ingest --data DIR --units units.yaml", a.UnitID)
	}
	if err != nil {
		return err
	}
	reg, err := unit.NewRegistry(units)
	if err != nil {
		return err
	}
	if err := a.CheckUnit(reg); err != nil {
		return badInput("--unit %s: not a unit of the stored registry (没有这个单位)", a.UnitID)
	}
	return nil
}

// list is `hotline accounts list`: every account as tab-separated values,
// never its password hash.
func (r accountsRun) list(args []string) error {
	data, _, err := r.accountFlags("list", args, false, nil)
	if err != nil {
		return err
	}
	st, err := openAccounts(data, false)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.ListAccounts(context.Background())
	if err != nil {
		return err
	}
	loc, err := policy.Builtin().Location()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(r.stdout)
	fmt.Fprintln(w, "账号 id\t姓名 name\t角色 role\t单位 unit\t停用 disabled\t创建 created")
	for _, a := range list {
		disabled := "否"
		if a.Disabled {
			disabled = "是"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, tsvField(a.Name), a.Role, a.UnitID, disabled,
			a.CreatedAt.In(loc).Format(time.RFC3339))
	}
	if len(list) == 0 {
		fmt.Fprintln(r.stderr, "没有账号 (no accounts)")
	}
	return w.Flush()
}

// tsvField keeps a free-text field on its line and in its column.
func tsvField(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// disable is `hotline accounts disable`: the account can no longer sign
// in, and its sessions end.
func (r accountsRun) disable(args []string) error {
	data, id, err := r.accountFlags("disable", args, true, nil)
	if err != nil {
		return err
	}
	return r.update(data, id, func(a *account.Account) error {
		a.Disabled = true
		return nil
	}, "已停用 (disabled)")
}

// passwd is `hotline accounts passwd`: a new password from stdin; the
// account's sessions end.
func (r accountsRun) passwd(args []string) error {
	data, id, err := r.accountFlags("passwd", args, true, nil)
	if err != nil {
		return err
	}
	h, err := r.newPassword()
	if err != nil {
		return err
	}
	return r.update(data, id, func(a *account.Account) error {
		a.Password = h
		return nil
	}, "密码已更改 (password changed)")
}

// update reads the account of id, changes it, revokes its sessions and
// stores it.
func (r accountsRun) update(data, id string, change func(*account.Account) error, done string) error {
	st, err := openAccounts(data, false)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	a, err := st.Account(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return badInput("--id %s: no such account (没有这个账号)", id)
	}
	if err != nil {
		return err
	}
	if err := change(&a); err != nil {
		return err
	}
	a.Revoke(r.now)
	if err := st.UpdateAccount(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(r.stdout, "账号 %s %s，已登录的会话已结束 (its sessions ended)\n", id, done)
	return nil
}

// newPassword reads a password from stdin, checks it and hashes it.
func (r accountsRun) newPassword() (account.Hash, error) {
	pw, err := readPassword(r.stdin)
	if err != nil {
		return "", err
	}
	if err := account.CheckPassword(pw); err != nil {
		return "", inputError(fmt.Errorf("standard input: %w (密码至少 %d 个字符)", err, account.MinPasswordLen))
	}
	h, err := account.HashPassword(pw, account.DefaultParams, r.random)
	if err != nil {
		return "", err
	}
	return h, nil
}

// readPassword reads the first line of in, without its line ending (LF or
// CRLF). The line is read up to a bound well past account.MaxPasswordLen,
// so that a longer one is too long, not cut.
func readPassword(in io.Reader) (string, error) {
	if in == nil {
		return "", badInput("no password on standard input")
	}
	line, err := bufio.NewReader(io.LimitReader(in, 4*account.MaxPasswordLen)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", inputError(fmt.Errorf("read the password from standard input: %w", err))
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", badInput("no password on standard input: give it as one line (hotline accounts ... < password.txt)")
	}
	return line, nil
}

// openAccounts opens the embedded store at dir, in the zone of the built-in
// policy, as `hotline ingest` does. Unless create, the store must exist.
func openAccounts(dir string, create bool) (*sqlite.Store, error) {
	if !create {
		if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); errors.Is(err, fs.ErrNotExist) {
			return nil, badInput("--data %s: no store there (hotline accounts add or hotline ingest makes one)", dir)
		}
	}
	loc, err := policy.Builtin().Location()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	return sqlite.Open(dir, loc)
}

package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// PeopleStore is what the people suite tests: an adapter's accounts and
// sessions (SPEC v1.1 §11).
type PeopleStore interface {
	store.Accounts
	store.Sessions
	Close() error
}

// OpenPeople returns a new, empty store for one test. The suite closes it.
type OpenPeople func(t *testing.T) PeopleStore

// PeopleOption changes what the people suite asks of an adapter.
type PeopleOption func(*peopleOptions)

type peopleOptions struct {
	expireByThemselves bool
}

// SessionsExpireByThemselves is the option of a store whose expired
// sessions are removed by the store's own means (DynamoDB's TTL attribute):
// its SweepSessions may remove none of them. It must still remove no
// session that has not expired, and count no more than the expired.
func SessionsExpireByThemselves() PeopleOption {
	return func(o *peopleOptions) { o.expireByThemselves = true }
}

// People runs the suite of accounts and sessions against the adapter open
// makes: every field kept exactly (times to the nanosecond, read back in
// UTC; a zero time stays zero), an id taken once (store.ErrExists, of code
// fault.Conflict, also under concurrent creation), what is not there
// store.ErrNotFound, sessions replaced, deleted and swept.
func People(t *testing.T, open OpenPeople, opts ...PeopleOption) {
	var o peopleOptions
	for _, opt := range opts {
		opt(&o)
	}
	t.Run("AccountRoundTrip", func(t *testing.T) { testAccountRoundTrip(t, open) })
	t.Run("AccountTaken", func(t *testing.T) { testAccountTaken(t, open) })
	t.Run("AccountNotFound", func(t *testing.T) { testAccountNotFound(t, open) })
	t.Run("ListAccounts", func(t *testing.T) { testListAccounts(t, open) })
	t.Run("UpdateAccount", func(t *testing.T) { testUpdateAccount(t, open) })
	t.Run("ConcurrentCreate", func(t *testing.T) { testConcurrentCreate(t, open) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open) })
	t.Run("SweepSessions", func(t *testing.T) { testSweepSessions(t, open, o) })
}

func freshPeople(t *testing.T, open OpenPeople) PeopleStore { return opened(t, open) }

// cheap are argon2id parameters that keep the suite quick: the store keeps
// a hash whatever its parameters.
var cheap = account.Params{Memory: 64, Time: 1, Threads: 1}

func hashOf(t testing.TB, pw string) account.Hash {
	t.Helper()
	h, err := account.HashPassword(pw, cheap, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// t0 has nanoseconds and another zone than UTC: a store keeps the instant
// to the nanosecond and gives it back in UTC.
func t0(t testing.TB) time.Time {
	return time.Date(2026, 11, 2, 9, 30, 15, 123456789, shanghai(t))
}

// people are accounts of every role and shape: a Chinese name, no name, a
// unit account, a disabled one with its sessions revoked.
func people(t testing.TB) []account.Account {
	at := t0(t)
	return []account.Account{
		{ID: "admin", Role: account.Admin, Password: hashOf(t, "correct horse battery"), CreatedAt: at, UpdatedAt: at},
		{ID: "li.wei@centre", Name: "李伟", Role: account.Centre, Password: hashOf(t, "十二个字的密码这样就够了"),
			CreatedAt: at.Add(time.Minute), UpdatedAt: at.Add(2 * time.Minute)},
		{ID: "wenhualu-1", Name: "文化路街道 王芳", Role: account.Unit, UnitID: "wenhualu", Password: hashOf(t, "another long password"),
			Disabled: true, RevokedAt: at.Add(time.Hour + time.Nanosecond), CreatedAt: at, UpdatedAt: at.Add(time.Hour + time.Nanosecond)},
	}
}

func create(t *testing.T, s PeopleStore, accounts ...account.Account) {
	t.Helper()
	for _, a := range accounts {
		if err := s.CreateAccount(context.Background(), a); err != nil {
			t.Fatalf("CreateAccount %s: %v", a.ID, err)
		}
	}
}

// sameAccount reports how got differs from want, field by field (times by
// Equal and in UTC), without printing a password hash.
func sameAccount(t *testing.T, what string, got, want account.Account) {
	t.Helper()
	if got.Password != want.Password {
		t.Errorf("%s: the password hash is not the one stored (%d bytes, want %d)", what, len(got.Password), len(want.Password))
	}
	got.Password, want.Password = "", ""
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
	utc(t, what, map[string]time.Time{"revoked": got.RevokedAt, "created": got.CreatedAt, "updated": got.UpdatedAt})
}

// utc checks that the non-zero times are read back in UTC.
func utc(t *testing.T, what string, times map[string]time.Time) {
	t.Helper()
	for name, at := range times {
		if !at.IsZero() && at.Location() != time.UTC {
			t.Errorf("%s: %s time in %s, want UTC", what, name, at.Location())
		}
	}
}

func testAccountRoundTrip(t *testing.T, open OpenPeople) {
	s := freshPeople(t, open)
	list := people(t)
	create(t, s, list...)
	for _, want := range list {
		got, err := s.Account(context.Background(), want.ID)
		if err != nil {
			t.Fatalf("Account %s: %v", want.ID, err)
		}
		sameAccount(t, "Account "+want.ID, got, want)
		if want.RevokedAt.IsZero() && !got.RevokedAt.IsZero() {
			t.Errorf("Account %s: a zero RevokedAt came back as %v", want.ID, got.RevokedAt)
		}
	}
}

// testAccountTaken: an id is taken once; the second creation is
// store.ErrExists of code fault.Conflict, and the first account stays.
func testAccountTaken(t *testing.T, open OpenPeople) {
	s := freshPeople(t, open)
	first := people(t)[1]
	create(t, s, first)
	second := first
	second.Name, second.Role, second.Password = "冒名者", account.Admin, hashOf(t, "someone else's password")
	err := s.CreateAccount(context.Background(), second)
	if !errors.Is(err, store.ErrExists) || fault.CodeOf(err) != fault.Conflict {
		t.Errorf("CreateAccount of a taken id: %v (code %q), want store.ErrExists of code %q", err, fault.CodeOf(err), fault.Conflict)
	}
	got, err := s.Account(context.Background(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameAccount(t, "the first account after the second creation", got, first)
}

func testAccountNotFound(t *testing.T, open OpenPeople) {
	s := freshPeople(t, open)
	ctx := context.Background()
	if _, err := s.Account(ctx, "nobody"); !isNotFound(err) {
		t.Errorf("Account of an empty store: %v, want ErrNotFound", err)
	}
	create(t, s, people(t)[0])
	if _, err := s.Account(ctx, "Admin"); !isNotFound(err) {
		t.Errorf("Account of another case of an id: %v, want ErrNotFound (ids are exact)", err)
	}
	ghost := people(t)[1]
	if err := s.UpdateAccount(ctx, ghost); !isNotFound(err) {
		t.Errorf("UpdateAccount of an unknown id: %v, want ErrNotFound", err)
	}
	if _, err := s.Account(ctx, ghost.ID); !isNotFound(err) {
		t.Errorf("UpdateAccount of an unknown id made it: %v", err)
	}
}

func testListAccounts(t *testing.T, open OpenPeople) {
	s := freshPeople(t, open)
	ctx := context.Background()
	got, err := s.ListAccounts(ctx)
	if err != nil || len(got) != 0 {
		t.Errorf("ListAccounts of an empty store: %d accounts, %v; want none and no error", len(got), err)
	}
	list := people(t)
	extra := list[0]
	extra.ID = "zhang-3"
	upper := list[0]
	upper.ID = "Zed" // byte order: upper case before lower case
	// Created out of order.
	create(t, s, list[2], extra, list[0], upper, list[1])
	got, err = s.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []account.Account{upper, list[0], list[1], list[2], extra}
	var gotIDs, wantIDs []string
	for i := range got {
		gotIDs = append(gotIDs, got[i].ID)
	}
	for i := range want {
		wantIDs = append(wantIDs, want[i].ID)
	}
	if diff := cmp.Diff(wantIDs, gotIDs); diff != "" {
		t.Fatalf("ListAccounts ids, by id (-want +got):\n%s", diff)
	}
	for i := range want {
		sameAccount(t, "ListAccounts "+want[i].ID, got[i], want[i])
	}
}

// testUpdateAccount: UpdateAccount replaces every field but the id and the
// creation time, which stays as created.
func testUpdateAccount(t *testing.T, open OpenPeople) {
	s := freshPeople(t, open)
	ctx := context.Background()
	list := people(t)
	create(t, s, list...)
	later := t0(t).Add(48*time.Hour + 7)
	changed := list[1]
	changed.Name, changed.Role, changed.UnitID = "李伟（文化路）", account.Unit, "wenhualu"
	changed.Password, changed.Disabled, changed.RevokedAt, changed.UpdatedAt = hashOf(t, "a new long password"), true, later, later
	changed.CreatedAt = later // not what is stored: the creation time stays
	if err := s.UpdateAccount(ctx, changed); err != nil {
		t.Fatalf("UpdateAccount: %v", err)
	}
	want := changed
	want.CreatedAt = list[1].CreatedAt
	got, err := s.Account(ctx, changed.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameAccount(t, "the updated account", got, want)
	// And back: enabled again, a name removed, no revocation.
	back := list[2]
	back.Name, back.Disabled, back.RevokedAt = "", false, time.Time{}
	if err := s.UpdateAccount(ctx, back); err != nil {
		t.Fatalf("UpdateAccount: %v", err)
	}
	if got, err = s.Account(ctx, back.ID); err != nil {
		t.Fatal(err)
	}
	sameAccount(t, "the account enabled again", got, back)
	// The others are untouched.
	if got, err = s.Account(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	sameAccount(t, "another account", got, list[0])
}

// testConcurrentCreate: of writers creating one id at once, exactly one
// succeeds, the others are told store.ErrExists, and the stored account is
// the winner's.
func testConcurrentCreate(t *testing.T, open OpenPeople) {
	s := freshPeople(t, open)
	const writers = 8
	base := people(t)[1]
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := base
			a.Name = fmt.Sprintf("writer %d", w)
			errs[w] = s.CreateAccount(context.Background(), a)
		}()
	}
	wg.Wait()
	winner := -1
	for w, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("writers %d and %d both created %s", winner, w, base.ID)
		case err == nil:
			winner = w
		case !errors.Is(err, store.ErrExists) || fault.CodeOf(err) != fault.Conflict:
			t.Errorf("writer %d: %v, want store.ErrExists", w, err)
		}
	}
	if winner < 0 {
		t.Fatalf("no writer created %s", base.ID)
	}
	got, err := s.Account(context.Background(), base.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("writer %d", winner); got.Name != want {
		t.Errorf("stored %q, want the winner's %q", got.Name, want)
	}
}

func session(hash string, created, seen time.Time) account.Session {
	return account.Session{TokenHash: hash, AccountID: "li.wei@centre", CreatedAt: created, SeenAt: seen}
}

// sameSession reports how got differs from want (times by Equal, in UTC).
func sameSession(t *testing.T, what string, got, want account.Session) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
	utc(t, what, map[string]time.Time{"created": got.CreatedAt, "seen": got.SeenAt})
}

func testSessions(t *testing.T, open OpenPeople) {
	s := freshPeople(t, open)
	ctx := context.Background()
	at := t0(t)
	_, h1, err := account.NewToken(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, h2, err := account.NewToken(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, h1); !isNotFound(err) {
		t.Errorf("Session of an empty store: %v, want ErrNotFound", err)
	}
	a, b := session(h1, at, at), session(h2, at.Add(time.Second), at.Add(time.Second))
	b.AccountID = "wenhualu-1"
	for _, x := range []account.Session{a, b} {
		if err := s.PutSession(ctx, x, account.DefaultLifetime.Expires(x)); err != nil {
			t.Fatalf("PutSession: %v", err)
		}
	}
	for _, want := range []account.Session{a, b} {
		got, err := s.Session(ctx, want.TokenHash)
		if err != nil {
			t.Fatalf("Session: %v", err)
		}
		sameSession(t, "Session", got, want)
	}
	// Used again: the same hash, replaced.
	seen := a
	seen.SeenAt = at.Add(3*time.Hour + 1)
	if err := s.PutSession(ctx, seen, account.DefaultLifetime.Expires(seen)); err != nil {
		t.Fatalf("PutSession again: %v", err)
	}
	got, err := s.Session(ctx, h1)
	if err != nil {
		t.Fatal(err)
	}
	sameSession(t, "the session put again", got, seen)
	// Signed out, twice; an unknown hash is not an error either.
	for i := range 2 {
		if err := s.DeleteSession(ctx, h1); err != nil {
			t.Errorf("DeleteSession #%d: %v", i+1, err)
		}
	}
	if err := s.DeleteSession(ctx, "0000"); err != nil {
		t.Errorf("DeleteSession of an unknown hash: %v", err)
	}
	if _, err := s.Session(ctx, h1); !isNotFound(err) {
		t.Errorf("Session after DeleteSession: %v, want ErrNotFound", err)
	}
	if got, err := s.Session(ctx, h2); err != nil {
		t.Errorf("the other session after DeleteSession: %v", err)
	} else {
		sameSession(t, "the other session", got, b)
	}
}

// testSweepSessions: SweepSessions(now) removes the sessions that expired
// before now, and says how many; one that expires at now or later stays.
// A store whose sessions expire by themselves may remove none of them.
func testSweepSessions(t *testing.T, open OpenPeople, o peopleOptions) {
	s := freshPeople(t, open)
	ctx := context.Background()
	now := t0(t).Add(30 * time.Hour)
	at := t0(t)
	cases := []struct {
		hash    string
		expires time.Time
		expired bool
	}{
		{"expired-long-ago", now.Add(-20 * time.Hour), true},
		{"expired-a-nanosecond-ago", now.Add(-1), true},
		{"expires-now", now, false},
		{"expires-later", now.Add(time.Hour), false},
	}
	for _, c := range cases {
		if err := s.PutSession(ctx, session(c.hash, at, at), c.expires); err != nil {
			t.Fatalf("PutSession %s: %v", c.hash, err)
		}
	}
	n, err := s.SweepSessions(ctx, now)
	if err != nil {
		t.Fatalf("SweepSessions: %v", err)
	}
	removed := 0
	for _, c := range cases {
		_, err := s.Session(ctx, c.hash)
		switch {
		case isNotFound(err):
			removed++
			if !c.expired {
				t.Errorf("session %s (expires %v, now %v) was swept", c.hash, c.expires, now)
			}
		case err != nil:
			t.Errorf("Session %s: %v", c.hash, err)
		case c.expired && !o.expireByThemselves:
			t.Errorf("session %s (expires %v, now %v) was not swept", c.hash, c.expires, now)
		}
	}
	if n != removed && !(o.expireByThemselves && n <= 2) {
		t.Errorf("SweepSessions says %d removed; %d are gone", n, removed)
	}
	if n, err := s.SweepSessions(ctx, now); err != nil || n != 0 && !o.expireByThemselves {
		t.Errorf("SweepSessions again: %d, %v; want 0 removed", n, err)
	}
}

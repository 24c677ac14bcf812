package httpapi_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/store"
)

// people is a hand-written fake of store.Accounts and store.Sessions, for
// the tests of the session routes (the coordinator may replace it with
// memstore once memstore implements both).
type people struct {
	mu       sync.Mutex
	accounts map[string]account.Account
	sessions map[string]storedSession // by token hash
	puts     int                      // PutSession calls
}

type storedSession struct {
	session account.Session
	expires time.Time
}

var (
	_ store.Accounts = (*people)(nil)
	_ store.Sessions = (*people)(nil)
)

func newPeople() *people {
	return &people{accounts: map[string]account.Account{}, sessions: map[string]storedSession{}}
}

// testParams keep hashing quick in the tests.
var testParams = account.Params{Memory: 64, Time: 1, Threads: 1}

// add stores an account with the password pw.
func (p *people) add(t testing.TB, a account.Account, pw string) {
	t.Helper()
	h, err := account.HashPassword(pw, testParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	a.Password = h
	if err := p.CreateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

// change applies f to the stored account of id.
func (p *people) change(id string, f func(*account.Account)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.accounts[id]
	f(&a)
	p.accounts[id] = a
}

func (p *people) CreateAccount(_ context.Context, a account.Account) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.accounts[a.ID]; ok {
		return fmt.Errorf("account %s: %w", a.ID, store.ErrExists)
	}
	p.accounts[a.ID] = a
	return nil
}

func (p *people) Account(_ context.Context, id string) (account.Account, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.accounts[id]
	if !ok {
		return account.Account{}, fmt.Errorf("account %s: %w", id, store.ErrNotFound)
	}
	return a, nil
}

func (p *people) ListAccounts(context.Context) ([]account.Account, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []account.Account
	for _, a := range p.accounts {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b account.Account) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (p *people) UpdateAccount(_ context.Context, a account.Account) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.accounts[a.ID]; !ok {
		return fmt.Errorf("account %s: %w", a.ID, store.ErrNotFound)
	}
	p.accounts[a.ID] = a
	return nil
}

func (p *people) PutSession(_ context.Context, s account.Session, expires time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.puts++
	p.sessions[s.TokenHash] = storedSession{s, expires}
	return nil
}

func (p *people) Session(_ context.Context, hash string) (account.Session, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.sessions[hash]
	if !ok {
		return account.Session{}, fmt.Errorf("session: %w", store.ErrNotFound)
	}
	return s.session, nil
}

func (p *people) DeleteSession(_ context.Context, hash string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.sessions, hash)
	return nil
}

func (p *people) SweepSessions(_ context.Context, now time.Time) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for h, s := range p.sessions {
		if !now.Before(s.expires) {
			delete(p.sessions, h)
			n++
		}
	}
	return n, nil
}

// stored returns the stored session of a token, if any.
func (p *people) stored(token string) (storedSession, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.sessions[account.TokenHash(token)]
	return s, ok
}

// putCount is how many times PutSession was called.
func (p *people) putCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.puts
}

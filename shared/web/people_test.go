package web_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// person is an account a page test signs in with.
type person struct {
	id, name, password, unit string
	role                     account.Role
}

// addPeople creates the accounts in the store, with cheap argon2id
// parameters (the tests sign in many times).
func addPeople(t *testing.T, st *memstore.Store, people ...person) {
	t.Helper()
	now := time.Now()
	for _, p := range people {
		hash, err := account.HashPassword(p.password, account.Params{Memory: 64, Time: 1, Threads: 1}, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateAccount(context.Background(), account.Account{ID: p.id, Name: p.name, Role: p.role, UnitID: p.unit,
			Password: hash, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
}

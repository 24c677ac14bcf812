package ssmkeys

import (
	"context"
	"errors"
	"testing"
	"time"
)

type fakeSSM struct {
	value string
	err   error
	calls int
}

func (f *fakeSSM) GetParameter(_ context.Context, _ string, decrypt bool) (string, error) {
	f.calls++
	if f.err != nil {
		return "", f.err
	}
	if !decrypt {
		return "", errors.New("the secret must be decrypted")
	}
	return f.value, nil
}

const keys = "clients:\n  - id: callback-system\n    secret: callback-system-secret-0001\n    types: [callback]\n"

func TestSourceCachesAndSurvivesOutages(t *testing.T) {
	fake := &fakeSSM{value: keys}
	clock := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s := New(fake, "/hotline/prod/clients", time.Minute)
	s.now = func() time.Time { return clock }
	for range 3 {
		cs, err := s.Clients()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := cs.Lookup("callback-system"); !ok {
			t.Fatal("client missing")
		}
	}
	if fake.calls != 1 {
		t.Errorf("%d SSM calls within the ttl, want 1", fake.calls)
	}
	clock = clock.Add(2 * time.Minute)
	fake.err = errors.New("ssm down")
	if _, err := s.Clients(); err != nil {
		t.Errorf("an SSM outage with a cached copy: %v, want the cached copy", err)
	}
	if fake.calls != 2 {
		t.Errorf("%d SSM calls after the ttl, want 2", fake.calls)
	}
	cold := New(fake, "/hotline/prod/clients", time.Minute)
	if _, err := cold.Clients(); err == nil {
		t.Error("an SSM outage without a cached copy gave no error")
	}
	bad := New(&fakeSSM{value: "clients: []\n"}, "/x", time.Minute)
	if _, err := bad.Clients(); err == nil {
		t.Error("an empty client list was accepted")
	}
}

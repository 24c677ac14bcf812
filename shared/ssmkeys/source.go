package ssmkeys

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shizhong/hotline/shared/auth"
)

// Client is the one SSM call the source makes: the value of a parameter,
// decrypted when decrypt is true. *SSM satisfies it.
type Client interface {
	GetParameter(ctx context.Context, name string, decrypt bool) (string, error)
}

// Source gives the current clients from one parameter.
type Source struct {
	client Client
	name   string
	ttl    time.Duration
	now    func() time.Time
	// timeout bounds one read (readTimeout); a test against a busy local
	// server sets it longer.
	timeout time.Duration

	mu      sync.Mutex
	clients *auth.Clients
	read    time.Time
}

// New reads parameter name through client, at most once per ttl.
func New(client Client, name string, ttl time.Duration) *Source {
	return &Source{client: client, name: name, ttl: ttl, now: time.Now, timeout: readTimeout}
}

// readTimeout bounds one read of the parameter, its retries included: a
// request waits at most this long for its clients.
const readTimeout = 5 * time.Second

// Clients returns the clients, reading the parameter again when the cached
// copy is older than the ttl. When a read fails and a cached copy exists,
// the cached copy is kept (an SSM outage does not stop ingest).
func (s *Source) Clients() (*auth.Clients, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clients != nil && s.now().Sub(s.read) < s.ttl {
		return s.clients, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	value, err := s.client.GetParameter(ctx, s.name, true)
	if err == nil && value == "" {
		err = fmt.Errorf("parameter %s has no value", s.name)
	}
	var cs *auth.Clients
	if err == nil {
		cs, err = auth.DecodeClients([]byte(value))
	}
	if err != nil {
		if s.clients != nil {
			return s.clients, nil
		}
		return nil, fmt.Errorf("read clients from SSM parameter %s: %w", s.name, err)
	}
	s.clients, s.read = cs, s.now()
	return cs, nil
}

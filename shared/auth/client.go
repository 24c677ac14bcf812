package auth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/event"
)

// MinSecretLen is the shortest secret a client may have, in bytes.
const MinSecretLen = 16

// Client is one system allowed to post: the callback system, the 12345
// platform, the district centre.
type Client struct {
	ID     string   `yaml:"id"`
	Secret string   `yaml:"secret"`
	Types  []string `yaml:"types"` // the event types it may post
	Admin  bool     `yaml:"admin"` // may call the admin routes
}

// May reports whether the client may post events of type t: a type of its
// list; and the corrections, which only the centre and admin clients may
// post (SPEC §3: retracted, deduction_waived), for an admin client too.
func (c *Client) May(t event.Type) bool {
	return slices.Contains(c.Types, t.String()) || c.Admin && t.IsCorrection()
}

// Clients are the known clients by id.
type Clients struct {
	byID map[string]*Client
}

type keysFile struct {
	Clients []Client `yaml:"clients"`
}

// DecodeClients reads the pinned keys format strictly; every problem is
// reported.
func DecodeClients(data []byte) (*Clients, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f keysFile
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	cs := &Clients{byID: map[string]*Client{}}
	var errs []error
	for i := range f.Clients {
		c := &f.Clients[i]
		switch {
		case c.ID == "":
			errs = append(errs, fmt.Errorf("clients[%d].id: is required", i))
			continue
		case cs.byID[c.ID] != nil:
			errs = append(errs, fmt.Errorf("clients[%d].id: %q appears twice", i, c.ID))
			continue
		case len(c.Secret) < MinSecretLen:
			errs = append(errs, fmt.Errorf("clients[%d].secret: client %q needs a secret of at least %d bytes", i, c.ID, MinSecretLen))
		}
		for j, t := range c.Types {
			if _, ok := event.ParseType(t); !ok {
				errs = append(errs, fmt.Errorf("clients[%d].types[%d]: %q is not an event type", i, j, t))
			}
		}
		cs.byID[c.ID] = c
	}
	if len(f.Clients) == 0 {
		errs = append(errs, errors.New("clients: at least one client is required"))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return cs, nil
}

// LoadClients reads a keys file; errors name the file.
func LoadClients(path string) (*Clients, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cs, err := DecodeClients(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}

// Lookup returns the client with the given id.
func (cs *Clients) Lookup(id string) (*Client, bool) {
	c, ok := cs.byID[id]
	return c, ok
}

package main

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/unit"
	"github.com/shizhong/hotline/tools/loadcrash/internal/load"
)

// district is the generated data of a run.
type district struct {
	units   []unit.Unit
	events  []event.Event // in time order
	tickets int           // tickets of the generator's last month
	cut     time.Time     // the events are those at or before this instant
}

// generate makes a district of cfg.months months with at least cfg.events
// events and keeps the first cfg.events in time order: the district as it
// stood at one instant.
func generate(cfg config) (*district, error) {
	loc := gen.Shanghai()
	tickets := max(1, cfg.events/(4*cfg.months))
	for range 10 {
		var units, lines bytes.Buffer
		gc := gen.Config{Seed: cfg.seed, Tickets: tickets, Month: cfg.month, Months: cfg.months, Location: loc}
		if _, err := gen.Write(gc, &units, &lines, nil); err != nil {
			return nil, err
		}
		var events []event.Event
		err := event.ReadLines(&lines, "generated", 0, func(b event.Batch) error {
			events = append(events, b.Events...)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(events) < cfg.events {
			tickets = tickets*cfg.events/len(events) + tickets/50 + 1
			continue
		}
		reg, err := unit.Decode(&units)
		if err != nil {
			return nil, err
		}
		slices.SortStableFunc(events, func(a, b event.Event) int {
			return cmp.Or(a.At.Compare(b.At), strings.Compare(a.ID, b.ID))
		})
		events = events[:cfg.events]
		return &district{units: reg.Units(), events: events, tickets: tickets, cut: events[len(events)-1].At}, nil
	}
	return nil, fmt.Errorf("the generator gave fewer than %d events", cfg.events)
}

// keyClient is a client of the keys file (the pinned format).
type keyClient struct {
	ID     string   `yaml:"id"`
	Secret string   `yaml:"secret"`
	Types  []string `yaml:"types"`
	Admin  bool     `yaml:"admin,omitempty"`
}

// clients are the three systems that post, with fresh secrets: the
// callback system (callbacks, on /v1/callbacks), the district centre (org
// assessments and criticism, and the registry as an admin) and the 12345
// platform (every other type).
type clients struct {
	routes []load.Route
	admin  load.Route // the centre, for PUT /v1/admin/units
	keys   []byte     // the keys file
}

func newClients() (*clients, error) {
	secret := func() (string, error) {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		return hex.EncodeToString(b), nil
	}
	centreTypes := []event.Type{event.OrgAssessed, event.Criticized, event.ReturnRejected, event.DeductionWaived, event.Retracted}
	var platformTypes []event.Type
	for _, t := range event.Types() {
		if t != event.Callback && !slices.Contains(centreTypes, t) {
			platformTypes = append(platformTypes, t)
		}
	}
	c := &clients{routes: []load.Route{
		{Path: "/v1/callbacks", Client: "callback-system", Types: []event.Type{event.Callback}},
		{Path: "/v1/events", Client: "district-centre", Types: centreTypes},
		{Path: "/v1/events", Client: "platform-12345", Types: platformTypes},
	}}
	var file struct {
		Clients []keyClient `yaml:"clients"`
	}
	for i := range c.routes {
		r := &c.routes[i]
		s, err := secret()
		if err != nil {
			return nil, err
		}
		r.Secret = s
		k := keyClient{ID: r.Client, Secret: s, Admin: r.Client == "district-centre"}
		for _, t := range r.Types {
			k.Types = append(k.Types, t.String())
		}
		file.Clients = append(file.Clients, k)
	}
	c.admin = c.routes[1]
	var err error
	c.keys, err = yaml.Marshal(file)
	return c, err
}

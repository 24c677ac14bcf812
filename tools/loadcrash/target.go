package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
)

// target is the server under test and the store behind it.
type target interface {
	// url is the base URL the clients post to.
	url() string
	// start starts the server (again) and returns once it accepts
	// connections.
	start(ctx context.Context) error
	// kill kills the server with SIGKILL and returns once nothing it
	// started can still change the store.
	kill() error
	// stop stops the server with SIGINT.
	stop() error
	// open returns the store, to read while the server is down; release
	// lets it go before the server starts again.
	open(ctx context.Context) (store.Store, error)
	release() error
	// notes are lines for the report (the faults met).
	notes() []string
	// close releases what the target made (unless kept).
	close() error
}

// build builds the main package pkg of this module into dir.
func build(ctx context.Context, pkg, dir string) (string, error) {
	out := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Env = os.Environ()
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return out, nil
}

// scopeOf returns the ids of the events of stored that month m reads
// (store.Scope): every event of a ticket active in m, every event without a
// ticket in m, every org assessment before the end of m, every correction,
// and every event a correction names with, for one that has a ticket and is
// not a correction, its ticket's every event.
func scopeOf(stored []event.Event, m calendar.Month, sc store.Scope) map[string]bool {
	byID := map[string]*event.Event{}
	for i := range stored {
		byID[stored[i].ID] = &stored[i]
	}
	read := map[string]bool{} // tickets whose history m reads
	named := map[string]bool{}
	for i := range stored {
		e := &stored[i]
		switch {
		case e.Type.IsCorrection():
			named[e.EventID] = true
			if t, ok := byID[e.EventID]; ok && t.TicketID != "" && !t.Type.IsCorrection() {
				read[t.TicketID] = true
			}
		case e.TicketID != "" && slices.Contains(sc.Months(e), m):
			read[e.TicketID] = true
		}
	}
	end := m.End(sc.Location)
	ids := map[string]bool{}
	for i := range stored {
		e := &stored[i]
		switch {
		case e.Type.IsCorrection(), named[e.ID]:
			ids[e.ID] = true
		case e.TicketID != "":
			if read[e.TicketID] {
				ids[e.ID] = true
			}
		case e.Type == event.OrgAssessed:
			if e.At.Before(end) {
				ids[e.ID] = true
			}
		case calendar.MonthOf(e.At, sc.Location) == m:
			ids[e.ID] = true
		}
	}
	return ids
}

// readAll reads every event of a store.
func readAll(ctx context.Context, s store.Store) ([]event.Event, error) {
	var out []event.Event
	err := s.Events(ctx, func(b []event.Event) error {
		out = append(out, b...)
		return nil
	})
	return out, err
}

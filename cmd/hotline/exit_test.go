package main

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// TestExitStatus: the one choice of the exit status (main.go, exitStatus):
// 0 on success; 2 on bad input (SPEC §8) and on a conflicting event
// (SPEC §5), however deep in the chain; 1 on any other failure, a missing
// unit registry in the store included.
func TestExitStatus(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"a flag", badInput("--data is required"), 2},
		{"a file", inputError(fmt.Errorf("open units.yaml: %w", fs.ErrNotExist)), 2},
		{"bad input under context", fmt.Errorf("ingest: %w", badInput("3 invalid events")), 2},
		{"a conflict", fault.New(fault.Conflict, "event e1: other content"), 2},
		{"not in the store", fmt.Errorf("read the unit registry: %w", store.ErrNotFound), 1},
		{"the store unavailable", fault.Wrap(fault.Unavailable, errors.New("disk I/O error"), ""), 1},
		{"no code", errors.New("disk full"), 1},
	} {
		if got := exitStatus(c.err); got != c.want {
			t.Errorf("%s: exitStatus(%v) = %d, want %d", c.name, c.err, got, c.want)
		}
	}
}

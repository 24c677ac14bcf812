package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/sqlite"
	"github.com/shizhong/hotline/tools/loadcrash/internal/proc"
)

// serveTarget is `hotline serve` on the embedded store, a child process.
type serveTarget struct {
	data   string // the store's folder
	server *proc.Server
	log    *os.File
	st     *sqlite.Store
}

func newServeTarget(ctx context.Context, cfg config, work string, keys []byte) (*serveTarget, error) {
	bin := cfg.hotline
	if bin == "" {
		var err error
		if bin, err = build(ctx, "github.com/shizhong/hotline/cmd/hotline", work); err != nil {
			return nil, err
		}
	}
	keysPath := filepath.Join(work, "keys.yaml")
	if err := os.WriteFile(keysPath, keys, 0o600); err != nil {
		return nil, err
	}
	addr, err := proc.FreeAddr()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(work, "serve.log"))
	if err != nil {
		return nil, err
	}
	t := &serveTarget{data: filepath.Join(work, "data"), log: log}
	t.server = &proc.Server{
		Path: bin,
		Args: []string{"serve", "--data", t.data, "--addr", addr, "--keys", keysPath},
		Addr: addr,
		Log:  log,
	}
	return t, nil
}

func (t *serveTarget) url() string                     { return "http://" + t.server.Addr }
func (t *serveTarget) start(ctx context.Context) error { return t.server.Start(ctx) }
func (t *serveTarget) kill() error                     { return t.server.Kill() }
func (t *serveTarget) stop() error                     { return t.server.Stop(30 * time.Second) }
func (t *serveTarget) notes() []string                 { return nil }

// open opens the store's folder as the server does when it starts.
func (t *serveTarget) open(context.Context) (store.Store, error) {
	if t.st == nil {
		s, err := sqlite.Open(t.data, gen.Shanghai())
		if err != nil {
			return nil, err
		}
		t.st = s
	}
	return t.st, nil
}

func (t *serveTarget) release() error {
	if t.st == nil {
		return nil
	}
	err := t.st.Close()
	t.st = nil
	return err
}

func (t *serveTarget) close() error {
	_ = t.server.Kill()
	var err error
	if t.st != nil {
		err = t.st.Close()
	}
	if cerr := t.log.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("serve target: %w", err)
	}
	return nil
}

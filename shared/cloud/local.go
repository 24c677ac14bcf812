//go:build !lambda.norpc

package cloud

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// ServeLocal serves h as a plain server on addr, outside Lambda (`go run
// ./functions/api` against a table named by the environment).
func ServeLocal(h http.Handler, addr string, log *slog.Logger) error {
	log.Info("serving outside Lambda", "addr", addr)
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		return fmt.Errorf("serve %s: %w", addr, err)
	}
	return nil
}

package httpapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/store"
)

// Config is what the server needs.
type Config struct {
	Store   store.Store
	Clients func() (*auth.Clients, error) // the current clients (a file, or SSM with a cache)
	Now     func() time.Time              // the clock, read only here at the edge
	Log     *slog.Logger
}

// Server is the HTTP handler of every route.
type Server struct {
	cfg Config
	mux *http.ServeMux
}

// New returns the server with its routes.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.cfg.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	s.cfg.Log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", rec.status),
		slog.String("client", r.Header.Get(auth.HeaderClient)),
		slog.String("request_id", requestID(r)),
		slog.Duration("duration", s.cfg.Now().Sub(start)),
	)
}

func requestID(r *http.Request) string {
	for _, h := range []string{"X-Request-Id", "X-Amzn-Request-Id", "X-Amzn-Trace-Id"} {
		if v := r.Header.Get(h); v != "" {
			return v
		}
	}
	return ""
}

// recorder remembers the status written, for the request log.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

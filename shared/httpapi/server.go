package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/store"
)

// DefaultLatestTTL is how long the server trusts its list of stored versions
// when Config.LatestTTL is 0.
const DefaultLatestTTL = time.Second

// Computer computes a period from the store and stores it as a new version
// (or returns the latest one when its input has not changed).
// *compute.Service satisfies it.
type Computer interface {
	Period(ctx context.Context, p calendar.Period, now time.Time) (store.Result, error)
}

// Config is what the server needs.
type Config struct {
	Store   store.Store
	Clients func() (*auth.Clients, error) // the current clients (a file, or SSM with a cache)
	// Compute serves POST /v1/admin/recompute; without it that route
	// answers 503.
	Compute Computer
	// Origins are the browser origins allowed to call the API (CORS), each
	// matched exactly ("https://hotline.example.gov.cn"); "*" allows any.
	Origins []string
	// LatestTTL is how long the list of stored versions is trusted before
	// the store is asked again (DefaultLatestTTL when 0; negative: every
	// request asks). Versions made or finalised through this server are seen
	// at once; those made elsewhere (the month-end run, `hotline compute`)
	// within LatestTTL.
	LatestTTL time.Duration
	// Now is the clock (time.Now when nil), read once per request at the
	// edge (ServeHTTP) and passed down: the signature's time window, the
	// current period, the as-of of a recompute and the age of the cache
	// all see the same instant.
	Now func() time.Time
	// Location is the policy zone, in which the current month is told
	// (calendar.DefaultLocation when nil).
	Location *time.Location
	Log      *slog.Logger
	// Accounts and Sessions keep the people who sign in and their
	// sessions (SPEC §11). The session routes answer only when both are
	// set; without them they answer 404 `not_found` (this server keeps no
	// accounts), as a path without a route does, rather than 503, which
	// would say to try again.
	Accounts store.Accounts
	Sessions store.Sessions
	// Cycle is the month's cycle (SPEC v1.1 §12): the appeal window, the
	// appeals and the rule of finalisation. Without it the appeal routes
	// answer 404 `not_found` (this server keeps no appeals) and a month is
	// finalised as soon as it is asked.
	Cycle *cycle.Cycle
	// Imports keeps the records of the imports of spreadsheets (issue 15);
	// without it the imports are not recorded and their list is empty.
	Imports store.Imports
	// Uploads keeps the files too large for an import's body; without it
	// the upload route answers 404.
	Uploads Uploads
	// MaxImport is the largest file an import takes in its body
	// (DefaultMaxImport when 0).
	MaxImport int64
	// BodyDir, when set, is a folder (made and removed by the caller) where
	// each published body is written once, on its first GET, and sent
	// from with sendfile(2) rather than copied from memory (issue 16, 4):
	// `hotline serve` sets it; the Lambda function and the tests do not.
	// The answers are the same byte for byte either way.
	BodyDir string
	// Lifetime is how long a session lasts (each zero field is that of
	// account.DefaultLifetime: 8 hours idle, 24 hours in all).
	Lifetime account.Lifetime
}

// Server is the HTTP handler of every route.
type Server struct {
	cfg   Config
	mux   *http.ServeMux
	cache *cache
	cors  cors
	// signIns slows down repeated failed sign-ins (signinlimit.go).
	signIns signInLimits
}

// New returns the server with its routes.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Location == nil {
		cfg.Location = calendar.DefaultLocation()
	}
	if cfg.Clients == nil {
		cfg.Clients = func() (*auth.Clients, error) { return nil, errors.New("no clients are configured") }
	}
	if cfg.MaxImport <= 0 {
		cfg.MaxImport = DefaultMaxImport
	}
	if cfg.LatestTTL == 0 {
		cfg.LatestTTL = DefaultLatestTTL
	}
	if cfg.Lifetime.Idle <= 0 {
		cfg.Lifetime.Idle = account.DefaultLifetime.Idle
	}
	if cfg.Lifetime.Absolute <= 0 {
		cfg.Lifetime.Absolute = account.DefaultLifetime.Absolute
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), cors: newCORS(cfg.Origins), signIns: newSignInLimits()}
	s.cache = newCache(cfg.Store, cfg.LatestTTL, cfg.BodyDir)
	s.register()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.cfg.Now()
	// The recorder and the info in one allocation.
	both := &struct {
		rec  recorder
		info requestInfo
	}{recorder{ResponseWriter: w, status: http.StatusOK}, requestInfo{now: start}}
	rec, info := &both.rec, &both.info
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
	if strings.HasPrefix(r.URL.Path, apiPrefix) {
		s.serveAPI(rec, r)
	} else {
		s.mux.ServeHTTP(rec, r)
	}
	// The client is logged as such only once its signature is verified;
	// before that (a 401, a body refused before the signature is checked)
	// the header is only what the request claims.
	who := slog.String("client", info.client)
	if info.client == "" {
		who = slog.String("claimed_client", r.Header.Get(auth.HeaderClient))
	}
	attrs := make([]slog.Attr, 0, 7) // room for all: on the stack
	attrs = append(attrs,
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", rec.status),
		who,
	)
	if info.account != "" {
		attrs = append(attrs, slog.String("account", info.account))
	}
	attrs = append(attrs,
		slog.String("request_id", requestID(r)),
		slog.Duration("duration", s.cfg.Now().Sub(start)),
	)
	s.cfg.Log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// requestInfo is what ServeHTTP and a route share of a request: the time
// it arrived, and for the request log the client whose signature was
// verified or the account whose session was admitted.
type requestInfo struct {
	now     time.Time
	client  string
	account string
}

type requestInfoKey struct{}

// verified returns the request's info, to be filled in by the route; a
// request that did not come through ServeHTTP gets one nobody reads.
func verified(r *http.Request) *requestInfo {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// now is the time of the request, read once at the edge by ServeHTTP; the
// clock itself for a request that did not come through it.
func (s *Server) now(r *http.Request) time.Time {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok && !info.now.IsZero() {
		return info.now
	}
	return s.cfg.Now()
}

// serveAPI answers a request under /v1/: CORS first, then the origin of a
// request made with a session (origin.go), then the route.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		s.preflight(w, r)
		return
	}
	s.cors.headers(w, r)
	if e := s.checkSessionOrigin(r); e != nil {
		s.cfg.Log.WarnContext(r.Context(), "session request from another origin",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("origin", r.Header.Get("Origin")))
		writeError(w, e)
		return
	}
	s.routeAPI(w, r)
}

// requestID is the id the request carries for the log, from the first of
// requestIDHeaders it has.
func requestID(r *http.Request) string {
	for _, k := range requestIDHeaders {
		if v := r.Header[k]; len(v) > 0 && v[0] != "" { // Header.Get, without canonicalising a canonical key
			return v[0]
		}
	}
	return ""
}

// requestIDHeaders are the headers that may carry a request's id, in the
// order they are looked at; canonical, as a key of http.Header.
var requestIDHeaders = [...]string{"X-Request-Id", "X-Amzn-Request-Id", "X-Amzn-Trace-Id"}

// recorder remembers the status written, for the request log.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// ReadFrom hands a body read from a file to the writer below (net/http's,
// which gives it to sendfile(2)); without it io.Copy would see only Write
// and copy the body through a buffer.
func (r *recorder) ReadFrom(src io.Reader) (int64, error) {
	if rf, ok := r.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(r.ResponseWriter, src)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

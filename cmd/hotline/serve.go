package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/httpfront"
	"github.com/shizhong/hotline/shared/monthend"
	"github.com/shizhong/hotline/shared/publish"
	"github.com/shizhong/hotline/shared/store"
)

// runServe is `hotline serve --data DIR --addr HOST:PORT [--keys FILE]`: the
// ingest routes, the scores API, the page and the month-end trigger on the
// embedded store, until SIGINT or SIGTERM; with the timeouts and the bound
// on connections of defaultLimits (listen.go).
func runServe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hotline serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "the folder of the embedded store (required)")
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on, HOST:PORT")
	keys := fs.String("keys", "", "the keys file of the clients that may post and administer (without it, every signed route answers 401)")
	policyPath := fs.String("policy", "", "a policy override, policy.yaml")
	calendarPath := fs.String("calendar", "", calendarHelp())
	origins := fs.String("origins", "", "CORS origins allowed to read the API, comma-separated (* for any)")
	maxConns := fs.Int("max-connections", defaultLimits.MaxConnections, "connections served at once; more wait to be accepted")
	monthEnds := fs.Bool("month-end", true, "run the month end at start and daily at 00:05 (compute the month that ended, finalise the months whose appeal window closed); false for a server that only answers")
	if err := fs.Parse(args); err != nil {
		return inputError(err)
	}
	if *data == "" {
		return badInput("--data is required")
	}
	if *maxConns < 1 {
		return badInput("--max-connections must be 1 or more")
	}
	limits := defaultLimits
	limits.MaxConnections = *maxConns
	clients := func() (*auth.Clients, error) { return &auth.Clients{}, nil } // no client: every signed route answers 401
	if *keys != "" {
		cs, err := auth.LoadClients(*keys)
		if err != nil {
			return inputError(err)
		}
		clients = func() (*auth.Clients, error) { return cs, nil }
	}
	r, err := loadRules(*policyPath, *calendarPath)
	if err != nil {
		return err
	}
	st, err := openStore(*data, r)
	if err != nil {
		return err
	}
	defer st.Close()
	// The log, request lines included, through a buffer flushed every
	// 100 ms and at once for a warning (logbuffer.go).
	logBuf := newLogBuffer(stderr, flushEvery)
	defer logBuf.Close()
	log := slog.New(bufferedHandler{newTextLine(logBuf), logBuf}) // textline.go: slog's text, the request line quicker
	// The published bodies, written once each and sent with sendfile(2)
	// (issue 16, 4); removed when the server stops.
	bodies, err := os.MkdirTemp("", "hotline-bodies-")
	if err != nil {
		return fmt.Errorf("a folder for the published bodies: %w", err)
	}
	defer os.RemoveAll(bodies)
	svc := &compute.Service{Store: st, Policy: r.policy, Calendar: r.calendar, Log: log} // Log: a year the calendar does not know, at WARN
	cyc := &cycle.Cycle{Store: st, Appeals: st, Calendar: r.calendar, Days: r.policy.Appeals.WindowWorkingDays}
	handler := httpapi.New(httpapi.Config{
		Store:    st,
		Clients:  clients,
		Compute:  svc,
		Accounts: st, // SPEC §11: people sign in against the same store
		Sessions: st,
		Cycle:    cyc, // SPEC §12: appeals against the same store
		Imports:  st,  // issue 15: the imports of spreadsheets on the page
		// A file up to 32 MB imports through the page on one machine (a
		// Lambda's body takes 4 MB; larger files go through the uploads).
		MaxImport: 32 << 20,
		Origins:   splitList(*origins),
		Location:  r.calendar.Location(),
		Log:       log,
		BodyDir:   bodies,
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return inputError(err)
	}
	srv := newHTTPServer(handler, limits)
	ln = limitListener(ln, limits)
	// The published rankings answered on the connection's own goroutine,
	// every other request by srv as before (shared/httpfront; issue 16, 4).
	front := httpfront.New(ln, httpfront.Config{
		Handler:    srv.Handler,
		Hot:        httpapi.Hot,
		ReadHeader: limits.ReadHeader,
		Idle:       limits.Idle,
		Write:      limits.Write,
		MaxHeader:  limits.MaxHeader,
		Log:        log,
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	published := filepath.Join(*data, "published")
	if *monthEnds {
		go monthEnd(ctx, &monthend.Handler{
			Service: svc, Publisher: &publish.Publisher{Objects: folder{published}, Bucket: published, Appeals: st},
			Now: time.Now, Log: log, Cycle: cyc, AutoFinalize: r.policy.Appeals.AutoFinalize,
		})
	}
	go sweepSessions(ctx, st, sweepEvery, log)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		go func() { _ = front.Shutdown(shutdown) }()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(stdout, "hotline serve: http://%s/ (store %s)\n", ln.Addr(), *data)
	if err := srv.Serve(front); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sweepEvery is how often `hotline serve` removes expired sessions from
// the embedded store (DynamoDB's TTL does it in the cloud).
const sweepEvery = 10 * time.Minute

// sweepSessions removes the sessions that have expired, at start and then
// every interval, until ctx ends.
func sweepSessions(ctx context.Context, st store.Sessions, every time.Duration, log *slog.Logger) {
	for {
		if n, err := st.SweepSessions(ctx, time.Now()); err != nil {
			log.Error("sweep expired sessions", "error", err)
		} else if n > 0 {
			log.Info("expired sessions removed", "sessions", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// monthEnd is the month-end function on one machine: at start and then at
// 00:05 each day in the policy zone, the schedule's request to h, as
// EventBridge Scheduler sends it in the cloud: on the 1st the month that
// ended is computed and published (into the data folder's published/),
// and every day each month whose appeal window has closed with no open
// appeal is made final and published (SPEC §12.4).
func monthEnd(ctx context.Context, h *monthend.Handler) {
	loc := h.Service.Calendar.Location()
	for {
		_, _ = h.Handle(ctx, []byte(`{"source":"hotline serve"}`)) // logged by the handler
		now := time.Now().In(loc)
		next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 5, 0, 0, loc)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
	}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

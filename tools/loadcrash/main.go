// Command loadcrash is the load and crash test of the ingest API: many
// concurrent clients post signed batches of a generated district (POST
// /v1/events and /v1/callbacks with the X-Hotline-* signature headers, as
// the 12345 platform, the callback system and the district centre do), with
// events repeated across batches, batches posted again whose answer was
// lost, and acknowledged batches re-sent on purpose; meanwhile the server is
// killed with SIGKILL at random moments and started again, and its clients
// retry until every batch is acknowledged.
//
// Afterwards the stored events must be exactly the acknowledged ones (every
// acknowledged event present with the content sent, nothing present that was
// never sent), and the scores computed from the store must equal a clean run
// of the engine on the generated events. At each kill, with the server down,
// the store is read too: nothing acknowledged may be missing.
//
// Two targets:
//
//   - serve: `hotline serve` on the embedded SQLite store, a child process.
//   - dynamo: the ingest-events Lambda function run as a plain server (the
//     same handler, shared/httpapi over shared/store/dynamo, with its keys
//     from SSM), a child process, talking to DynamoDB (moto, at
//     HOTLINE_DYNAMODB_ENDPOINT) through a proxy that fails a share of the
//     calls with throttling and 5xx errors (-faults), and, with -outages,
//     every call for a while, so that the function answers 503.
//
// Everything runs on loopback, bounded in count (-events, -clients) and in
// time (-timeout). Usage:
//
//	go run ./tools/loadcrash -clients 200 -events 300000 -kills 3
//	eval "$(scripts/moto.sh)"; go run ./tools/loadcrash -target dynamo -clients 50 -events 20000 -kills 2 -outages 2
//
// It prints the figures (throughput, latency of acknowledged requests,
// what the kills found) and exits 1 when any check fails.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := run(ctx, cfg, os.Stderr)
	if rep != nil {
		rep.write(os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadcrash:", err)
		os.Exit(1)
	}
}

// config is what a run does.
type config struct {
	target    string         // serve or dynamo
	clients   int            // concurrent clients
	events    int            // distinct events delivered
	kills     int            // SIGKILLs of the server during the run
	seed      uint64         // data, batches, client choices, kill moments, faults
	month     calendar.Month // the last month generated, and the month computed
	months    int            // months generated, ending at month
	maxBatch  int            // batch sizes are drawn from 1..maxBatch
	repeat    float64        // share of events repeated in another batch
	resend    float64        // chance a client re-sends an acknowledged batch
	abandon   float64        // chance a client gives up an attempt before its answer
	single    float64        // share of one-event batches posted as a bare object
	faultRate float64        // dynamo: share of DynamoDB calls failed by the proxy
	outages   int            // dynamo: windows in which the proxy fails every call
	outage    time.Duration  // dynamo: the length of each
	endpoint  string         // dynamo: DynamoDB endpoint (moto)
	timeout   time.Duration  // the whole run
	hotline   string         // serve: the hotline binary (built when empty)
	function  string         // dynamo: the ingest-events binary (built when empty)
	work      string         // working folder (a temporary one when empty)
	keep      bool           // keep the working folder (and the DynamoDB table)
	quiet     bool           // no progress lines
}

// Limits that keep a run bounded.
const (
	maxClients = 2000
	maxEvents  = 5_000_000
	maxKills   = 20
)

func defaults() config {
	return config{
		target: "serve", clients: 200, events: 20_000, kills: 1, seed: 1,
		month: calendar.Month{Year: 2026, Month: time.October}, months: 3,
		maxBatch: 200, repeat: 0.05, resend: 0.05, abandon: 0.02, single: 0.5,
		faultRate: 0.2, outage: 5 * time.Second, endpoint: os.Getenv("HOTLINE_DYNAMODB_ENDPOINT"), timeout: 15 * time.Minute,
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := defaults()
	fs := flag.NewFlagSet("loadcrash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.target, "target", cfg.target, "serve (hotline serve on SQLite) or dynamo (the ingest function on DynamoDB through a fault proxy)")
	fs.IntVar(&cfg.clients, "clients", cfg.clients, "concurrent clients")
	fs.IntVar(&cfg.events, "events", cfg.events, "distinct events to deliver")
	fs.IntVar(&cfg.kills, "kills", cfg.kills, "times the server is killed with SIGKILL and started again")
	fs.Uint64Var(&cfg.seed, "seed", cfg.seed, "seed of the data, the batches, the clients' choices, the kill moments and the faults")
	fs.Func("month", "the last month generated, and the month computed (default 2026-10)", func(s string) error {
		m, err := calendar.ParseMonth(s)
		cfg.month = m
		return err
	})
	fs.IntVar(&cfg.months, "months", cfg.months, "months generated, ending at -month")
	fs.IntVar(&cfg.maxBatch, "batch", cfg.maxBatch, "largest batch (sizes are drawn from 1..batch; at most 450, to leave room for repeats)")
	fs.Float64Var(&cfg.repeat, "repeat", cfg.repeat, "share of events also posted in another batch (or twice in one)")
	fs.Float64Var(&cfg.resend, "resend", cfg.resend, "chance that a client posts an acknowledged batch again")
	fs.Float64Var(&cfg.abandon, "abandon", cfg.abandon, "chance that a client gives up an attempt before its answer")
	fs.Float64Var(&cfg.single, "single", cfg.single, "share of one-event batches posted as a bare object")
	fs.Float64Var(&cfg.faultRate, "faults", cfg.faultRate, "dynamo: share of DynamoDB calls failed by the proxy")
	fs.IntVar(&cfg.outages, "outages", cfg.outages, "dynamo: outages, at random moments, in which the proxy fails every DynamoDB call (the function answers 503)")
	fs.DurationVar(&cfg.outage, "outage", cfg.outage, "dynamo: the length of each outage")
	fs.StringVar(&cfg.endpoint, "endpoint", cfg.endpoint, "dynamo: the DynamoDB endpoint, moto (default $HOTLINE_DYNAMODB_ENDPOINT)")
	fs.DurationVar(&cfg.timeout, "timeout", cfg.timeout, "the longest the whole run may take")
	fs.StringVar(&cfg.hotline, "hotline", "", "serve: the hotline binary (default: built from ./cmd/hotline)")
	fs.StringVar(&cfg.function, "function", "", "dynamo: the ingest-events binary (default: built from ./functions/ingest-events)")
	fs.StringVar(&cfg.work, "work", "", "working folder (default: a temporary folder, removed afterwards)")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the working folder and the DynamoDB table")
	fs.BoolVar(&cfg.quiet, "quiet", false, "no progress lines")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(0))
		fmt.Fprintln(stderr, "loadcrash:", err)
		return cfg, err
	}
	if err := cfg.validate(); err != nil {
		fmt.Fprintln(stderr, "loadcrash:", err)
		return cfg, err
	}
	return cfg, nil
}

func (c config) validate() error {
	share := func(name string, v float64) error {
		if v < 0 || v > 1 {
			return fmt.Errorf("-%s %g must be from 0 to 1", name, v)
		}
		return nil
	}
	switch {
	case c.target != "serve" && c.target != "dynamo":
		return fmt.Errorf("-target %q: give serve or dynamo", c.target)
	case c.clients < 1 || c.clients > maxClients:
		return fmt.Errorf("-clients %d must be from 1 to %d", c.clients, maxClients)
	case c.events < 1 || c.events > maxEvents:
		return fmt.Errorf("-events %d must be from 1 to %d", c.events, maxEvents)
	case c.kills < 0 || c.kills > maxKills:
		return fmt.Errorf("-kills %d must be from 0 to %d", c.kills, maxKills)
	case c.months < 1 || c.months > 12:
		return fmt.Errorf("-months %d must be from 1 to 12", c.months)
	case c.maxBatch < 1 || c.maxBatch > 450:
		return fmt.Errorf("-batch %d must be from 1 to 450", c.maxBatch)
	case c.timeout <= 0:
		return fmt.Errorf("-timeout %s must be positive", c.timeout)
	case c.outages < 0 || c.outages > maxKills || c.outage < 0 || c.outage > time.Minute:
		return fmt.Errorf("-outages %d must be from 0 to %d, -outage %s at most a minute", c.outages, maxKills, c.outage)
	case c.outages > 0 && c.target != "dynamo":
		return fmt.Errorf("-outages is for -target dynamo")
	case c.target == "dynamo" && c.endpoint == "":
		return fmt.Errorf("-target dynamo needs -endpoint or HOTLINE_DYNAMODB_ENDPOINT (start moto with scripts/moto.sh)")
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"repeat", c.repeat}, {"resend", c.resend}, {"abandon", c.abandon}, {"single", c.single}, {"faults", c.faultRate}} {
		if err := share(s.name, s.v); err != nil {
			return err
		}
	}
	return nil
}

// flags writes the configuration as the flags that repeat it.
func (c config) flags() string {
	s := fmt.Sprintf("-target %s -clients %d -events %d -kills %d -seed %d -month %s -months %d -batch %d -repeat %g -resend %g -abandon %g -single %g",
		c.target, c.clients, c.events, c.kills, c.seed, c.month, c.months, c.maxBatch, c.repeat, c.resend, c.abandon, c.single)
	if c.target == "dynamo" {
		s += fmt.Sprintf(" -faults %g -outages %d -outage %s", c.faultRate, c.outages, c.outage)
	}
	return s
}

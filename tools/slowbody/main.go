// Command slowbody measures how `hotline serve` bears clients that stall
// their requests (issue 10, D5: 200 connections each sending 1,047,999 of
// 1,048,000 declared body bytes stayed open 65 s and more, and the server
// grew from 201 to 591 MiB). It opens -conns connections to -addr at once,
// each a POST /v1/events declaring a body of -declared bytes and sending
// -send of them, then waiting (or, with -trickle, sending one more byte
// per interval); it records how long the server keeps each connection
// open, samples the server's resident memory (VmRSS of /proc/PID/status,
// with -pid) before, during and after, and asks GET -probe once a second
// meanwhile, to see whether other clients are still served. Usage:
//
//	go run ./tools/slowbody -addr 127.0.0.1:8080 -pid $(pgrep -f 'hotline serve') -conns 200
//
// scripts/slowbody.sh starts a server and runs it (docs/reliability.md).
// It gives up on a connection after -hold and prints the figures; it exits
// 1 when some connection was still open then.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	var cfg attack
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "the server, HOST:PORT")
	flag.IntVar(&cfg.PID, "pid", 0, "the server's process id, to sample its resident memory (0: not sampled)")
	flag.IntVar(&cfg.Conns, "conns", 200, "connections opened at once")
	flag.IntVar(&cfg.Declared, "declared", 1_048_000, "the Content-Length each declares")
	flag.IntVar(&cfg.Send, "send", 1_047_999, "the body bytes each sends before it waits")
	flag.DurationVar(&cfg.Trickle, "trickle", 0, "after -send bytes, one more byte per interval (0: none)")
	flag.DurationVar(&cfg.Hold, "hold", 5*time.Minute, "how long a connection is kept open at most by this side")
	flag.DurationVar(&cfg.Settle, "settle", 5*time.Second, "how long after the last close the memory is sampled again")
	flag.StringVar(&cfg.Probe, "probe", "/v1/units", "a path asked with GET once a second during the attack (empty: none)")
	flag.Parse()
	if cfg.Conns < 1 || cfg.Send < 0 || cfg.Send > cfg.Declared {
		fmt.Fprintln(os.Stderr, "slowbody: -conns must be 1 or more and -send from 0 to -declared")
		os.Exit(2)
	}
	r, err := cfg.run(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "slowbody:", err)
		os.Exit(2)
	}
	r.write(os.Stdout, cfg)
	if r.open > 0 {
		os.Exit(1)
	}
}

// write prints the figures.
func (r *result) write(w io.Writer, cfg attack) {
	fmt.Fprintf(w, "connections: %d to %s, each POST /v1/events declaring %d bytes and sending %d", cfg.Conns, cfg.Addr, cfg.Declared, cfg.Send)
	if cfg.Trickle > 0 {
		fmt.Fprintf(w, ", then a byte every %s", cfg.Trickle)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "closed by the server: %d of %d (%d refused or failed to connect); still open after %s: %d\n", r.closed, cfg.Conns, r.failed, cfg.Hold, r.open)
	if len(r.durations) > 0 {
		fmt.Fprintf(w, "open for (connect to close): min %s, median %s, max %s\n", round(r.quantile(0)), round(r.quantile(0.5)), round(r.quantile(1)))
	}
	fmt.Fprintf(w, "answers the attacking connections got: %v\n", r.statuses)
	if cfg.PID > 0 {
		fmt.Fprintf(w, "server resident memory: before %.0f MiB, peak %.0f MiB (during and until %s after the last close), %.0f MiB then\n", mib(r.rssBefore), mib(r.rssPeak), cfg.Settle, mib(r.rssAfter))
	}
	if cfg.Probe != "" {
		fmt.Fprintf(w, "GET %s once a second meanwhile: %d of %d answered, slowest %s\n", cfg.Probe, r.probesOK, r.probes, r.probeMax.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "all closed after: %s\n", round(r.elapsed))
}

func round(d time.Duration) time.Duration { return d.Round(100 * time.Millisecond) }

func mib(b int64) float64 { return float64(b) / (1 << 20) }

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/unit"
	"github.com/shizhong/hotline/tools/loadcrash/internal/load"
	_ "time/tzdata" // Asia/Shanghai without the system's zone data
)

// run does one load and crash run and returns its report; an error when a
// check failed or the run could not finish (the report says what was
// measured so far).
func run(ctx context.Context, cfg config, progress io.Writer) (rep *report, err error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.quiet {
		progress = io.Discard
	}
	logf := func(format string, args ...any) {
		fmt.Fprintf(progress, "loadcrash: %s "+format+"\n", append([]any{time.Now().Format("15:04:05.000")}, args...)...)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	began := time.Now()

	work := cfg.work
	if work == "" {
		if work, err = os.MkdirTemp("", "loadcrash-*"); err != nil {
			return nil, err
		}
	} else if err := os.MkdirAll(work, 0o750); err != nil {
		return nil, err
	}
	defer func() {
		switch {
		case cfg.keep || (err != nil && cfg.work == ""):
			fmt.Fprintf(progress, "loadcrash: the working folder is kept: %s\n", work)
		case cfg.work == "":
			os.RemoveAll(work)
		}
	}()

	d, err := generate(cfg)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	cl, err := newClients()
	if err != nil {
		return nil, err
	}
	plan, err := load.NewPlan(d.events, cl.routes, load.PlanConfig{Seed: cfg.seed, MaxBatch: cfg.maxBatch, Repeat: cfg.repeat, Single: cfg.single})
	if err != nil {
		return nil, err
	}
	rep = &report{cfg: cfg, work: work, district: d, plan: plan, date: began}
	logf("%d events (%d units, generator tickets %d, up to %s) in %d batches, %d repeats; target %s",
		len(d.events), len(d.units), d.tickets, d.cut.Format(time.RFC3339), len(plan.Batches), plan.Repeats, cfg.target)

	var t target
	if cfg.target == "serve" {
		t, err = newServeTarget(ctx, cfg, work, cl.keys)
	} else {
		t, err = newDynamoTarget(ctx, cfg, work, cl.keys)
	}
	if err != nil {
		return rep, fmt.Errorf("set up %s: %w", cfg.target, err)
	}
	defer func() {
		if cerr := t.close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err := t.start(ctx); err != nil {
		return rep, err
	}
	if err := putUnits(ctx, t.url(), cl.admin, d.units); err != nil {
		return rep, err
	}
	logf("server up at %s, %d units registered; %d clients start", t.url(), len(d.units), cfg.clients)

	rec := load.NewRecord(plan)
	loadCtx, stopLoad := context.WithCancelCause(ctx)
	defer stopLoad(nil)
	loadDone := make(chan struct{})
	killed := make(chan error, 1)
	k := &killer{cfg: cfg, t: t, plan: plan, rec: rec, own: plan.Own(), logf: logf}
	go func() {
		err := k.run(ctx, loadDone)
		if err != nil {
			stopLoad(err)
		}
		killed <- err
	}()
	outagesDone := make(chan struct{})
	if o, ok := t.(outager); ok && cfg.outages > 0 {
		go func() {
			defer close(outagesDone)
			k.outages(ctx, loadDone, o)
		}()
	} else {
		close(outagesDone)
	}
	loadErr := load.Run(loadCtx, plan, load.Config{
		BaseURL: t.url(), Clients: cfg.clients, Resend: cfg.resend, Abandon: cfg.abandon,
		RequestTimeout: 2 * time.Minute, Seed: cfg.seed,
	}, rec)
	close(loadDone)
	killErr := <-killed
	<-outagesDone
	rep.load = rec.Summary()
	rep.kills = k.reports
	rep.outages = k.outageReports
	rep.violations = append(rep.violations, k.violations...)
	if err := errors.Join(loadErr, killErr); err != nil {
		_ = t.stop()
		return rep, err
	}
	logf("every batch acknowledged: %d events, %d requests in %s", rep.load.EventsAcked, rep.load.Requests, rep.load.Wall.Round(time.Millisecond))

	if err := t.stop(); err != nil {
		rep.violations = append(rep.violations, fmt.Sprintf("stop: %v", err))
	}
	st, err := t.open(ctx)
	if err != nil {
		return rep, err
	}
	stored, err := readAll(ctx, st)
	if err != nil {
		return rep, fmt.Errorf("read the store: %w", err)
	}
	rep.final = checkStore(plan, rec.Snapshot().Acked, stored)
	rep.violations = append(rep.violations, rep.final.violations...)
	if rep.finalScope, err = checkScope(ctx, st, cfg.month, stored); err != nil {
		return rep, err
	}
	rep.violations = append(rep.violations, rep.finalScope.violations...)
	logf("store read back: %d events; computing the months", len(stored))
	checks, err := compareMonths(ctx, cfg, d, stored, st, work)
	if err != nil {
		return rep, err
	}
	rep.months = checks
	for _, c := range checks {
		if !c.equal {
			rep.violations = append(rep.violations, fmt.Sprintf("%s %s differs from the clean run (%s)", c.month, c.how, c.detail))
		}
	}
	rep.notes = t.notes()
	rep.total = time.Since(began)
	if rep.load.ViolationCount > 0 || len(rep.violations) > 0 {
		return rep, fmt.Errorf("%d violations of the contract", rep.load.ViolationCount+len(rep.violations))
	}
	return rep, nil
}

// putUnits replaces the unit registry through PUT /v1/admin/units, signed
// by the admin client, until it is answered 200.
func putUnits(ctx context.Context, base string, admin load.Route, units []unit.Unit) error {
	type entry struct {
		ID      string     `json:"id"`
		Name    string     `json:"name"`
		Group   unit.Group `json:"group"`
		Aliases []string   `json:"aliases,omitempty"`
	}
	var req struct {
		Units []entry `json:"units"`
	}
	for _, u := range units {
		req.Units = append(req.Units, entry{u.ID, u.Name, u.Group, u.Aliases})
	}
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		r, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/v1/admin/units", bytes.NewReader(body))
		if err != nil {
			return err
		}
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		r.Header.Set(auth.HeaderClient, admin.Client)
		r.Header.Set(auth.HeaderTimestamp, ts)
		r.Header.Set(auth.HeaderSignature, auth.SignV2(admin.Secret, auth.Message{Timestamp: ts, Method: r.Method, Target: r.URL.RequestURI(), Body: body}))
		resp, err := http.DefaultClient.Do(r)
		if err == nil {
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusOK:
				return nil
			case resp.StatusCode != http.StatusServiceUnavailable:
				return fmt.Errorf("PUT /v1/admin/units: HTTP %d: %s", resp.StatusCode, out)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("PUT /v1/admin/units: %w (last: %v)", ctx.Err(), err)
		case <-time.After(min(time.Second, 20*time.Millisecond<<min(attempt, 6))):
		}
	}
}

// killer kills the server with SIGKILL at random moments of the delivery,
// checks the store while the server is down, and starts it again.
type killer struct {
	cfg        config
	t          target
	plan       *load.Plan
	rec        *load.Record
	own        [][]int
	logf       func(string, ...any)
	reports    []killReport
	violations []string

	outageReports []outageReport
}

// outager is a target whose store can be made to fail every call for a
// while.
type outager interface {
	setOutage(on bool)
}

// outageReport is one outage.
type outageReport struct {
	after, length time.Duration
	unavailable   int // 503 answers the clients got during it and up to 2 s after
}

// killReport is what one kill found.
type killReport struct {
	after      time.Duration // since the first kill was planned (the start of the delivery)
	acked      int           // events acknowledged before the kill
	check      storeCheck
	scope      scopeCheck
	unacked    int // batches attempted and not acknowledged at the kill
	none       int // ... of which none of their own events were stored
	whole      int // ... all of them
	partly     int // ... some of them
	downtime   time.Duration
	checkTaken time.Duration
}

// run kills at cfg.kills random moments: the span from 10% to 90% of the
// events acknowledged is cut into cfg.kills equal parts and a kill falls at
// a count drawn uniformly in each, a random 0–100 ms after the count is
// reached. The server stays down 0.2–1.5 s (longer if the check of the
// store takes longer). It returns early when the delivery ends.
func (k *killer) run(ctx context.Context, loadDone <-chan struct{}) error {
	rng := rand.New(rand.NewPCG(k.cfg.seed, 0x4b111))
	start := time.Now()
	for _, threshold := range k.moments(k.cfg.kills, rng) {
		if !k.wait(ctx, loadDone, threshold) {
			return nil
		}
		time.Sleep(time.Duration(rng.Int64N(int64(100 * time.Millisecond))))
		down := 200*time.Millisecond + time.Duration(rng.Int64N(int64(1300*time.Millisecond)))
		killAt := time.Now()
		if err := k.t.kill(); err != nil {
			return fmt.Errorf("kill: %w", err)
		}
		kr := killReport{after: killAt.Sub(start)}
		st, err := k.t.open(ctx)
		if err != nil {
			return fmt.Errorf("open the store after the kill: %w", err)
		}
		stored, err := readAll(ctx, st)
		if err != nil {
			return fmt.Errorf("read the store after the kill: %w", err)
		}
		snap := k.rec.Snapshot() // every acknowledgement in it was answered before the kill
		kr.check = checkStore(k.plan, snap.Acked, stored)
		kr.acked = kr.check.acked
		if kr.scope, err = checkScope(ctx, st, k.cfg.month, stored); err != nil {
			return fmt.Errorf("after the kill: %w", err)
		}
		if err := k.t.release(); err != nil {
			return err
		}
		for _, v := range append(kr.check.violations, kr.scope.violations...) {
			k.violations = append(k.violations, fmt.Sprintf("kill %d: %s", len(k.reports)+1, v))
		}
		present := kr.check.present
		for b := range k.plan.Batches {
			if !snap.Attempted[b] || snap.BatchAcked[b] || len(k.own[b]) == 0 {
				continue
			}
			kr.unacked++
			n := 0
			for _, e := range k.own[b] {
				if present[e] {
					n++
				}
			}
			switch n {
			case 0:
				kr.none++
			case len(k.own[b]):
				kr.whole++
			default:
				kr.partly++
			}
		}
		if kr.partly > 0 && k.cfg.target == "serve" {
			k.violations = append(k.violations, fmt.Sprintf("kill %d: %d unacknowledged batches partly stored: a SQLite batch is one transaction", len(k.reports)+1, kr.partly))
		}
		kr.checkTaken = time.Since(killAt)
		if wait := time.Until(killAt.Add(down)); wait > 0 {
			time.Sleep(wait)
		}
		if err := k.t.start(ctx); err != nil {
			return fmt.Errorf("restart after the kill: %w", err)
		}
		kr.downtime = time.Since(killAt)
		k.reports = append(k.reports, kr)
		k.logf("kill %d after %s: %d events acknowledged, %d stored; unacknowledged batches %d (none stored %d, whole %d, partly %d); down %s",
			len(k.reports), kr.after.Round(time.Millisecond), kr.acked, kr.check.stored, kr.unacked, kr.none, kr.whole, kr.partly, kr.downtime.Round(time.Millisecond))
	}
	return nil
}

// moments draws n counts of acknowledged events at which to disrupt the
// delivery: the span from 10% to 90% of the events is cut into n equal
// parts and one count is drawn uniformly in each.
func (k *killer) moments(n int, rng *rand.Rand) []int {
	at := make([]int, n)
	for i := range at {
		part := 0.8 / float64(n)
		at[i] = int((0.1 + part*(float64(i)+rng.Float64())) * float64(len(k.plan.Events)))
	}
	return at
}

// wait waits until threshold events are acknowledged; false when the
// delivery or the run ended first.
func (k *killer) wait(ctx context.Context, loadDone <-chan struct{}, threshold int) bool {
	for {
		if n, _ := k.rec.Progress(); n >= threshold {
			return true
		}
		select {
		case <-loadDone:
			return false
		case <-ctx.Done():
			return false
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// outages makes the store fail every call for cfg.outage, cfg.outages
// times at random moments (drawn as the kills are, from another stream).
func (k *killer) outages(ctx context.Context, loadDone <-chan struct{}, o outager) {
	rng := rand.New(rand.NewPCG(k.cfg.seed, 0x0a7a6e))
	start := time.Now()
	for _, threshold := range k.moments(k.cfg.outages, rng) {
		if !k.wait(ctx, loadDone, threshold) {
			return
		}
		began := time.Now()
		before := k.rec.Counters().Unavailable
		o.setOutage(true)
		select {
		case <-time.After(k.cfg.outage):
		case <-ctx.Done():
		}
		o.setOutage(false)
		length := time.Since(began)
		select {
		case <-time.After(2 * time.Second):
		case <-ctx.Done():
		}
		r := outageReport{after: began.Sub(start), length: length, unavailable: k.rec.Counters().Unavailable - before}
		k.outageReports = append(k.outageReports, r)
		k.logf("outage %d after %s: every DynamoDB call failed for %s; the clients got %d answers 503",
			len(k.outageReports), r.after.Round(time.Millisecond), r.length.Round(time.Millisecond), r.unavailable)
	}
}

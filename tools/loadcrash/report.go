package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/shizhong/hotline/tools/loadcrash/internal/load"
)

// report is what a run measured and found.
type report struct {
	cfg        config
	work       string
	date       time.Time
	district   *district
	plan       *load.Plan
	load       load.Summary
	kills      []killReport
	outages    []outageReport
	final      storeCheck
	finalScope scopeCheck
	months     []monthCheck
	notes      []string
	violations []string
	total      time.Duration
}

// perSecond is n per second of d.
func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func (r *report) write(w io.Writer) {
	c := r.cfg
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("loadcrash, target %s, %s; %s", c.target, r.date.UTC().Format("2006-01-02"), machine())
	p("run: %s", c.flags())
	if r.district != nil && r.plan != nil {
		d := r.district
		p("data: %d events of %d units over %d months to %s (the generator's district as of %s); %d batches of 1..%d events, %d events repeated in another batch or twice in one, %d event copies a pass",
			len(d.events), len(d.units), c.months, c.month, d.cut.Format(time.RFC3339), len(r.plan.Batches), c.maxBatch, r.plan.Repeats, r.plan.Posted())
	}
	if r.load.Requests == 0 {
		r.writeViolations(p)
		return
	}
	l := r.load
	p("delivery: %d clients, %s from the first request to the last acknowledgement", c.clients, l.Wall.Round(time.Millisecond))
	p("  requests %d: acknowledged %d, no answer %d (refused or cut by a kill), 503 %d, abandoned by the client %d, other %d; acknowledged batches re-sent on purpose %d",
		l.Requests, l.Acked, l.ConnErrors, l.Unavailable, l.Abandoned, l.OtherStatus, l.Resends)
	p("  throughput: %.0f events/s (distinct events acknowledged), %.1f batches/s (distinct batches acknowledged); %.1f requests/s, %.0f event copies/s (stored + duplicate in acknowledged answers)",
		perSecond(l.EventsAcked, l.Wall), perSecond(l.BatchesAcked, l.Wall), perSecond(l.Requests, l.Wall), perSecond(l.StoredReports+l.DupReports, l.Wall))
	var down time.Duration
	for _, k := range r.kills {
		down += k.downtime
	}
	if down > 0 {
		p("  without the %s the server was down: %.0f events/s, %.1f batches/s",
			down.Round(time.Millisecond), perSecond(l.EventsAcked, l.Wall-down), perSecond(l.BatchesAcked, l.Wall-down))
	}
	p("  latency of acknowledged requests (n=%d): p50 %s, p90 %s, p99 %s, max %s",
		l.Latency.N, ms(l.Latency.P50), ms(l.Latency.P90), ms(l.Latency.P99), ms(l.Latency.Max))
	p("  first attempt to acknowledgement, per batch (n=%d): p50 %s, p90 %s, p99 %s, max %s",
		l.Delivery.N, ms(l.Delivery.P50), ms(l.Delivery.P90), ms(l.Delivery.P99), ms(l.Delivery.Max))
	p("  events reported stored %d, duplicate %d; acknowledged only as duplicates (written by an attempt whose answer was lost) %d",
		l.StoredReports, l.DupReports, l.AckedNotStoredReported)
	for i, k := range r.kills {
		p("kill %d (SIGKILL) at %s: %d events acknowledged, %d stored (%d of them not yet acknowledged), every acknowledged one present and every stored one sent and whole: %t; month %s read from the store agrees with the stored events: %t (%d events); batches in flight or retrying %d: none of their own events stored %d, all %d, some %d; check %s, down %s",
			i+1, k.after.Round(time.Millisecond), k.acked, k.check.stored, k.check.unacked, len(k.check.violations) == 0,
			k.scope.month, len(k.scope.violations) == 0, k.scope.events,
			k.unacked, k.none, k.whole, k.partly, k.checkTaken.Round(time.Millisecond), k.downtime.Round(time.Millisecond))
	}
	for i, o := range r.outages {
		p("outage %d at %s: every DynamoDB call failed for %s; the clients got %d answers 503 (nothing acknowledged) during it and the 2 s after",
			i+1, o.after.Round(time.Millisecond), o.length.Round(time.Millisecond), o.unavailable)
	}
	if r.final.present != nil {
		p("store after the run: %d events stored, %d acknowledged, equal sets with equal content: %t",
			r.final.stored, r.final.acked, len(r.final.violations) == 0 && r.final.stored == r.final.acked && r.final.acked == len(r.plan.Events))
		p("month %s read from the store agrees with the stored events: %t (%d events)", r.finalScope.month, len(r.finalScope.violations) == 0, r.finalScope.events)
	}
	for _, m := range r.months {
		verdict := "equal to the clean run"
		if !m.equal {
			verdict = "DIFFERS: " + m.detail
		}
		p("month %s, %d units, %s: %s", m.month, m.units, m.how, verdict)
	}
	for _, n := range r.notes {
		p("%s", n)
	}
	if r.total > 0 {
		p("whole run %s", r.total.Round(time.Millisecond))
	}
	r.writeViolations(p)
}

func (r *report) writeViolations(p func(string, ...any)) {
	all := append(append([]string(nil), r.load.Violations...), r.violations...)
	if r.load.ViolationCount > len(r.load.Violations) {
		all = append(all, fmt.Sprintf("... %d more seen by the clients", r.load.ViolationCount-len(r.load.Violations)))
	}
	if len(all) == 0 {
		p("violations: none")
		return
	}
	p("VIOLATIONS:")
	for _, v := range all {
		p("  %s", v)
	}
}

// machine describes this machine: CPUs, model, memory, Go.
func machine() string {
	model, mem := "", ""
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			var kb int64
			if _, err := fmt.Sscanf(s.Text(), "MemTotal: %d kB", &kb); err == nil {
				mem = fmt.Sprintf(", %.1f GiB", float64(kb)/(1<<20))
				break
			}
		}
		f.Close()
	}
	return fmt.Sprintf("%d CPUs %s%s, %s %s/%s", runtime.NumCPU(), model, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

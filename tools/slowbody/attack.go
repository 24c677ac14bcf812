package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// attack is what the command does.
type attack struct {
	Addr     string
	PID      int
	Conns    int
	Declared int
	Send     int
	Trickle  time.Duration
	Hold     time.Duration
	Settle   time.Duration
	Probe    string
}

// result is what it saw.
type result struct {
	durations []time.Duration // how long each connection the server closed was open
	closed    int
	open      int // still open when this side gave up
	failed    int // could not connect or write the headers
	statuses  map[string]int
	elapsed   time.Duration

	rssBefore, rssPeak, rssAfter int64
	probes, probesOK             int
	probeMax                     time.Duration
}

// quantile returns the q-quantile of the durations (0: min, 1: max).
func (r *result) quantile(q float64) time.Duration {
	d := slices.Clone(r.durations)
	slices.Sort(d)
	return d[int(q*float64(len(d)-1))]
}

// outcome is one connection's.
type outcome struct {
	open   time.Duration
	closed bool // by the server, before Hold
	failed bool
	answer string
}

func (a attack) run(ctx context.Context) (*result, error) {
	r := &result{statuses: map[string]int{}}
	if a.PID > 0 {
		rss, err := residentMemory(a.PID)
		if err != nil {
			return nil, err
		}
		r.rssBefore, r.rssPeak = rss, rss
	}
	stop := make(chan struct{})
	var sampling sync.WaitGroup
	if a.PID > 0 {
		sampling.Go(func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if rss, err := residentMemory(a.PID); err == nil && rss > r.rssPeak {
						r.rssPeak = rss
					}
				}
			}
		})
	}
	if a.Probe != "" {
		sampling.Go(func() { r.probe(a, stop) })
	}

	start := time.Now()
	outcomes := make([]outcome, a.Conns)
	var conns sync.WaitGroup
	for i := range outcomes {
		conns.Go(func() { outcomes[i] = a.one(ctx) })
	}
	conns.Wait()
	r.elapsed = time.Since(start)
	if a.PID > 0 {
		time.Sleep(a.Settle) // the server may still be answering the last of them
	}
	close(stop)
	sampling.Wait()
	for _, o := range outcomes {
		switch {
		case o.failed:
			r.failed++
		case o.closed:
			r.closed++
			r.durations = append(r.durations, o.open)
		default:
			r.open++
		}
		if o.answer != "" {
			r.statuses[o.answer]++
		}
	}
	if a.PID > 0 {
		r.rssAfter, _ = residentMemory(a.PID)
	}
	return r, nil
}

// one opens a connection, sends the headers and Send bytes of the body,
// trickles if asked, and waits until the server closes it or Hold passes.
func (a attack) one(ctx context.Context) outcome {
	start := time.Now()
	deadline := start.Add(a.Hold)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", a.Addr)
	if err != nil {
		return outcome{failed: true}
	}
	defer conn.Close()
	_ = conn.SetDeadline(deadline)
	head := fmt.Sprintf("POST /v1/events HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"+
		"X-Hotline-Client: slowbody\r\nX-Hotline-Timestamp: %d\r\nX-Hotline-Signature: v2=00\r\n\r\n", a.Addr, a.Declared, start.Unix())
	if _, err := io.WriteString(conn, head); err != nil {
		return outcome{failed: true}
	}
	// The body is written while the server's answer is read: a server that
	// answers early (413) or closes is seen at once.
	answered := make(chan string, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			answered <- ""
			return
		}
		answered <- strconv.Itoa(resp.StatusCode)
		_, _ = io.Copy(io.Discard, resp.Body)
	}()
	body := bytes.Repeat([]byte(" "), 64<<10)
	for sent := 0; sent < a.Send; {
		n, err := conn.Write(body[:min(len(body), a.Send-sent)])
		sent += n
		if err != nil {
			break
		}
	}
	if a.Trickle > 0 {
		go func() {
			for sent := a.Send; sent < a.Declared-1 && time.Now().Before(deadline); sent++ {
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
				time.Sleep(a.Trickle)
			}
		}()
	}
	answer := <-answered
	// A read that ends before the deadline is the server's doing: it
	// answered and closed, or closed, or reset the connection.
	if time.Now().Before(deadline) {
		if answer == "" {
			answer = "none (closed)"
		}
		return outcome{open: time.Since(start), closed: true, answer: answer}
	}
	return outcome{open: time.Since(start), answer: answer}
}

// probe asks GET Probe once a second until stop, with a 10 s timeout.
func (r *result) probe(a attack, stop chan struct{}) {
	c := http.Client{Timeout: 10 * time.Second}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			start := time.Now()
			resp, err := c.Get("http://" + a.Addr + a.Probe)
			r.probes++
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode < 500 {
					r.probesOK++
				}
			}
			r.probeMax = max(r.probeMax, time.Since(start))
		}
	}
}

// residentMemory reads VmRSS of a process, in bytes.
func residentMemory(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS in /proc/" + strconv.Itoa(pid) + "/status")
}

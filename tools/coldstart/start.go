package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// build builds function name of src as it is deployed, for this machine's
// architecture, and returns the bootstrap's path and size.
func build(src, name, dir string) (string, int64, error) {
	out := filepath.Join(dir, name, "bootstrap")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w", "-o", out, "./functions/"+name)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH, "GOFLAGS=-buildvcs=false")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", 0, fmt.Errorf("build %s: %v\n%s", name, err, msg)
	}
	info, err := os.Stat(out)
	if err != nil {
		return "", 0, err
	}
	return out, info.Size(), nil
}

// sample is what one cold start measured, in milliseconds.
type sample struct{ init, invoke float64 }

var (
	initReport   = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)
	invokeRTDone = regexp.MustCompile(`INVOKE RTDONE\(status: [a-z]+, produced bytes: [0-9]+, duration: ([0-9.]+)ms\)`)
)

// coldStart starts the emulator on bootstrap, invokes it once with event
// and reads the two durations from the emulator's log.
func coldStart(ctx context.Context, bootstrap string, env []string, event []byte) (sample, error) {
	addr, err := freeAddr()
	if err != nil {
		return sample{}, err
	}
	cmd := exec.CommandContext(ctx, "aws-lambda-rie", "--runtime-interface-emulator-address", addr, bootstrap)
	cmd.Env = append(os.Environ(), env...)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return sample{}, fmt.Errorf("start aws-lambda-rie: %w (go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@latest)", err)
	}
	var (
		mu   sync.Mutex
		log  bytes.Buffer
		s    sample
		seen = make(chan struct{})
		once sync.Once
	)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			mu.Lock()
			log.WriteString(line + "\n")
			if m := initReport.FindStringSubmatch(line); m != nil {
				s.init, _ = strconv.ParseFloat(m[1], 64)
			}
			if m := invokeRTDone.FindStringSubmatch(line); m != nil {
				s.invoke, _ = strconv.ParseFloat(m[1], 64)
				once.Do(func() { close(seen) })
			}
			mu.Unlock()
		}
	}()
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		pw.Close()
	}()
	if err := waitListening(addr, 10*time.Second); err != nil {
		return sample{}, err
	}
	resp, err := http.Post("http://"+addr+"/2015-03-31/functions/function/invocations", "application/json", bytes.NewReader(event))
	if err != nil {
		return sample{}, fmt.Errorf("invoke: %w", err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := succeeded(answer); err != nil {
		return sample{}, err
	}
	select {
	case <-seen:
	case <-time.After(10 * time.Second):
	}
	mu.Lock()
	defer mu.Unlock()
	if s.init == 0 || s.invoke == 0 {
		return sample{}, fmt.Errorf("no INIT REPORT or INVOKE RTDONE in the emulator's log:\n%s", log.String())
	}
	return s, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitListening(addr string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the emulator did not listen on %s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// succeeded says whether an invocation's answer is a success: an API
// Gateway response under 300, or a month-end summary without an error.
func succeeded(answer []byte) error {
	var out struct {
		StatusCode   int    `json:"statusCode"`
		Body         string `json:"body"`
		ErrorMessage string `json:"errorMessage"`
	}
	if err := json.Unmarshal(answer, &out); err != nil {
		return fmt.Errorf("the answer is not JSON: %.300s", answer)
	}
	if out.ErrorMessage != "" || out.StatusCode >= 300 {
		return fmt.Errorf("the invocation failed: %.500s", answer)
	}
	return nil
}

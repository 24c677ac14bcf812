// Package proc runs the server under test as a child process on a fixed
// loopback address, so that it can be killed with SIGKILL and started again
// where its clients expect it.
//
// It knows nothing of the hotline: a path, arguments, an environment and
// the address the process will listen on.
package proc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// FreeAddr returns a loopback address with a port free at the moment of
// the call.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Server is a child process that serves on Addr.
type Server struct {
	Path string
	Args []string
	Env  []string  // the whole environment of the process; nil: this process's
	Addr string    // HOST:PORT the process listens on
	Log  io.Writer // its stdout and stderr (nil: discarded)

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has been waited for
	err    error         // cmd's exit, once exited is closed
	starts int
}

// Start starts the process and returns once it accepts connections on Addr
// (an error if it exits first or ctx ends).
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	if s.cmd != nil {
		s.mu.Unlock()
		return errors.New("proc: already running")
	}
	cmd := exec.Command(s.Path, s.Args...)
	cmd.Env = s.Env
	cmd.Stdout, cmd.Stderr = s.Log, s.Log
	if err := cmd.Start(); err != nil {
		s.mu.Unlock()
		return fmt.Errorf("proc: start %s: %w", s.Path, err)
	}
	s.cmd, s.exited = cmd, make(chan struct{})
	s.starts++
	exited := s.exited
	go func() {
		err := cmd.Wait()
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
		close(exited)
	}()
	s.mu.Unlock()
	for {
		conn, err := net.DialTimeout("tcp", s.Addr, time.Second)
		if err == nil {
			conn.Close()
			return nil
		}
		select {
		case <-exited:
			s.mu.Lock()
			defer s.mu.Unlock()
			s.cmd = nil
			return fmt.Errorf("proc: %s exited before listening on %s: %v", s.Path, s.Addr, s.err)
		case <-ctx.Done():
			_ = s.Kill()
			return fmt.Errorf("proc: %s not listening on %s: %w", s.Path, s.Addr, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Kill sends SIGKILL and waits until the process is gone.
func (s *Server) Kill() error { return s.signal(syscall.SIGKILL, 0) }

// Stop sends SIGINT and waits up to timeout for the process to exit, then
// kills it; an error when it had to be killed or exited with an error.
func (s *Server) Stop(timeout time.Duration) error { return s.signal(os.Interrupt, timeout) }

func (s *Server) signal(sig os.Signal, timeout time.Duration) error {
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.mu.Unlock()
	if cmd == nil {
		return nil
	}
	defer func() {
		s.mu.Lock()
		s.cmd = nil
		s.mu.Unlock()
	}()
	if err := cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("proc: signal %v: %w", sig, err)
	}
	if sig == syscall.SIGKILL {
		<-exited
		return nil
	}
	select {
	case <-exited:
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.err != nil {
			return fmt.Errorf("proc: %s exited on %v: %w", s.Path, sig, s.err)
		}
		return nil
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-exited
		return fmt.Errorf("proc: %s did not exit within %s of %v; killed", s.Path, timeout, sig)
	}
}

// Starts is the number of times the process was started.
func (s *Server) Starts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.starts
}

package httpapi

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// The rule that slows down guessing passwords (SPEC §11: "repeated failures
// are slowed down per account and per address"): once an account id, or a
// client address, has SignInFailuresPerAccount (SignInFailuresPerAddress)
// failed sign-ins within the last SignInWindow, every sign-in with it is
// refused 429 `too_many_requests`, its password not even checked, with
// Retry-After the seconds until the oldest of those failures is older
// than the window. A refused attempt is not a failure (it does not prolong
// the wait); a successful sign-in clears its account's failures, not its
// address's. The counts are in memory: one process's (one Lambda
// instance's), lost on restart.
const (
	SignInWindow             = 15 * time.Minute
	SignInFailuresPerAccount = 5
	// SignInFailuresPerAddress is higher, as the people of one office
	// share an address.
	SignInFailuresPerAddress = 20
)

// maxLimitKeys bounds the memory of a limiter: past it, the keys whose
// failures are all outside the window are dropped, then the key failed
// longest ago.
const maxLimitKeys = 10_000

// signInLimits are the two limiters of sign-ins.
type signInLimits struct {
	accounts, addresses *failureLimit
}

func newSignInLimits() signInLimits {
	return signInLimits{
		accounts:  newFailureLimit(SignInFailuresPerAccount, SignInWindow),
		addresses: newFailureLimit(SignInFailuresPerAddress, SignInWindow),
	}
}

// wait is how long a sign-in with id from addr must wait; 0: it may try.
func (l signInLimits) wait(id, addr string, now time.Time) time.Duration {
	return max(l.accounts.wait(id, now), l.addresses.wait(addr, now))
}

// failed counts a failed sign-in with id from addr.
func (l signInLimits) failed(id, addr string, now time.Time) {
	l.accounts.fail(id, now)
	l.addresses.fail(addr, now)
}

// succeeded clears the failures of the account id.
func (l signInLimits) succeeded(id string) { l.accounts.reset(id) }

// failureLimit counts failures per key within a sliding window.
type failureLimit struct {
	mu       sync.Mutex
	max      int
	window   time.Duration
	failures map[string][]time.Time // per key, oldest first, within the window, at most max
}

func newFailureLimit(limit int, window time.Duration) *failureLimit {
	return &failureLimit{max: limit, window: window, failures: map[string][]time.Time{}}
}

// recent drops the failures of key older than the window and returns the
// others. The caller holds mu.
func (l *failureLimit) recent(key string, now time.Time) []time.Time {
	fs := l.failures[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= l.window {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = fs
	}
	return fs
}

// wait is how long key must wait before it may try again; 0: it may.
func (l *failureLimit) wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.recent(key, now)
	if len(fs) < l.max {
		return 0
	}
	return fs[len(fs)-l.max].Add(l.window).Sub(now)
}

// fail counts a failure of key at now.
func (l *failureLimit) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.recent(key, now)
	if len(fs) == 0 && len(l.failures) >= maxLimitKeys {
		l.evict(now)
	}
	fs = append(fs, now)
	if len(fs) > l.max {
		fs = fs[len(fs)-l.max:]
	}
	l.failures[key] = fs
}

// evict makes room for a key: it drops every key whose failures are all
// outside the window, and when none is, the key failed longest ago. The
// caller holds mu.
func (l *failureLimit) evict(now time.Time) {
	oldest, at := "", time.Time{}
	for k := range l.failures {
		fs := l.recent(k, now)
		if len(fs) > 0 && (oldest == "" || fs[len(fs)-1].Before(at)) {
			oldest, at = k, fs[len(fs)-1]
		}
	}
	if len(l.failures) >= maxLimitKeys {
		delete(l.failures, oldest)
	}
}

// reset forgets the failures of key.
func (l *failureLimit) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

// clientAddress is the address a request came from: the peer's IP (under
// Lambda the proxy sets it from API Gateway's sourceIp), without its port.
// Forwarding headers are not read: anyone can write them.
func clientAddress(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

package auth_test

import (
	"errors"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/event"
)

// keys are two clients of the pinned keys format.
const keys = `clients:
  - id: platform-12345
    secret: platform-12345-secret-00001
    types: [assigned, replied]
  - id: centre
    secret: district-centre-secret-0001
    types: [criticized]
    admin: true
`

var secrets = map[string]string{
	"platform-12345": "platform-12345-secret-00001",
	"centre":         "district-centre-secret-0001",
}

func clients(tb testing.TB) *auth.Clients {
	tb.Helper()
	cs, err := auth.DecodeClients([]byte(keys))
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

// inWindow reports whether timestamp is Unix seconds within auth.Window of
// now, computed without overflow whatever the numbers.
func inWindow(timestamp string, now time.Time) bool {
	ts, ok := new(big.Int).SetString(timestamp, 10)
	if !ok || !ts.IsInt64() {
		return false
	}
	d := new(big.Int).Sub(big.NewInt(now.Unix()), ts)
	d.Mul(d, big.NewInt(int64(time.Second)))
	d.Add(d, big.NewInt(int64(now.Nanosecond())))
	w := big.NewInt(int64(auth.Window))
	return d.CmpAbs(w) <= 0
}

// FuzzVerify: the pinned request signatures (SPEC §10: v2, HMAC-SHA256
// over "v2\n" timestamp "\n" METHOD "\n" path-and-query "\n" body, on
// every route; v1, over timestamp "." body, on the ingest routes only; a
// 300 s window). For any client id, timestamp, signature, method, target,
// body, clock and route kind, Verify never panics, and:
//   - it accepts only a known client whose secret signed exactly this
//     message (the signature is SignV2's, or on a V1OrV2 route Sign's, byte
//     for byte), within the window; it returns that client;
//   - every refusal wraps ErrUnauthorized and returns no client;
//   - the v2 signature SignV2 makes for a known client is accepted exactly
//     when the timestamp is within the window (and the method and target
//     hold no control character), on either kind of route, and refused for
//     another body, timestamp, method or target (another route), another
//     client's secret, in upper-case hex, without its prefix or truncated;
//   - the v1 signature is accepted on a V1OrV2 route as v2 is, and never on
//     a V2Only route.
func FuzzVerify(f *testing.F) {
	now := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
	body := `{"id":"e1","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu"}`
	const (
		asGiven = 0 // the signature argument as it is
		signV1  = 1 // the client's own v1 signature when the argument is empty
		signV2  = 2 // the client's own v2 signature when the argument is empty
	)
	for _, c := range []struct {
		client string
		ts     int64
		sig    string
		sign   uint8
	}{
		{"platform-12345", now.Unix(), "", signV2},
		{"platform-12345", now.Unix(), "", signV1},
		{"platform-12345", now.Unix() - 300, "", signV2},
		{"platform-12345", now.Unix() + 301, "", signV2},
		{"centre", now.Unix(), "", signV2},
		{"stranger", now.Unix(), "", signV2},
		{"platform-12345", now.Unix(), "00", asGiven},
		{"platform-12345", now.Unix(), "v2=00", asGiven},
		{"", now.Unix(), "x", asGiven},
	} {
		for _, v1 := range []bool{false, true} {
			f.Add(c.client, strconv.FormatInt(c.ts, 10), c.sig, "POST", "/v1/events", []byte(body), now.Unix(), c.sign, v1)
		}
	}
	f.Add("centre", "+1792504800", "", "POST", "/v1/admin/recompute", []byte{}, now.Unix(), uint8(signV2), false)
	f.Add("centre", "9223372036854775807", "", "PUT", "/v1/admin/units", []byte("[]"), now.Unix(), uint8(signV2), false)
	f.Add("centre", "-9223372036854775808", "", "POST", "/v1/admin/finalize", []byte("{}"), now.Unix(), uint8(signV2), false)
	f.Add("centre", "9223372036854775807", "", "POST", "/v1/events", []byte("[]"), int64(-1<<40+1), uint8(signV1), true)
	f.Add("centre", "-9223372036854775808", "", "POST", "/v1/events", []byte("{}"), int64(1<<40-1), uint8(signV1), true)
	f.Add("platform-12345", "01792504800", "", "POST", "/v1/callbacks", []byte(body), now.Unix(), uint8(signV2), true)
	f.Add("centre", "1792504800", "", "GET", "/v1/months/2026-10/ranking?group=department&version=2", []byte{}, now.Unix(), uint8(signV2), false)
	f.Add("centre", "1792504800", "", "POST\n/v1/admin", "finalize", []byte{}, now.Unix(), uint8(signV2), false)

	cs := clients(f)
	f.Fuzz(func(t *testing.T, clientID, timestamp, signature, method, target string, body []byte, nowUnix int64, sign uint8, v1 bool) {
		// The clock is the server's: any instant within ±34,000 years of
		// 1970. (At the ends of int64 seconds time.Unix itself overflows,
		// and a window check of instants means nothing there.)
		now := time.Unix(nowUnix%(1<<40), 0)
		accept := auth.V2Only
		if v1 {
			accept = auth.V1OrV2
		}
		m := auth.Message{Timestamp: timestamp, Method: method, Target: target, Body: body}
		secret, known := secrets[clientID]
		if known && signature == "" {
			switch sign {
			case signV1:
				signature = auth.Sign(secret, timestamp, body)
			case signV2:
				signature = auth.SignV2(secret, m)
			}
		}
		plain := !strings.ContainsFunc(method+target, func(r rune) bool { return r < 0x20 || r == 0x7f })
		c, err := cs.Verify(clientID, signature, m, accept, now)
		if err != nil {
			if c != nil || !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("refusal (%v, %v): want no client and ErrUnauthorized", c, err)
			}
		} else {
			ownV1 := v1 && signature == auth.Sign(secret, timestamp, body)
			switch {
			case c == nil || c.ID != clientID || !known:
				t.Fatalf("accepted client %q, got %+v", clientID, c)
			case signature != auth.SignV2(secret, m) && !ownV1:
				t.Fatalf("accepted a signature neither SignV2 nor (on an ingest route) Sign made: %q", signature)
			case !inWindow(timestamp, now):
				t.Fatalf("accepted timestamp %q outside the window of %v", timestamp, now)
			case !plain:
				t.Fatalf("accepted a method %q or target %q with a control character", method, target)
			}
		}
		if !known {
			return
		}
		good := auth.SignV2(secret, m)
		for _, a := range []auth.Accept{auth.V2Only, auth.V1OrV2} {
			if _, err := cs.Verify(clientID, good, m, a, now); (err == nil) != (inWindow(timestamp, now) && plain) {
				t.Fatalf("SignV2's own signature at %q, now %v, accept %v: %v (in window: %v)", timestamp, now, a, err, inWindow(timestamp, now))
			}
		}
		legacy := auth.Sign(secret, timestamp, body)
		if _, err := cs.Verify(clientID, legacy, m, auth.V2Only, now); err == nil {
			t.Fatalf("accepted a v1 signature on a route that takes only v2")
		}
		if _, err := cs.Verify(clientID, legacy, m, auth.V1OrV2, now); (err == nil) != (inWindow(timestamp, now) && plain) {
			t.Fatalf("Sign's own v1 signature on an ingest route at %q, now %v: %v", timestamp, now, err)
		}
		refused := func(what, client, sig string, m auth.Message) {
			t.Helper()
			for _, a := range []auth.Accept{auth.V2Only, auth.V1OrV2} {
				if _, err := cs.Verify(client, sig, m, a, now); err == nil {
					t.Fatalf("accepted %s (accept %v)", what, a)
				}
			}
		}
		with := func(change func(*auth.Message)) auth.Message {
			c := m
			c.Body = append([]byte(nil), m.Body...)
			change(&c)
			return c
		}
		refused("another body", clientID, good, with(func(c *auth.Message) { c.Body = append(c.Body, ' ') }))
		if len(body) > 0 {
			refused("a shorter body", clientID, good, with(func(c *auth.Message) { c.Body = c.Body[:len(c.Body)-1] }))
		}
		refused("another timestamp", clientID, good, with(func(c *auth.Message) { c.Timestamp += "0" }))
		refused("another method", clientID, good, with(func(c *auth.Message) { c.Method += "X" }))
		refused("another route", clientID, good, with(func(c *auth.Message) { c.Target += "x" }))
		if method != target {
			refused("the method and the route swapped", clientID, good, with(func(c *auth.Message) { c.Method, c.Target = target, method }))
		}
		for other, s := range secrets {
			if other != clientID {
				refused("another client's signature", other, good, m)
				refused("a signature with another client's secret", clientID, auth.SignV2(s, m), m)
			}
		}
		if hexPart := strings.TrimPrefix(good, auth.PrefixV2); strings.ToUpper(hexPart) != hexPart {
			refused("upper-case hex", clientID, auth.PrefixV2+strings.ToUpper(hexPart), m)
		}
		refused("an upper-case prefix", clientID, "V2="+strings.TrimPrefix(good, auth.PrefixV2), m)
		refused("v2 hex without its prefix", clientID, strings.TrimPrefix(good, auth.PrefixV2), m)
		refused("a truncated signature", clientID, good[:len(good)-1], m)
	})
}

// FuzzDecodeClients: the keys file. It never panics; a file it accepts
// holds at least one client, and each client of the file (read again
// without the strict decoder) is found by Lookup as written, with an id, a
// secret of at least MinSecretLen bytes and event types only; a file it
// refuses says why.
func FuzzDecodeClients(f *testing.F) {
	f.Add([]byte(keys))
	f.Add([]byte("clients: []"))
	f.Add([]byte("clients:\n  - id: a\n    secret: short\n    types: [closed]\n  - id: a\n"))
	f.Add([]byte("clients:\n  - id: a\n    secret: aaaaaaaaaaaaaaaa\n    phone: 1\n"))
	f.Add([]byte("clients:\n  - {id: a, secret: aaaaaaaaaaaaaaaa, types: [callback], admin: yes}\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := auth.DecodeClients(data)
		if err != nil {
			if cs != nil || err.Error() == "" {
				t.Fatalf("refusal %v with clients %v", err, cs)
			}
			return
		}
		var file struct {
			Clients []auth.Client `yaml:"clients"`
		}
		if err := yaml.Unmarshal(data, &file); err != nil {
			t.Fatalf("accepted a file the YAML decoder refuses: %v", err)
		}
		if len(file.Clients) == 0 {
			t.Fatal("accepted a file without clients")
		}
		for _, want := range file.Clients {
			got, ok := cs.Lookup(want.ID)
			if !ok || !reflect.DeepEqual(*got, want) {
				t.Fatalf("Lookup(%q) = %+v, %v; the file says %+v", want.ID, got, ok, want)
			}
			if got.ID == "" || len(got.Secret) < auth.MinSecretLen {
				t.Fatalf("accepted client %+v", got)
			}
			for _, typ := range got.Types {
				if _, ok := event.ParseType(typ); !ok {
					t.Fatalf("accepted type %q", typ)
				}
			}
		}
	})
}

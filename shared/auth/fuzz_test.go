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

// FuzzVerify: the pinned request signature (SPEC: HMAC-SHA256 over
// timestamp "." body, 300 s window). For any client id, timestamp,
// signature, body and clock, Verify never panics, and:
//   - it accepts only a known client whose secret signed exactly this
//     timestamp and body (the signature is Sign's, byte for byte), within
//     the window; it returns that client;
//   - every refusal wraps ErrUnauthorized and returns no client;
//   - the signature Sign makes for a known client is accepted exactly when
//     the timestamp is within the window, and refused for another body,
//     another timestamp, another client's secret, or in upper-case hex.
func FuzzVerify(f *testing.F) {
	now := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
	body := `{"id":"e1","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T1","unit_id":"wenhualu"}`
	for _, c := range []struct {
		client string
		ts     int64
		sig    string
	}{
		{"platform-12345", now.Unix(), ""},
		{"platform-12345", now.Unix() - 300, ""},
		{"platform-12345", now.Unix() + 301, ""},
		{"centre", now.Unix(), ""},
		{"stranger", now.Unix(), ""},
		{"platform-12345", now.Unix(), "00"},
		{"", now.Unix(), "x"},
	} {
		f.Add(c.client, strconv.FormatInt(c.ts, 10), c.sig, []byte(body), now.Unix(), true)
	}
	f.Add("centre", "+1792504800", "", []byte{}, now.Unix(), true)
	f.Add("centre", "9223372036854775807", "", []byte("[]"), now.Unix(), true)
	f.Add("centre", "-9223372036854775808", "", []byte("{}"), now.Unix(), true)
	f.Add("centre", "9223372036854775807", "", []byte("[]"), int64(-1<<40+1), true)
	f.Add("centre", "-9223372036854775808", "", []byte("{}"), int64(1<<40-1), true)
	f.Add("platform-12345", "01792504800", "", []byte(body), now.Unix(), true)

	cs := clients(f)
	f.Fuzz(func(t *testing.T, clientID, timestamp, signature string, body []byte, nowUnix int64, signIt bool) {
		// The clock is the server's: any instant within ±34,000 years of
		// 1970. (At the ends of int64 seconds time.Unix itself overflows,
		// and a window check of instants means nothing there.)
		now := time.Unix(nowUnix%(1<<40), 0)
		secret, known := secrets[clientID]
		if signIt && known && signature == "" {
			signature = auth.Sign(secret, timestamp, body)
		}
		c, err := cs.Verify(clientID, timestamp, signature, body, now)
		if err != nil {
			if c != nil || !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("refusal (%v, %v): want no client and ErrUnauthorized", c, err)
			}
		} else {
			switch {
			case c == nil || c.ID != clientID || !known:
				t.Fatalf("accepted client %q, got %+v", clientID, c)
			case signature != auth.Sign(secret, timestamp, body):
				t.Fatalf("accepted a signature Sign did not make: %q", signature)
			case !inWindow(timestamp, now):
				t.Fatalf("accepted timestamp %q outside the window of %v", timestamp, now)
			}
		}
		if !known {
			return
		}
		good := auth.Sign(secret, timestamp, body)
		if _, err := cs.Verify(clientID, timestamp, good, body, now); (err == nil) != inWindow(timestamp, now) {
			t.Fatalf("Sign's own signature at %q, now %v: %v (in window: %v)", timestamp, now, err, inWindow(timestamp, now))
		}
		refused := func(what, client, ts, sig string, b []byte) {
			t.Helper()
			if _, err := cs.Verify(client, ts, sig, b, now); err == nil {
				t.Fatalf("accepted %s", what)
			}
		}
		refused("another body", clientID, timestamp, good, append([]byte(nil), append(body, ' ')...))
		if len(body) > 0 {
			refused("a shorter body", clientID, timestamp, good, body[:len(body)-1])
		}
		refused("another timestamp", clientID, timestamp+"0", good, body)
		for other, s := range secrets {
			if other != clientID {
				refused("another client's signature", other, timestamp, good, body)
				refused("a signature with another client's secret", clientID, timestamp, auth.Sign(s, timestamp, body), body)
			}
		}
		if upper := strings.ToUpper(good); upper != good {
			refused("upper-case hex", clientID, timestamp, upper, body)
		}
		refused("a truncated signature", clientID, timestamp, good[:len(good)-1], body)
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

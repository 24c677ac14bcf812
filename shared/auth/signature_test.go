package auth_test

import (
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/auth"
)

// TestSignatureVectors: SPEC §10 (pinned), each signature worked out apart
// from this package (`openssl dgst -sha256 -hmac SECRET` over the bytes the
// SPEC gives, as docs/deploy.md does it from the shell), with the sample
// secret of the admin client of events/keys.sample.yaml.
func TestSignatureVectors(t *testing.T) {
	const secret, ts = "sample-centre-secret-00001", "1793494800"
	body := []byte(`{"month":"2026-10"}`)
	for _, c := range []struct {
		name, got, want string
	}{
		{"v2 of POST /v1/admin/recompute",
			auth.SignV2(secret, auth.Message{Timestamp: ts, Method: "POST", Target: "/v1/admin/recompute", Body: body}),
			"v2=e55bae0ac6c6f76caee5c21d18bbc886cdaaba26300ae448379ba82dcb0732d3"},
		{"v2 of POST /v1/admin/finalize, the same body",
			auth.SignV2(secret, auth.Message{Timestamp: ts, Method: "POST", Target: "/v1/admin/finalize", Body: body}),
			"v2=341350e77965745fc1b8d32ee48384d700ad2c2407885e97d1b84133307c0f55"},
		{"v2 of a GET with a query and no body",
			auth.SignV2(secret, auth.Message{Timestamp: ts, Method: "GET", Target: "/v1/months/2026-10/ranking?group=department"}),
			"v2=2a10d63f07d2ae4104fb3d884bdd03027704ff6a414ece02fac7db541662f845"},
		{"v1 of the body", auth.Sign(secret, ts, body),
			"1245dc8166a3e2e75efb63f8a9b92a7967ecb7911b13fa064847fb1684a5e6b2"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.name, c.got, c.want)
		}
	}
}

// TestVerifyBindsTheRoute: SPEC §10, "a request signed for one route is
// refused (401) on any other" (issue 10, D1: a signed recompute resent
// within the window to /v1/admin/finalize finalised the month). The v2
// signature of a recompute is refused on finalize, under another method,
// with a query added; the v1 signature of the same body, which names no
// route, is refused on every route that takes only v2, and accepted on an
// ingest route.
func TestVerifyBindsTheRoute(t *testing.T) {
	cs := clients(t)
	now := time.Unix(1792504800, 0)
	ts := "1792504800"
	body := []byte(`{"month":"2026-10"}`)
	recompute := auth.Message{Timestamp: ts, Method: "POST", Target: "/v1/admin/recompute", Body: body}
	v2 := auth.SignV2(secrets["centre"], recompute)
	v1 := auth.Sign(secrets["centre"], ts, body)
	if _, err := cs.Verify("centre", v2, recompute, auth.V2Only, now); err != nil {
		t.Fatalf("the recompute as signed: %v", err)
	}
	for _, c := range []struct {
		name   string
		sig    string
		target string
		method string
		accept auth.Accept
		ok     bool
	}{
		{"v2 of recompute, sent to finalize", v2, "/v1/admin/finalize", "POST", auth.V2Only, false},
		{"v2 of recompute, sent to an ingest route", v2, "/v1/events", "POST", auth.V1OrV2, false},
		{"v2 of recompute, sent as PUT", v2, "/v1/admin/recompute", "PUT", auth.V2Only, false},
		{"v2 of recompute, in lower case method", v2, "/v1/admin/recompute", "post", auth.V2Only, false},
		{"v2 of recompute, with a query", v2, "/v1/admin/recompute?month=2026-09", "POST", auth.V2Only, false},
		{"v2 of recompute, with a trailing ?", v2, "/v1/admin/recompute?", "POST", auth.V2Only, false},
		{"v1 on recompute", v1, "/v1/admin/recompute", "POST", auth.V2Only, false},
		{"v1 on finalize", v1, "/v1/admin/finalize", "POST", auth.V2Only, false},
		{"v1 on an ingest route", v1, "/v1/events", "POST", auth.V1OrV2, true},
		{"v1 with the v2 prefix", auth.PrefixV2 + v1, "/v1/events", "POST", auth.V1OrV2, false},
	} {
		m := recompute
		m.Target, m.Method = c.target, c.method
		_, err := cs.Verify("centre", c.sig, m, c.accept, now)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want accepted %t", c.name, err, c.ok)
		}
	}
}

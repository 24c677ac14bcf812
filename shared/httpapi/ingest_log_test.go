package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// failingStore fails every PutEvents: with the request's own error when
// the request was cancelled, else with a store failure.
type failingStore struct{ store.Store }

func (failingStore) PutEvents(ctx context.Context, _ []event.Event) ([]store.Outcome, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, errors.New("throttled")
}

// TestIngestStoreFailureLog: a store failure is answered 503 and logged as
// an error; the same failure because the client went away (its request
// cancelled) is logged at INFO, so abandoned requests do not fill the
// error log — either way nothing is acknowledged.
func TestIngestStoreFailureLog(t *testing.T) {
	clients, err := auth.LoadClients("testdata/keys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv := httpapi.New(httpapi.Config{
		Store:   failingStore{memstore.New(time.FixedZone("CST", 8*3600))},
		Clients: func() (*auth.Clients, error) { return clients, nil },
		Now:     func() time.Time { return now },
		Log:     slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	for _, c := range []struct {
		name   string
		cancel bool
		level  string
	}{
		{"store failure", false, "level=ERROR"},
		{"client gone", true, "level=INFO"},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs.Reset()
			ctx, cancel := context.WithCancel(context.Background())
			if c.cancel {
				cancel()
			} else {
				defer cancel()
			}
			stamp := strconv.FormatInt(now.Unix(), 10)
			req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/events", strings.NewReader(replied))
			req.Header.Set(auth.HeaderClient, "platform-12345")
			req.Header.Set(auth.HeaderTimestamp, stamp)
			req.Header.Set(auth.HeaderSignature, auth.Sign(secrets["platform-12345"], stamp, []byte(replied)))
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusServiceUnavailable {
				t.Errorf("HTTP %d, want 503", rec.Code)
			}
			line := ""
			for l := range strings.SplitSeq(logs.String(), "\n") {
				if strings.Contains(l, `msg="store events"`) {
					line = l
				}
			}
			if !strings.Contains(line, c.level) {
				t.Errorf("the store failure was logged as %q, want %s", line, c.level)
			}
		})
	}
}

// TestRequestLogClaimedClient: issue 10, D9. The request log names a
// client as `client=` only once its signature is verified; a request
// refused with 401 (here a v1 signature on an admin route, and a wrong
// key on an ingest route) is logged with `claimed_client=`, the header as
// sent, and the refusal's WARN line says the same.
func TestRequestLogClaimedClient(t *testing.T) {
	var logs bytes.Buffer
	a := newAPI(t, func(c *httpapi.Config) {
		c.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	ts := strconv.FormatInt(apiNow.Unix(), 10)
	body := `{"month":"2026-10"}`
	for _, c := range []struct {
		name, method, path, client, sig string
		status                          int
		want, not                       []string
	}{
		{"v1 on an admin route", http.MethodPost, "/v1/admin/finalize", "centre", auth.Sign(secrets["centre"], ts, []byte(body)), http.StatusUnauthorized,
			[]string{`msg=unauthorized claimed_client=centre`, `msg=request method=POST path=/v1/admin/finalize status=401 claimed_client=centre`}, []string{" client=centre"}},
		{"a wrong key on an ingest route", http.MethodPost, "/v1/events", "platform-12345", auth.Sign("not-the-key-of-the-platform", ts, []byte(body)), http.StatusUnauthorized,
			[]string{`status=401 claimed_client=platform-12345`}, []string{" client=platform-12345"}},
		{"verified", http.MethodPost, "/v1/admin/finalize", "centre", signV2("centre", ts, http.MethodPost, "/v1/admin/finalize", body), http.StatusConflict,
			[]string{`status=409 client=centre`}, []string{"claimed_client"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs.Reset()
			rec := a.do(c.method, c.path, body, auth.HeaderClient, c.client, auth.HeaderTimestamp, ts, auth.HeaderSignature, c.sig)
			if rec.Code != c.status {
				t.Fatalf("HTTP %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			for _, w := range c.want {
				if !strings.Contains(logs.String(), w) {
					t.Errorf("the log has no %q:\n%s", w, logs.String())
				}
			}
			for _, n := range c.not {
				if strings.Contains(logs.String(), n) {
					t.Errorf("the log has %q:\n%s", n, logs.String())
				}
			}
		})
	}
}

// TestRequestLogRequestID: the request line names the id the request
// carries, from X-Request-Id, else X-Amzn-Request-Id, else X-Amzn-Trace-Id
// (API Gateway's), an empty value counting as none.
func TestRequestLogRequestID(t *testing.T) {
	var logs bytes.Buffer
	a := newAPI(t, func(c *httpapi.Config) { c.Log = slog.New(slog.NewTextHandler(&logs, nil)) })
	for _, c := range []struct {
		name    string
		headers []string
		want    string
	}{
		{"none", nil, `request_id=""`},
		{"X-Request-Id", []string{"X-Request-Id", "r-1", "X-Amzn-Request-Id", "a-1"}, "request_id=r-1"},
		{"lower case", []string{"x-request-id", "r-2"}, "request_id=r-2"},
		{"API Gateway's", []string{"X-Amzn-Request-Id", "a-2", "X-Amzn-Trace-Id", "Root=1-2"}, "request_id=a-2"},
		{"the trace", []string{"X-Amzn-Trace-Id", "Root=1-3"}, `request_id="Root=1-3"`},
		{"an empty one passed over", []string{"X-Request-Id", "", "X-Amzn-Trace-Id", "Root=1-4"}, `request_id="Root=1-4"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs.Reset()
			a.do(http.MethodGet, "/v1/months/2026-10/ranking", "", c.headers...)
			line := logs.String()
			if !strings.Contains(line, "msg=request ") || !strings.Contains(line, " "+c.want+" ") {
				t.Errorf("the request line has no %q:\n%s", c.want, line)
			}
		})
	}
}

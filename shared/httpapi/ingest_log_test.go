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

package monthend

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/publish"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// bucket is a hand-written publish.Bucket that keeps every put.
type bucket struct{ puts []publish.Object }

func (b *bucket) PutObject(_ context.Context, o publish.Object) error {
	b.puts = append(b.puts, o)
	return nil
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// newHandler is a handler over the memory store holding a small district
// (September and October 2026), at the clock *now.
func newHandler(t *testing.T, now *time.Time) (*Handler, *bucket, *bytes.Buffer) {
	t.Helper()
	loc := shanghai(t)
	reg, events := testenv.District(t, gen.Config{Seed: 1, Tickets: 150, Month: calendar.Month{Year: 2026, Month: 10}, Months: 2, Location: loc})
	st := memstore.New(loc)
	ctx := context.Background()
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	svc, err := compute.New(st, policy.Builtin(), calendar.New(loc))
	if err != nil {
		t.Fatal(err)
	}
	b := &bucket{}
	var logs bytes.Buffer
	h := &Handler{
		Service:   svc,
		Publisher: &publish.Publisher{Objects: b, Bucket: "reports"},
		Now:       func() time.Time { return *now },
		Log:       slog.New(slog.NewJSONHandler(&logs, nil)),
	}
	return h, b, &logs
}

func TestHandle(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 5, 0, 0, shanghai(t))
	h, b, logs := newHandler(t, &now)
	ctx := context.Background()
	handle := func(payload string) Summary {
		t.Helper()
		s, err := h.Handle(ctx, json.RawMessage(payload))
		if err != nil {
			t.Fatalf("%s: %v", payload, err)
		}
		return s
	}

	// The schedule on 1 November computes October; delivered twice, the
	// same version, the same objects put again.
	first := handle(`{"source":"schedule"}`)
	want := publish.KeysOf("", "2026-10", 1).List()
	if first.Action != Scheduled || first.Period != "2026-10" || first.Version != 1 || first.Final || first.Skipped != "" ||
		first.Fingerprint == "" || first.Policy != "shizhong-2022-7" {
		t.Errorf("scheduled: %+v", first)
	}
	if diff := cmp.Diff(want, first.Published); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
	now = now.Add(time.Hour)
	again := handle(`{}`)
	if again.Version != 1 || again.Fingerprint != first.Fingerprint || !again.ComputedAt.Equal(first.ComputedAt) {
		t.Errorf("delivered again: %+v, first %+v", again, first)
	}
	if len(b.puts) != 6 {
		t.Fatalf("%d objects put, want 3 twice", len(b.puts))
	}
	for i := range 3 {
		if b.puts[i].Key != b.puts[i+3].Key || !bytes.Equal(b.puts[i].Body, b.puts[i+3].Body) {
			t.Errorf("%s differs when delivered again", b.puts[i].Key)
		}
	}

	// On demand: the same month again, then a year.
	if s := handle(`{"month":"2026-10"}`); s.Action != Month || s.Version != 1 {
		t.Errorf("month on demand: %+v", s)
	}
	if s := handle(`{"month":"2026-09"}`); s.Period != "2026-09" || s.Version != 1 {
		t.Errorf("September: %+v", s)
	}
	if s := handle(`{"year":"2026"}`); s.Action != Year || s.Period != "2026" || s.Published[0] != "rankings/2026/v1/ranking.json" {
		t.Errorf("year: %+v", s)
	}

	// Finalised, October is published again as final, and the schedule
	// then leaves it alone without an error.
	fin := handle(`{"finalize":"2026-10"}`)
	if fin.Action != Finalize || !fin.Final || fin.Version != 1 || len(fin.Published) != 3 {
		t.Errorf("finalize: %+v", fin)
	}
	latest := b.puts[len(b.puts)-1]
	if latest.Key != "rankings/2026-10/latest.json" || !bytes.Contains(latest.Body, []byte(`"final": true`)) {
		t.Errorf("latest.json after finalize: %s %s", latest.Key, latest.Body)
	}
	puts := len(b.puts)
	skipped := handle(`{"source":"schedule"}`)
	if skipped.Skipped != "final" || !skipped.Final || skipped.Version != 1 || len(skipped.Published) != 0 || len(b.puts) != puts {
		t.Errorf("schedule on a final month: %+v, %d new objects", skipped, len(b.puts)-puts)
	}
	if !strings.Contains(logs.String(), "not recomputed") {
		t.Errorf("the skip is not logged:\n%s", logs.String())
	}
}

func TestHandleErrors(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 5, 0, 0, shanghai(t))
	h, b, _ := newHandler(t, &now)
	for _, c := range []struct{ in, want string }{
		{`{"monthh":"2026-10"}`, `unknown key "monthh"`},
		{`{"month":"2026-12"}`, "has not begun"},
		{`{"year":"2027"}`, "has not begun"},
		{`{"finalize":"2026-08"}`, "no result to finalise"},
	} {
		_, err := h.Handle(context.Background(), json.RawMessage(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.in, err, c.want)
		}
	}
	if len(b.puts) != 0 {
		t.Errorf("%d objects put by failed requests", len(b.puts))
	}
	if _, err := h.Service.Store.Result(context.Background(), "2026-10", 0); err == nil {
		t.Error("a failed request stored a result")
	}
}

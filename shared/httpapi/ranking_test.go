package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/report"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// TestRankingIsTheStoredBody: the ranking of a month or a year is the
// stored body byte for byte (the pinned shape of `hotline score --format
// json`), with its validators.
func TestRankingIsTheStoredBody(t *testing.T) {
	a := published(t)
	for _, c := range []struct{ path, period string }{
		{"/v1/months/2026-10/ranking", "2026-10"},
		{"/v1/months/2026-08/ranking", "2026-08"},
		{"/v1/years/2026/ranking", "2026"},
	} {
		t.Run(c.period, func(t *testing.T) {
			rec := a.get(c.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
			}
			want := a.stored(t, c.period, 0)
			if !bytes.Equal(rec.Body.Bytes(), want.Body) {
				t.Errorf("the body differs from the stored body:\n%s", cmp.Diff(string(want.Body), rec.Body.String()))
			}
			h := rec.Header()
			wantTag := `"` + c.period + "-v1-" + want.Fingerprint[:16] + `"`
			for name, want := range map[string]string{
				"ETag":              wantTag,
				"Cache-Control":     "public, max-age=60",
				"X-Hotline-Version": "1",
				"Content-Type":      "application/json; charset=utf-8",
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
		})
	}
}

// TestRankingGroup: ?group= keeps the units of the group only, in the
// layout report.WriteJSON gives the same result with those units.
func TestRankingGroup(t *testing.T) {
	a := published(t)
	for _, path := range []string{"/v1/months/2026-10/ranking", "/v1/years/2026/ranking"} {
		for _, g := range unit.Groups {
			t.Run(path+"/"+string(g), func(t *testing.T) {
				rec := a.get(path + "?group=" + string(g))
				if rec.Code != http.StatusOK {
					t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
				}
				var full score.Result
				if err := json.Unmarshal(a.get(path).Body.Bytes(), &full); err != nil {
					t.Fatal(err)
				}
				kept := full
				kept.Units = nil
				for _, u := range full.Units {
					if u.Group == g {
						kept.Units = append(kept.Units, u)
					}
				}
				if len(kept.Units) == 0 || len(kept.Units) == len(full.Units) {
					t.Fatalf("the district has %d of %d units in %s: not a test of the filter", len(kept.Units), len(full.Units), g)
				}
				var want bytes.Buffer
				if err := report.WriteJSON(&want, &kept); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want.String(), rec.Body.String()); diff != "" {
					t.Errorf("filtered body (-want +got):\n%s", diff)
				}
				if tag := rec.Header().Get("ETag"); !regexp.MustCompile(`^"\d{4}(-\d\d)?-v1-[0-9a-f]{16}-` + string(g) + `"$`).MatchString(tag) {
					t.Errorf("ETag %s does not name the group", tag)
				}
			})
		}
	}
}

func TestRankingRefused(t *testing.T) {
	a := published(t)
	for _, c := range []struct {
		path   string
		status int
		code   string
		field  string
	}{
		{"/v1/months/2026-13/ranking", 400, httpapi.EInvalid, "month"},
		{"/v1/months/2026-1/ranking", 400, httpapi.EInvalid, "month"},
		{"/v1/months/october/ranking", 400, httpapi.EInvalid, "month"},
		{"/v1/months/2026-10/ranking?group=streets", 400, httpapi.EInvalid, "group"},
		{"/v1/months/2026-10/ranking?version=0", 400, httpapi.EInvalid, "version"},
		{"/v1/months/2026-10/ranking?version=two", 400, httpapi.EInvalid, "version"},
		{"/v1/months/2026-10/ranking?version=2", 404, httpapi.ENotFound, ""},
		{"/v1/months/2025-10/ranking", 404, httpapi.ENotFound, ""},
		{"/v1/years/26/ranking", 400, httpapi.EInvalid, "year"},
		{"/v1/years/2025/ranking", 404, httpapi.ENotFound, ""},
		{"/v1/years/2026/ranking?group=x", 400, httpapi.EInvalid, "group"},
		{"/v1/months/2026-10/ranking?view=short", 400, httpapi.EInvalid, "view"},
		{"/v1/months/2026-10/ranking?view=", 400, httpapi.EInvalid, "view"},
		{"/v1/years/2026/ranking?view=SUMMARY", 400, httpapi.EInvalid, "view"},
		{"/v1/months/2025-10/ranking?view=summary", 404, httpapi.ENotFound, ""},
	} {
		t.Run(c.path, func(t *testing.T) {
			wantError(t, a.get(c.path), c.status, c.code, c.field)
		})
	}
}

// TestRankingConditional: the ETag of a version answers If-None-Match with
// 304 and the same validators; another ETag gets the body.
func TestRankingConditional(t *testing.T) {
	a := published(t)
	for _, path := range []string{"/v1/months/2026-10/ranking", "/v1/months/2026-10/ranking?group=department", "/v1/years/2026/ranking", "/v1/months/2026-10/units/" + a.reg.At(0).ID} {
		t.Run(path, func(t *testing.T) {
			first := a.get(path)
			tag := first.Header().Get("ETag")
			if first.Code != http.StatusOK || tag == "" {
				t.Fatalf("HTTP %d, ETag %q", first.Code, tag)
			}
			for _, c := range []struct {
				ifNoneMatch string
				status      int
			}{
				{tag, http.StatusNotModified},
				{"W/" + tag, http.StatusNotModified},
				{`"other", ` + tag, http.StatusNotModified},
				{"*", http.StatusNotModified},
				{`"2026-10-v0-0000000000000000"`, http.StatusOK},
			} {
				rec := a.get(path, "If-None-Match", c.ifNoneMatch)
				if rec.Code != c.status {
					t.Errorf("If-None-Match %s: HTTP %d, want %d", c.ifNoneMatch, rec.Code, c.status)
				}
				if rec.Header().Get("ETag") != tag || rec.Header().Get("Cache-Control") == "" {
					t.Errorf("If-None-Match %s: headers %v", c.ifNoneMatch, rec.Header())
				}
				if c.status == http.StatusNotModified && rec.Body.Len() != 0 {
					t.Errorf("a 304 with a body: %s", rec.Body)
				}
			}
		})
	}
}

// TestRecomputeThenGet: a late event, a recompute through the admin route,
// and the ranking is the new version at once; the old one stays readable.
func TestRecomputeThenGet(t *testing.T) {
	a := published(t, withTTL(time.Hour))
	v1 := a.get("/v1/months/2026-10/ranking")
	late := event.Event{ID: "late-criticism", Type: event.Criticized, At: time.Date(2026, 10, 30, 9, 0, 0, 0, shanghai(t)), UnitID: a.reg.At(0).ID, Reason: "not_handled"}
	if _, err := a.store.PutEvents(context.Background(), []event.Event{late}); err != nil {
		t.Fatal(err)
	}
	rec := a.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("recompute: HTTP %d: %s", rec.Code, rec.Body)
	}
	got := decodeJSON[httpapi.StoredVersion](t, rec)
	if got.Period != "2026-10" || got.Version != 2 || got.Final || got.Policy != "shizhong-2022-7" || len(got.Fingerprint) != 32 || !got.ComputedAt.Equal(apiNow) {
		t.Errorf("recompute answered %+v", got)
	}
	v2 := a.get("/v1/months/2026-10/ranking")
	if v2.Header().Get("X-Hotline-Version") != "2" || !bytes.Equal(v2.Body.Bytes(), a.stored(t, "2026-10", 2).Body) {
		t.Errorf("after the recompute: version %s", v2.Header().Get("X-Hotline-Version"))
	}
	if v2.Header().Get("ETag") == v1.Header().Get("ETag") {
		t.Errorf("the new version has the old ETag %s", v1.Header().Get("ETag"))
	}
	if rec := a.get("/v1/months/2026-10/ranking", "If-None-Match", v1.Header().Get("ETag")); rec.Code != http.StatusOK {
		t.Errorf("the old ETag after a recompute: HTTP %d, want 200", rec.Code)
	}
	old := a.get("/v1/months/2026-10/ranking?version=1")
	if old.Header().Get("X-Hotline-Version") != "1" || !bytes.Equal(old.Body.Bytes(), v1.Body.Bytes()) {
		t.Errorf("version 1 after the recompute differs from before")
	}
	again := decodeJSON[httpapi.StoredVersion](t, a.signed(http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`))
	if again.Version != 2 {
		t.Errorf("a recompute on the same input made version %d, want 2 again", again.Version)
	}
}

// TestVersionsMadeElsewhere: a version stored by another process (the
// month-end run) is served once the list of versions is older than the TTL,
// not before.
func TestVersionsMadeElsewhere(t *testing.T) {
	late := func(a *api, id string) {
		e := event.Event{ID: id, Type: event.Criticized, At: time.Date(2026, 10, 30, 9, 0, 0, 0, shanghai(t)), UnitID: a.reg.At(1).ID, Reason: "not_handled"}
		if _, err := a.store.PutEvents(context.Background(), []event.Event{e}); err != nil {
			t.Fatal(err)
		}
		a.computeMonths(t, "2026-10")
	}
	t.Run("within the TTL", func(t *testing.T) {
		a := published(t, withTTL(time.Hour))
		a.get("/v1/months/2026-10/ranking")
		late(a, "late-1")
		if v := a.get("/v1/months/2026-10/ranking").Header().Get("X-Hotline-Version"); v != "1" {
			t.Errorf("version %s within the TTL, want the cached 1", v)
		}
	})
	t.Run("after the TTL", func(t *testing.T) {
		now := apiNow // the server's clock, which the cache's age follows
		a := published(t, withTTL(time.Millisecond), func(c *httpapi.Config) { c.Now = func() time.Time { return now } })
		a.get("/v1/months/2026-10/ranking")
		late(a, "late-2")
		now = now.Add(2 * time.Millisecond)
		if v := a.get("/v1/months/2026-10/ranking").Header().Get("X-Hotline-Version"); v != "2" {
			t.Errorf("version %s after the TTL, want 2", v)
		}
	})
}

// TestFinalCacheControl: a final version may be cached longer; finalising
// through the admin route shows at once, in the ranking and in the months.
func TestFinalCacheControl(t *testing.T) {
	a := published(t, withTTL(time.Hour))
	if cc := a.get("/v1/months/2026-09/ranking").Header().Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("provisional: Cache-Control %q", cc)
	}
	rec := a.signed(http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-09"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("finalize: HTTP %d: %s", rec.Code, rec.Body)
	}
	if got := decodeJSON[httpapi.StoredVersion](t, rec); got.Period != "2026-09" || got.Version != 1 || !got.Final {
		t.Errorf("finalize answered %+v", got)
	}
	for _, path := range []string{"/v1/months/2026-09/ranking", "/v1/months/2026-09/ranking?group=town_street", "/v1/months/2026-09/units/" + a.reg.At(0).ID} {
		if cc := a.get(path).Header().Get("Cache-Control"); cc != "public, max-age=300" {
			t.Errorf("%s final: Cache-Control %q", path, cc)
		}
	}
	if cc := a.get("/v1/months/2026-10/ranking").Header().Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("another month: Cache-Control %q", cc)
	}
	if u := decodeJSON[httpapi.UnitMonth](t, a.get("/v1/months/2026-09/units/"+a.reg.At(0).ID)); !u.Final {
		t.Errorf("the unit's month is not final")
	}
	for _, p := range decodeJSON[httpapi.Months](t, a.get("/v1/months")).Periods {
		if p.Final != (p.Period == "2026-09") {
			t.Errorf("months: %s final %v", p.Period, p.Final)
		}
	}
}

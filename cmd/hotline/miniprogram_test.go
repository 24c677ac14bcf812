package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/shizhong/hotline/shared/unit"
)

// fixtureFile is where the mini-program's tests read the API's answers
// (miniprogram/test/helpers/fixture.js).
var fixtureFile = filepath.Join("..", "..", "miniprogram", "test", "fixtures", "api.json")

// The district of the fixture: three months of a small district, the last
// provisional and the two before final, as a district's server holds them
// in the first days of December.
const (
	fixtureMonth   = "2026-11"
	fixtureMissing = "2026-12"
	fixturePage    = 20 // miniprogram/config.js pageSize
)

var fixtureMonths = []string{"2026-09", "2026-10", "2026-11"}

// miniFixture is the file the mini-program's tests read: what it asks for,
// and the API's answers by path and query (sorted, as url.Values.Encode
// writes them).
type miniFixture struct {
	Meta struct {
		Month        string `json:"month"`
		Unit         string `json:"unit"`
		MissingMonth string `json:"missing_month"`
		PageSize     int    `json:"page_size"`
	} `json:"meta"`
	Responses map[string]miniAnswer `json:"responses"`
}

type miniAnswer struct {
	Status int             `json:"status"`
	Body   json.RawMessage `json:"body"`
}

// TestMiniProgramFixtures: the answers the mini-program's tests are given
// are those of a real `hotline serve` over a generated district (issue 14),
// so that they cannot drift from the API: when the API changes what it
// answers, this test fails until the fixture is written again with
//
//	go test ./cmd/hotline -run TestMiniProgramFixtures -update
//
// and the mini-program's tests are run on it (make test).
func TestMiniProgramFixtures(t *testing.T) {
	bin := buildHotline(t)
	dir, data := t.TempDir(), t.TempDir()
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("hotline %v: %v\n%s", args, err, out)
		}
	}
	run("gen", "--out", dir, "--tickets", "5000", "--units", "16", "--months", "3", "--month", fixtureMonth, "--seed", "14", "--quiet")
	run("ingest", "--data", data, "--units", filepath.Join(dir, "units.yaml"), filepath.Join(dir, "events.jsonl"))
	for _, m := range fixtureMonths {
		run("compute", "--data", data, "--month", m, "--as-of", monthAfter(t, m)+"-01T00:00:00+08:00")
	}
	base := serve(t, bin, "--data", data, "--keys", "testdata/keys.yaml", "--month-end=false")
	for _, m := range fixtureMonths[:2] {
		if code, resp := signedPost(t, base+"/v1/admin/finalize", "centre", "centre-secret-for-tests-0001", []byte(`{"month":"`+m+`"}`)); code != http.StatusOK {
			t.Fatalf("finalize %s: HTTP %d: %s", m, code, resp)
		}
	}

	var f miniFixture
	f.Meta.Month, f.Meta.MissingMonth, f.Meta.PageSize = fixtureMonth, fixtureMissing, fixturePage
	f.Responses = map[string]miniAnswer{}
	get := func(path string, q url.Values) miniAnswer {
		t.Helper()
		key := path
		if len(q) > 0 {
			key += "?" + q.Encode()
		}
		resp, err := http.Get(base + key)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(body) {
			t.Fatalf("GET %s: HTTP %d, not JSON: %s", key, resp.StatusCode, body)
		}
		a := miniAnswer{Status: resp.StatusCode, Body: body}
		f.Responses[key] = a
		return a
	}
	get("/v1/months", nil)
	for _, m := range append(fixtureMonths, fixtureMissing) {
		for _, g := range unit.Groups {
			a := get("/v1/months/"+m+"/ranking", url.Values{"view": {"summary"}, "group": {string(g)}})
			if want := map[bool]int{true: http.StatusNotFound, false: http.StatusOK}[m == fixtureMissing]; a.Status != want {
				t.Fatalf("%s %s: HTTP %d, want %d", m, g, a.Status, want)
			}
		}
	}
	var reg struct {
		Units []struct {
			UnitID string `json:"unit_id"`
		}
	}
	if err := json.Unmarshal(get("/v1/units", nil).Body, &reg); err != nil {
		t.Fatal(err)
	}
	delete(f.Responses, "/v1/units") // the mini-program does not ask for the registry
	most := 0
	for _, u := range reg.Units {
		get("/v1/units/"+u.UnitID+"/history", nil)
		var first struct {
			DeductionsPage struct{ Total int } `json:"deductions_page"`
		}
		if err := json.Unmarshal(get("/v1/months/"+fixtureMonth+"/units/"+u.UnitID, url.Values{"limit": {"20"}}).Body, &first); err != nil {
			t.Fatal(err)
		}
		if first.DeductionsPage.Total > most {
			most, f.Meta.Unit = first.DeductionsPage.Total, u.UnitID
		}
	}
	if most <= 2*fixturePage {
		t.Fatalf("the most deductions of a unit in %s are %d: fewer than three pages, not a test of them", fixtureMonth, most)
	}
	for q := (url.Values{"limit": {"20"}}); ; {
		var page struct {
			DeductionsPage struct {
				NextCursor *string `json:"next_cursor"`
			} `json:"deductions_page"`
		}
		if err := json.Unmarshal(get("/v1/months/"+fixtureMonth+"/units/"+f.Meta.Unit, q).Body, &page); err != nil {
			t.Fatal(err)
		}
		if page.DeductionsPage.NextCursor == nil {
			break
		}
		q = url.Values{"limit": {"20"}, "cursor": {*page.DeductionsPage.NextCursor}}
	}

	got, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(fixtureFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %d answers, %d bytes", fixtureFile, len(f.Responses), len(got))
		return
	}
	held, err := os.ReadFile(fixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(held, got) {
		t.Errorf("%s is stale: the API answers otherwise now. Write it again with\n\tgo test ./cmd/hotline -run TestMiniProgramFixtures -update\nand run the mini-program's tests (make miniprogram-test)", fixtureFile)
	}
}

// monthAfter is the month after m (YYYY-MM).
func monthAfter(t *testing.T, m string) string {
	t.Helper()
	for i, s := range append(fixtureMonths, fixtureMissing) {
		if s == m && i+1 <= len(fixtureMonths) {
			return append(fixtureMonths, fixtureMissing)[i+1]
		}
	}
	t.Fatalf("no month after %s in the fixture", m)
	return ""
}

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/web"
)

var update = flag.Bool("update", false, "write the screenshots to testdata/screenshots/ and docs/screenshot-ranking.png")

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestHandlerServesFiles(t *testing.T) {
	h := web.Handler()
	for path, want := range map[string]string{
		"/":          "text/html; charset=utf-8",
		"/app.js":    "text/javascript; charset=utf-8",
		"/style.css": "text/css; charset=utf-8",
	} {
		rec := get(t, h, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: HTTP %d", path, rec.Code)
		}
		if got := rec.Header().Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", path, got, want)
		}
		if rec.Body.Len() == 0 {
			t.Errorf("GET %s: empty body", path)
		}
	}
	if rec := get(t, h, "/nothing.js"); rec.Code != http.StatusNotFound {
		t.Errorf("GET /nothing.js: HTTP %d, want 404", rec.Code)
	}

	// Every file the page references is local and served.
	index := get(t, h, "/").Body.String()
	refs := regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*["']([^"']*)["']`).FindAllStringSubmatch(index, -1)
	if len(refs) < 2 {
		t.Fatalf("index.html references %d files, want app.js and style.css", len(refs))
	}
	for _, m := range refs {
		ref := m[1]
		if strings.Contains(ref, "//") || strings.Contains(ref, ":") {
			t.Errorf("index.html references %q, want local files only", ref)
			continue
		}
		if ref == "" || strings.HasPrefix(ref, "#") {
			continue
		}
		if rec := get(t, h, "/"+strings.TrimPrefix(ref, "/")); rec.Code != http.StatusOK {
			t.Errorf("index.html references %q: HTTP %d", ref, rec.Code)
		}
	}
	for _, path := range []string{"/style.css", "/app.js"} {
		body := get(t, h, path).Body.String()
		body = strings.ReplaceAll(body, "'http://www.w3.org/2000/svg'", "") // a namespace, not a fetch
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "@import") {
			t.Errorf("%s refers to an outside address", path)
		}
	}
}

// fakeAPI serves the page and the read routes of the API (docs/openapi.yaml)
// from testdata: months.json, ranking-<month or year>.json,
// history-<unit>.json. The unit route answers from the ranking. With empty,
// no month is computed yet.
func fakeAPI(t *testing.T, empty bool) *httptest.Server {
	t.Helper()
	safe := regexp.MustCompile(`^[a-z0-9-]+$`)
	file := func(w http.ResponseWriter, name string) {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"code":"not_found","message":"no ` + name + `"}}`))
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(b)
	}
	mux := http.NewServeMux()
	mux.Handle("/", web.Handler())
	mux.HandleFunc("GET /v1/months", func(w http.ResponseWriter, r *http.Request) {
		if empty {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write([]byte(`{"periods":[]}`))
			return
		}
		file(w, "months.json")
	})
	mux.HandleFunc("GET /v1/months/{month}/ranking", func(w http.ResponseWriter, r *http.Request) {
		file(w, "ranking-"+safe.FindString(r.PathValue("month"))+".json")
	})
	mux.HandleFunc("GET /v1/years/{year}/ranking", func(w http.ResponseWriter, r *http.Request) {
		file(w, "ranking-"+safe.FindString(r.PathValue("year"))+".json")
	})
	mux.HandleFunc("GET /v1/units/{unit}/history", func(w http.ResponseWriter, r *http.Request) {
		file(w, "history-"+safe.FindString(r.PathValue("unit"))+".json")
	})
	mux.HandleFunc("GET /v1/months/{month}/units/{unit}", func(w http.ResponseWriter, r *http.Request) {
		rk := readRanking(t, "ranking-"+safe.FindString(r.PathValue("month"))+".json")
		for _, u := range rk.Units {
			if u.ID == r.PathValue("unit") {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				_ = json.NewEncoder(w).Encode(map[string]any{"period": rk.Period, "policy": rk.Policy, "version": 2, "final": false, "unit": u.Raw})
				return
			}
		}
		file(w, "no-such-unit")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

type unit struct {
	ID       string   `json:"unit_id"`
	Group    string   `json:"group"`
	Assessed bool     `json:"assessed"`
	Rank     *int     `json:"rank"`
	Total    *float64 `json:"total"`
	Raw      json.RawMessage
}

type rankingFile struct {
	Period, Policy string
	Units          []unit
}

func readRanking(t *testing.T, name string) rankingFile {
	var rk struct {
		Period string            `json:"period"`
		Policy string            `json:"policy"`
		Units  []json.RawMessage `json:"units"`
	}
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		return rankingFile{}
	}
	if err := json.Unmarshal(b, &rk); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	out := rankingFile{Period: rk.Period, Policy: rk.Policy}
	for _, raw := range rk.Units {
		var u unit
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		u.Raw = raw
		out.Units = append(out.Units, u)
	}
	return out
}

// findChromium returns the path of headless Chromium, or stops the test:
// failing in CI, skipping elsewhere.
func findChromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return testenv.Tool(t, "chromium", "apt-get install -y chromium fonts-noto-cjk")
}

// jsError is a console line of a script error or a refusal by the
// Content-Security-Policy, as --enable-logging=stderr prints them.
var jsError = regexp.MustCompile(`(?m)^.*:CONSOLE.*(Uncaught|Refused|Content Security Policy).*$`)

// chromium runs headless Chromium on url with extra flags and returns its
// standard output; a script error on the page fails the test.
func chromium(t *testing.T, bin, url string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + t.TempDir(), "--virtual-time-budget=10000"}, extra...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, stderr.String())
	}
	for _, line := range jsError.FindAllString(stderr.String(), -1) {
		t.Errorf("%s: %s", url, line)
	}
	return stdout.String()
}

var (
	rowTag = regexp.MustCompile(`<tr\s[^>]*data-unit="[^"]*"[^>]*>`)
	attr   = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
)

// rows returns the attributes of the data-unit rows of the table of a group.
func rows(t *testing.T, dom, group string) []map[string]string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<table[^>]*data-group="` + group + `"[^>]*>(.*?)</table>`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("no <table data-group=%q> in the page", group)
	}
	var out []map[string]string
	for _, tag := range rowTag.FindAllString(m[1], -1) {
		a := map[string]string{}
		for _, kv := range attr.FindAllStringSubmatch(tag, -1) {
			a[kv[1]] = kv[2]
		}
		out = append(out, a)
	}
	return out
}

// checkRows checks the data-unit rows of both groups against the ranking:
// in its order, with its ranks and totals, not assessed units without.
func checkRows(t *testing.T, dom string, rk rankingFile) {
	t.Helper()
	for _, group := range []string{"town_street", "department"} {
		var want []map[string]string
		for _, u := range rk.Units {
			if u.Group != group {
				continue
			}
			a := map[string]string{"data-unit": u.ID}
			if u.Assessed {
				a["data-rank"] = strconv.Itoa(*u.Rank)
				a["data-total"] = strconv.FormatFloat(*u.Total, 'f', -1, 64)
			} else {
				a["data-assessed"] = "false"
			}
			want = append(want, a)
		}
		got := rows(t, dom, group)
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d", group, len(got), len(want))
		}
		for i := range want {
			for k, v := range want[i] {
				if got[i][k] != v {
					t.Errorf("%s row %d (%s): %s=%q, want %q", group, i+1, want[i]["data-unit"], k, got[i][k], v)
				}
			}
			if _, ok := want[i]["data-rank"]; !ok && got[i]["data-rank"] != "" {
				t.Errorf("%s row %d: not assessed but data-rank=%q", group, i+1, got[i]["data-rank"])
			}
		}
	}
}

func TestPageInChromium(t *testing.T) {
	bin := findChromium(t)
	srv := fakeAPI(t, false)
	rk := readRanking(t, "ranking-2026-10.json")
	if len(rk.Units) == 0 {
		t.Fatal("no fixture ranking")
	}
	shots := t.TempDir()
	if *update {
		shots = filepath.Join("testdata", "screenshots")
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("ranking", func(t *testing.T) {
		t.Parallel()
		dom := chromium(t, bin, srv.URL+"/", "--dump-dom")
		checkRows(t, dom, rk)
		for _, s := range []string{"93.12%", "95.50%", "2026年10月（暂定·第2版）", "2026年9月（最终·第1版）", "2025年度（最终·第1版）",
			"回退超过3次的工单", "SZ20261008-0412", "齐村镇、税郭镇、区城市管理局", "区委组织部部长及区政府分管领导约谈主要负责人", "<svg"} {
			if !strings.Contains(dom, s) {
				t.Errorf("the ranking page lacks %q", s)
			}
		}
	})

	t.Run("year", func(t *testing.T) {
		t.Parallel()
		dom := chromium(t, bin, srv.URL+"/#/?month=2025", "--dump-dom")
		checkRows(t, dom, readRanking(t, "ranking-2025.json"))
		if !strings.Contains(dom, "参加考核月数") {
			t.Errorf("the annual ranking lacks the column 参加考核月数")
		}
	})

	t.Run("unit", func(t *testing.T) {
		t.Parallel()
		dom := chromium(t, bin, srv.URL+"/#/unit/qicun?month=2026-10", "--dump-dom")
		for _, s := range []string{`data-unit-page="qicun"`, "齐村镇", "扣分明细（17项），其中1项已核销", "SZ20261025-1925",
			// SPEC §5, §8: a waived deduction stays listed, names its event and counts for nothing
			`data-event="crit-2026-10-7" class="waived"`, "0（原−0.5）", "已核销：申诉成立：通报所列情形不属实", ">−29.8<",
			"超过1个工作日回退", "由税郭镇转来", "区委组织部分管副部长约谈分管负责人", `data-period="2026-05"`, "连续2个月", "人员配备项不得分", "交办工单"} {
			if !strings.Contains(dom, s) {
				t.Errorf("the unit page lacks %q", s)
			}
		}
	})

	// SPEC §4: a month of a year the calendar does not know carries a
	// warning naming the year, shown on the ranking and the unit page.
	t.Run("unknown year", func(t *testing.T) {
		t.Parallel()
		const warning = "calendar: 2028 is not a year the calendar knows: working days counted Monday–Friday (2028年节假日安排未知，按周一至周五计算工作日)"
		notice := regexp.MustCompile(`(?s)<div class="calendar-warning" role="note" data-calendar-warning="1">.*?</div>`)
		for _, hash := range []string{"#/?month=2028-01", "#/unit/wenhualu?month=2028-01"} {
			dom := chromium(t, bin, srv.URL+"/"+hash, "--dump-dom")
			box := notice.FindString(dom)
			if !strings.Contains(box, "节假日安排未知") || !strings.Contains(box, warning) {
				t.Errorf("%s: no notice of the unknown year 2028 with the warning: %q", hash, box)
			}
			if hash[2] == '?' && strings.Index(dom, box) > strings.Index(dom, `data-group="town_street"`) {
				t.Errorf("%s: the notice comes after the ranking", hash)
			}
		}
		dom := chromium(t, bin, srv.URL+"/", "--dump-dom")
		if strings.Contains(dom, "calendar-warning") {
			t.Errorf("a month of a known year shows the notice of an unknown year")
		}
	})

	t.Run("no months", func(t *testing.T) {
		t.Parallel()
		dom := chromium(t, bin, fakeAPI(t, true).URL+"/", "--dump-dom")
		if !strings.Contains(dom, "暂无考核结果") {
			t.Errorf("the page without months lacks the message 暂无考核结果")
		}
	})

	for _, s := range []struct{ name, hash, size string }{
		{"ranking", "", "1280,1600"},
		{"unit", "#/unit/qicun?month=2026-10", "1280,1600"},
		{"ranking-narrow", "", "500,1400"}, // headless Chromium lays out no narrower than 500 px
	} {
		t.Run("screenshot "+s.name, func(t *testing.T) {
			t.Parallel()
			path, err := filepath.Abs(filepath.Join(shots, s.name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			chromium(t, bin, srv.URL+"/"+s.hash, "--screenshot="+path, "--window-size="+s.size)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if w := strings.Split(s.size, ",")[0]; strconv.Itoa(cfg.Width) != w {
				t.Errorf("%s: width %d, want %s", path, cfg.Width, w)
			}
			if *update && s.name == "ranking" {
				if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshot-ranking.png"), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("screenshot: %s", path)
		})
	}
}

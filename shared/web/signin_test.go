package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store/memstore"
	registry "github.com/shizhong/hotline/shared/unit"
)

// The account the sign-in test signs in with: a unit account of 齐村镇.
const (
	signinID       = "qicun-li"
	signinName     = "李明"
	signinPassword = "correct horse battery"
)

// peopleServer is `hotline serve` on the in-memory store: the API of
// shared/httpapi, which mounts the page of this package at /, with the
// sessions of SPEC §11 and one unit account in the registry's 齐村镇.
func peopleServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st := memstore.New(time.UTC)
	if err := st.PutUnits(ctx, []registry.Unit{
		{ID: "qicun", Name: "齐村镇", Group: registry.TownStreet},
		{ID: "shuiguo", Name: "税郭镇", Group: registry.TownStreet},
	}); err != nil {
		t.Fatal(err)
	}
	addPeople(t, st, person{signinID, signinName, signinPassword, "qicun", account.Unit})
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Store: st, Accounts: st, Sessions: st}))
	t.Cleanup(srv.Close)
	return srv
}

// browser starts headless Chromium under chromedp and returns a context of
// one tab, and the console messages that are script errors or refusals by
// the Content-Security-Policy, to be read once the test is done.
func browser(t *testing.T, bin string) (context.Context, func() []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1000, 760), chromedp.Flag("hide-scrollbars", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first Run starts the browser; it must not carry the timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	var (
		mu   sync.Mutex
		errs []string
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Refused") || strings.Contains(m.Text, "Content Security Policy") {
				mu.Lock()
				errs = append(errs, m.String())
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// step runs the actions of one thing a person does, within 20 seconds, and
// stops the test naming it when they fail.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// value runs one action that reads something from the page.
func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// TestSignInInChromium is what a person does with an account (SPEC §11):
// a wrong password is refused at the form with 账号或密码错误; the right
// one puts the person's name and role (a unit account: its unit's name) in
// the header and takes a unit account to its unit's page; a reload keeps
// them signed in (GET /v1/session); 退出 signs out, also after a reload.
func TestSignInInChromium(t *testing.T) {
	bin := findChromium(t)
	srv := peopleServer(t)
	ctx, scriptErrors := browser(t, bin)
	var shots [][]byte

	// Not signed in: the public page with a 登录 link and nobody in the header.
	step(t, ctx, "open the page",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("signin-link")),
		chromedp.WaitVisible(chromedp.Search("//*[contains(., '暂无考核结果')]")),
		chromedp.WaitNotVisible(chromedp.ID("person")),
		chromedp.WaitNotVisible(chromedp.ID("signout")))

	step(t, ctx, "open the sign-in form",
		chromedp.Click(chromedp.ID("signin-link")),
		chromedp.WaitVisible(chromedp.ID("signin-id")),
		chromedp.WaitVisible(chromedp.ID("signin-password")))
	if loc := value(t, ctx, "the address", chromedp.Location()); !strings.HasSuffix(loc, "#/signin") {
		t.Errorf("the sign-in form is at %s, want #/signin", loc)
	}

	// 400: the API's field error at the field (SPEC: no id).
	step(t, ctx, "sign in without an id",
		chromedp.Click(chromedp.CSS("#signin button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("signin-id-error")))
	if got := value(t, ctx, "the id's error", chromedp.Text(chromedp.ID("signin-id-error"))); got != "请输入账号" {
		t.Errorf("without an id the field says %q, want 请输入账号", got)
	}

	// 401: a wrong password.
	step(t, ctx, "sign in with a wrong password",
		chromedp.SendKeys(chromedp.ID("signin-id"), signinID),
		chromedp.SendKeys(chromedp.ID("signin-password"), "not the password"),
		chromedp.Click(chromedp.CSS("#signin button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("signin-error")),
		chromedp.WaitNotVisible(chromedp.ID("signin-id-error")))
	if got := value(t, ctx, "the form's error", chromedp.Text(chromedp.ID("signin-error"))); got != "账号或密码错误" {
		t.Errorf("a wrong password shows %q, want 账号或密码错误", got)
	}
	if vis := value(t, ctx, "the person", chromedp.Evaluate[bool](`!document.getElementById('person').hidden`)); vis {
		t.Errorf("a wrong password shows a person in the header")
	}
	shots = append(shots, value(t, ctx, "screenshot of the error", chromedp.FullScreenshot(100)))

	// 200: the right password, and the unit account lands on its unit's page.
	signedIn := func(what string) {
		t.Helper()
		step(t, ctx, what,
			chromedp.WaitVisible(chromedp.ID("person")),
			chromedp.WaitVisible(chromedp.ID("signout")),
			chromedp.WaitNotVisible(chromedp.ID("signin-link")),
			chromedp.Poll[chromedp.Void](`document.querySelector('#person .role') && document.querySelector('#person .role').textContent === '承办单位·齐村镇'`))
		got := value(t, ctx, "the header", chromedp.Text(chromedp.ID("person")))
		for _, want := range []string{signinName, "承办单位", "齐村镇"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the header says %q, want %q in it", what, got, want)
			}
		}
	}
	step(t, ctx, "sign in with the right password",
		chromedp.Evaluate[chromedp.Void](`document.getElementById('signin-password').value = ''`),
		chromedp.SendKeys(chromedp.ID("signin-password"), signinPassword),
		chromedp.Click(chromedp.CSS("#signin button[type=submit]")))
	signedIn("signed in")
	step(t, ctx, "the unit's page", chromedp.Poll[chromedp.Void](`location.hash === '#/unit/qicun'`))
	shots = append(shots, value(t, ctx, "screenshot signed in", chromedp.FullScreenshot(100)))

	step(t, ctx, "reload", chromedp.Reload())
	signedIn("after a reload")

	step(t, ctx, "sign out",
		chromedp.Click(chromedp.ID("signout")),
		chromedp.WaitVisible(chromedp.ID("signin-link")),
		chromedp.WaitNotVisible(chromedp.ID("person")),
		chromedp.WaitNotVisible(chromedp.ID("signout")))
	step(t, ctx, "reload after signing out",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("signin-link")),
		chromedp.WaitNotVisible(chromedp.ID("person")))

	for _, e := range scriptErrors() {
		t.Errorf("console: %s", e)
	}
	if *update {
		writeShots(t, filepath.Join("..", "..", "docs", "screenshot-signin.png"), shots...)
	}
}

// writeShots writes the PNG images side by side, on a grey gap, as one PNG.
func writeShots(t *testing.T, path string, shots ...[]byte) {
	t.Helper()
	var imgs []image.Image
	w, h := 0, 0
	const gap = 16
	for _, b := range shots {
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		imgs = append(imgs, img)
		w += img.Bounds().Dx() + gap
		h = max(h, img.Bounds().Dy())
	}
	out := image.NewRGBA(image.Rect(0, 0, w-gap, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.Gray{Y: 0x88}), image.Point{}, draw.Src)
	x := 0
	for _, img := range imgs {
		draw.Draw(out, image.Rect(x, 0, x+img.Bounds().Dx(), img.Bounds().Dy()), img, img.Bounds().Min, draw.Src)
		x += img.Bounds().Dx() + gap
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

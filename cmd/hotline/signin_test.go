package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

// TestSignInOnServe (SPEC §11): an account made with `hotline accounts
// add` signs in to `hotline serve` on the same store, is told who it is,
// and signs out; a wrong password is refused.
func TestSignInOnServe(t *testing.T) {
	bin := buildHotline(t)
	data := withRegistry(t)
	if code, _, errOut := hotlineStdin(t, adminPassword+"\n", "accounts", "add", "--data", data, "--id", "li.wei", "--role", "centre", "--name", "李伟"); code != 0 {
		t.Fatalf("accounts add: exit %d: %s", code, errOut)
	}
	base := serve(t, bin, "--data", data, "--keys", "testdata/keys.yaml")
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", base)
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	if code, body := do(http.MethodPost, "/v1/session", `{"id":"li.wei","password":"not the password"}`); code != http.StatusUnauthorized {
		t.Errorf("a wrong password: %d %s", code, body)
	}
	if code, body := do(http.MethodPost, "/v1/session", `{"id":"li.wei","password":"`+adminPassword+`"}`); code != http.StatusOK || !strings.Contains(body, `"role":"centre"`) {
		t.Fatalf("sign in: %d %s", code, body)
	}
	if code, body := do(http.MethodGet, "/v1/session", ""); code != http.StatusOK || !strings.Contains(body, `"id":"li.wei"`) || strings.Contains(body, "argon2") {
		t.Errorf("who is signed in: %d %s", code, body)
	}
	if code, _ := do(http.MethodDelete, "/v1/session", ""); code != http.StatusNoContent {
		t.Errorf("sign out: %d", code)
	}
	if code, _ := do(http.MethodGet, "/v1/session", ""); code != http.StatusUnauthorized {
		t.Errorf("after sign-out: %d", code)
	}
}

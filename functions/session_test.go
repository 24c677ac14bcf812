package functions_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

// TestSessionUnderEmulator (SPEC §11): the api function, as deployed,
// signs a person in against the table through the API Gateway proxy: the
// session cookie goes out in the payload 2.0 answer's cookies, comes back
// in the request's cookies, and says who is signed in; signed out, it
// does not.
func TestSessionUnderEmulator(t *testing.T) {
	b := newBackend(t)
	ctx := context.Background()
	const password = "centre password 甲乙丙丁"
	hash, err := account.HashPassword(password, account.DefaultParams, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	st := dynamo.New(dynamodb.NewFromConfig(awsConfig(t, b.endpoint)), b.table, calendar.DefaultLocation())
	now := time.Now().UTC()
	if err := st.CreateAccount(ctx, account.Account{ID: "li.wei", Name: "李伟", Role: account.Centre, Password: hash, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	url := emulate(t, build(t, "api"), b)

	const origin = "https://hotline.example.com"
	request := func(method, body string, cookies []string) events.APIGatewayV2HTTPResponse {
		t.Helper()
		req := events.APIGatewayV2HTTPRequest{
			Version: "2.0", RouteKey: method + " /v1/session", RawPath: "/v1/session",
			Headers: map[string]string{"host": "hotline.example.com", "origin": origin, "content-type": "application/json", "x-forwarded-proto": "https"},
			Cookies: cookies, Body: body,
		}
		req.RequestContext.HTTP.Method, req.RequestContext.HTTP.Path = method, "/v1/session"
		req.RequestContext.HTTP.SourceIP = "203.0.113.10"
		req.RequestContext.DomainName = "hotline.example.com"
		payload, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Post(url, "application/json", bytes.NewReader(payload))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out events.APIGatewayV2HTTPResponse
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("not an API Gateway answer: %v", err)
		}
		return out
	}

	if got := request(http.MethodPost, `{"id":"li.wei","password":"wrong password 123"}`, nil); got.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong password: HTTP %d %s", got.StatusCode, got.Body)
	}
	in := request(http.MethodPost, `{"id":"li.wei","password":"`+password+`"}`, nil)
	if in.StatusCode != http.StatusOK || !strings.Contains(in.Body, `"role":"centre"`) {
		t.Fatalf("sign in: HTTP %d %s", in.StatusCode, in.Body)
	}
	var cookie string
	for _, c := range in.Cookies {
		if strings.HasPrefix(c, "hotline_session=") {
			cookie = c
		}
	}
	for _, flag := range []string{"HttpOnly", "SameSite=Strict", "Secure", "Path=/"} {
		if !strings.Contains(cookie, flag) {
			t.Errorf("the session cookie %q lacks %s", cookie, flag)
		}
	}
	pair := strings.SplitN(cookie, ";", 2)[0]
	if who := request(http.MethodGet, "", []string{pair}); who.StatusCode != http.StatusOK || !strings.Contains(who.Body, `"id":"li.wei"`) {
		t.Errorf("who is signed in: HTTP %d %s", who.StatusCode, who.Body)
	}
	if out := request(http.MethodDelete, "", []string{pair}); out.StatusCode != http.StatusNoContent {
		t.Errorf("sign out: HTTP %d %s", out.StatusCode, out.Body)
	}
	if who := request(http.MethodGet, "", []string{pair}); who.StatusCode != http.StatusUnauthorized {
		t.Errorf("after sign-out: HTTP %d %s", who.StatusCode, who.Body)
	}
}

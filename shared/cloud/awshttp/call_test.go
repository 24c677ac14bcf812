package awshttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func testConfig(t *testing.T, url string) Config {
	t.Helper()
	c, err := FromEnv(env(map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"}))
	if err != nil {
		t.Fatal(err)
	}
	return c.WithEndpoint("", url)
}

func TestDoSignsAndRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		auth := r.Header.Get("Authorization")
		if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKID/") || !strings.Contains(auth, "/us-east-1/s3/aws4_request") ||
			!strings.Contains(auth, "x-amz-server-side-encryption") {
			t.Errorf("Authorization %q", auth)
		}
		if r.Header.Get("X-Amz-Security-Token") != "token" || r.Header.Get("X-Amz-Date") == "" {
			t.Errorf("token %q, date %q", r.Header.Get("X-Amz-Security-Token"), r.Header.Get("X-Amz-Date"))
		}
		if got := r.Header.Get("X-Amz-Content-Sha256"); got != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
			t.Errorf("payload hash %q", got)
		}
		if body, _ := io.ReadAll(r.Body); string(body) != "hello" {
			t.Errorf("attempt %d: body %q", n, body)
		}
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>")
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	c := testConfig(t, srv.URL)
	out, err := c.Do(context.Background(), Call{Service: "s3", Region: "us-east-1", Method: http.MethodPut, URL: srv.URL + "/b/k",
		Header: http.Header{"X-Amz-Server-Side-Encryption": {"AES256"}}, Body: []byte("hello"), UnescapedPath: true})
	if err != nil || string(out) != "ok" {
		t.Fatalf("Do: %q, %v", out, err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d attempts, want 3 (two 503 SlowDown retried)", calls.Load())
	}
}

func TestDoErrors(t *testing.T) {
	for _, c := range []struct {
		name, body string
		status     int
		code, msg  string
		attempts   int32
	}{
		{"S3 XML", "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The bucket &quot;b&quot; does not exist</Message></Error>", 404, "NoSuchBucket", `The bucket "b" does not exist`, 1},
		{"SNS XML", "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error></ErrorResponse>", 404, "NotFound", "Topic does not exist", 1},
		{"SSM JSON", `{"__type":"com.amazonaws.ssm#ParameterNotFound","message":"no /x"}`, 400, "ParameterNotFound", "no /x", 1},
		{"throttled JSON", `{"__type":"ThrottlingException","message":"Rate exceeded"}`, 400, "ThrottlingException", "Rate exceeded", maxAttempts},
		{"bare 500", "", 500, "HTTP500", "", maxAttempts},
	} {
		t.Run(c.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.WriteHeader(c.status)
				io.WriteString(w, c.body)
			}))
			defer srv.Close()
			_, err := testConfig(t, srv.URL).Do(context.Background(), Call{Service: "ssm", Region: "us-east-1", Method: http.MethodPost, URL: srv.URL + "/"})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if e.Status != c.status || e.Code != c.code || e.Message != c.msg || !IsCode(err, c.code) {
				t.Errorf("got %+v, want %d %s %q", e, c.status, c.code, c.msg)
			}
			if calls.Load() != c.attempts {
				t.Errorf("%d attempts, want %d", calls.Load(), c.attempts)
			}
		})
	}
}

func TestDoStopsWithTheContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := testConfig(t, srv.URL).Do(ctx, Call{Service: "sns", Region: "us-east-1", Method: http.MethodPost, URL: srv.URL + "/"})
	if err == nil || time.Since(start) > time.Second {
		t.Errorf("after %s: %v", time.Since(start), err)
	}
}

func TestElement(t *testing.T) {
	doc := "<PublishResponse><PublishResult><MessageId> 5f1c-&amp;- </MessageId></PublishResult></PublishResponse>"
	if got := Element(doc, "MessageId"); got != "5f1c-&-" {
		t.Errorf("Element = %q", got)
	}
	if got := Element(doc, "Code"); got != "" {
		t.Errorf("missing element = %q", got)
	}
	if got := Element("<Code>x", "Code"); got != "" {
		t.Errorf("unclosed element = %q", got)
	}
}

// Tests of the Lambda functions as they will be deployed: each `bootstrap`
// is built for linux with CGO_ENABLED=0 and -tags lambda.norpc, run under the
// Lambda Runtime Interface Emulator against the local DynamoDB server (moto,
// which also serves SSM), and invoked with the sample API Gateway events of
// events/. `make test` starts the server; with CI=true a missing server or
// emulator fails the test instead of skipping it.
package functions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

func rieBinary() string {
	if p, err := exec.LookPath("aws-lambda-rie"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return ""
	}
	p := filepath.Join(string(bytes.TrimSpace(out)), "bin", "aws-lambda-rie")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// build builds a function exactly as it is deployed (for this machine's
// architecture, so that it runs here) and returns the bootstrap's path.
func build(t *testing.T, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w", "-o", out, "./"+name)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, msg)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s bootstrap: %.1f MB", name, float64(info.Size())/(1<<20))
	return out
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// backend is the table and the keys parameter a function runs against.
type backend struct {
	endpoint, table, parameter string
}

func awsConfig(t testing.TB, endpoint string) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("test", "test", "")),
		config.WithBaseEndpoint(endpoint))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func newBackend(t *testing.T) backend {
	t.Helper()
	endpoint := testenv.Endpoint(t)
	cfg := awsConfig(t, endpoint)
	b := backend{endpoint: endpoint, table: fmt.Sprintf("rie-%d", time.Now().UnixNano()), parameter: fmt.Sprintf("/hotline/rie/%d/clients", time.Now().UnixNano())}
	ctx := context.Background()
	if err := dynamo.CreateTable(ctx, dynamodb.NewFromConfig(cfg), b.table); err != nil {
		t.Fatalf("create table: %v", err)
	}
	keys, err := os.ReadFile("../events/keys.sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ssm.NewFromConfig(cfg).PutParameter(ctx, &ssm.PutParameterInput{
		Name: aws.String(b.parameter), Value: aws.String(string(keys)), Type: ssmtypes.ParameterTypeSecureString,
	})
	if err != nil {
		t.Fatalf("put the keys parameter: %v", err)
	}
	return b
}

// emulate runs bootstrap under the emulator and returns its invocation URL.
func emulate(t *testing.T, bootstrap string, b backend) string {
	t.Helper()
	rie := testenv.Need(t, "aws-lambda-rie (go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@latest)", rieBinary())
	port := freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", addr, bootstrap)
	cmd.Env = append(os.Environ(),
		"AWS_ENDPOINT_URL="+b.endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"HOTLINE_TABLE="+b.table, "HOTLINE_CLIENTS_PARAMETER="+b.parameter)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("emulator and function output:\n%s", logs.String())
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the emulator did not listen on %s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "http://" + addr + "/2015-03-31/functions/function/invocations"
}

// sampleEvent reads a sample API Gateway event and signs it again at now.
func sampleEvent(t *testing.T, name string, sign func(req *events.APIGatewayV2HTTPRequest)) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(data, &req); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	sign(&req)
	out, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// signWith signs a sample again at the given time with the v2 signature
// (SPEC §10) over its method, rawPath and rawQueryString and body.
func signWith(secret string, at time.Time) func(*events.APIGatewayV2HTTPRequest) {
	return func(req *events.APIGatewayV2HTTPRequest) {
		ts := strconv.FormatInt(at.Unix(), 10)
		req.Headers["x-hotline-timestamp"] = ts
		req.Headers["x-hotline-signature"] = auth.SignV2(secret, sampleMessage(req, ts))
	}
}

// signV1With signs a sample again with the v1 signature, which the ingest
// routes still take from clients already built.
func signV1With(secret string, at time.Time) func(*events.APIGatewayV2HTTPRequest) {
	return func(req *events.APIGatewayV2HTTPRequest) {
		ts := strconv.FormatInt(at.Unix(), 10)
		req.Headers["x-hotline-timestamp"] = ts
		req.Headers["x-hotline-signature"] = auth.Sign(secret, ts, []byte(req.Body))
	}
}

// sampleMessage is what the v2 signature of an API Gateway request covers:
// the path and query are the event's rawPath and rawQueryString, as the
// client sent them.
func sampleMessage(req *events.APIGatewayV2HTTPRequest, ts string) auth.Message {
	target := req.RawPath
	if req.RawQueryString != "" {
		target += "?" + req.RawQueryString
	}
	return auth.Message{Timestamp: ts, Method: req.RequestContext.HTTP.Method, Target: target, Body: []byte(req.Body)}
}

func invoke(t *testing.T, url string, payload []byte) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", bytes.NewReader(payload))
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	defer resp.Body.Close()
	var out events.APIGatewayV2HTTPResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("the invocation did not answer an API Gateway response: %v", err)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(out.Body), &body); err != nil {
		t.Fatalf("response body is not JSON: %v: %q", err, out.Body)
	}
	return out.StatusCode, body
}

func TestIngestFunctionsUnderEmulator(t *testing.T) {
	b := newBackend(t)
	for _, c := range []struct {
		function, event, secret string
		stored                  float64
	}{
		{"ingest-events", "ingest-events.json", "sample-platform-secret-0001", 2},
		{"ingest-callbacks", "ingest-callbacks.json", "sample-callback-secret-0001", 1},
	} {
		t.Run(c.function, func(t *testing.T) {
			url := emulate(t, build(t, c.function), b)
			now := time.Now()
			want := []struct {
				name   string
				sign   func(*events.APIGatewayV2HTTPRequest)
				status int
				key    string
				count  float64
			}{
				{"signed now", signWith(c.secret, now), 0, "stored", c.stored},
				{"delivered again", signWith(c.secret, now), 200, "duplicate", c.stored},
				{"delivered again, signed v1", signV1With(c.secret, now), 200, "duplicate", c.stored},
				{"signed with another key", signWith("not-the-right-secret-0001", now), 401, "", 0},
				{"signed too long ago", signWith(c.secret, now.Add(-10*time.Minute)), 401, "", 0},
			}
			for _, w := range want {
				status, body := invoke(t, url, sampleEvent(t, c.event, w.sign))
				if w.status == 0 {
					w.status = map[bool]int{true: 201, false: 200}[c.stored == 1]
				}
				if status != w.status {
					t.Errorf("%s: HTTP %d, want %d: %v", w.name, status, w.status, body)
				}
				if w.key != "" && body[w.key] != w.count {
					t.Errorf("%s: %s = %v, want %v: %v", w.name, w.key, body[w.key], w.count, body)
				}
			}
		})
	}
}

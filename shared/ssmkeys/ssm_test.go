package ssmkeys

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/shizhong/hotline/internal/testenv"
)

// config is the SDK configuration of a client of the server at endpoint.
func config(endpoint string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

// notFound says whether err is SSM's ParameterNotFound.
func notFound(err error) bool {
	var nf *types.ParameterNotFound
	return errors.As(err, &nf)
}

// TestSSMRequest: GetParameter is one signed POST of the JSON 1.1
// protocol (the SDK's client, at an endpoint override), and a missing parameter is the service's ParameterNotFound.
func TestSSMRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/" ||
			r.Header.Get("X-Amz-Target") != "AmazonSSM.GetParameter" ||
			r.Header.Get("Content-Type") != "application/x-amz-json-1.1" ||
			!strings.Contains(r.Header.Get("Authorization"), "/us-east-1/ssm/aws4_request") {
			t.Errorf("request %s %s %v", r.Method, r.URL.Path, r.Header)
		}
		var in struct {
			Name           string
			WithDecryption bool
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &in); err != nil || !in.WithDecryption {
			t.Errorf("body %s: %v", body, err)
		}
		if in.Name != "/hotline/clients" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"__type":"ParameterNotFound","message":"`+in.Name+`"}`)
			return
		}
		io.WriteString(w, `{"Parameter":{"Name":"/hotline/clients","Type":"SecureString","Value":"`+strings.ReplaceAll(keys, "\n", `\n`)+`","Version":1}}`)
	}))
	defer srv.Close()
	c := NewSSM(config(srv.URL))
	got, err := c.GetParameter(context.Background(), "/hotline/clients", true)
	if err != nil || got != keys {
		t.Errorf("GetParameter = %q, %v", got, err)
	}
	_, err = c.GetParameter(context.Background(), "/missing", true)
	if !notFound(err) || !strings.Contains(err.Error(), "/missing") {
		t.Errorf("missing parameter: %v", err)
	}
}

// TestSSMAgainstLocalServer reads a SecureString put with the SDK from the
// local server (moto serves SSM too).
func TestSSMAgainstLocalServer(t *testing.T) {
	cfg := config(testenv.Endpoint(t))
	name := "/hotline/ssmkeys-test/" + time.Now().Format("150405.000000000")
	sdk := ssm.NewFromConfig(cfg)
	if _, err := sdk.PutParameter(context.Background(), &ssm.PutParameterInput{
		Name: aws.String(name), Value: aws.String(keys), Type: types.ParameterTypeSecureString,
	}); err != nil {
		t.Fatal(err)
	}
	src := New(NewSSM(cfg), name, time.Minute)
	// The local server is shared with every package's tests at once, and
	// under the month-end tests' reads it can take longer than a request's
	// 5 s: what this test checks is the answer, not the server's speed.
	src.timeout = 2 * time.Minute
	cs, err := src.Clients()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cs.Lookup("callback-system"); !ok {
		t.Error("client missing")
	}
	if _, err := NewSSM(cfg).GetParameter(context.Background(), name+"/missing", true); !notFound(err) {
		t.Errorf("missing parameter: %v", err)
	}
}

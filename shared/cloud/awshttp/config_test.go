package awshttp

import (
	"context"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnv(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"AWS_REGION": "cn-north-1", "AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", "AWS_SESSION_TOKEN": "TOK",
		"AWS_ENDPOINT_URL": "http://127.0.0.1:5000/", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:6000",
	}))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.Credentials.Retrieve(context.Background())
	if err != nil || creds.AccessKeyID != "AK" || creds.SecretAccessKey != "SK" || creds.SessionToken != "TOK" {
		t.Errorf("credentials %+v, %v", creds, err)
	}
	for id, want := range map[string]string{"S3": "http://127.0.0.1:6000", "SNS": "http://127.0.0.1:5000", "": "http://127.0.0.1:5000"} {
		if got := c.Endpoint(id); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", id, got, want)
		}
	}
	if got := *c.SDK("DYNAMODB").BaseEndpoint; got != "http://127.0.0.1:5000" {
		t.Errorf("SDK base endpoint %q", got)
	}
	if got := c.WithEndpoint("SNS", "http://x:1/").Endpoint("SNS"); got != "http://x:1" {
		t.Errorf("WithEndpoint: %q", got)
	}
	if c.Endpoint("SNS") != "http://127.0.0.1:5000" {
		t.Error("WithEndpoint changed the original")
	}
	if got := DNSSuffix(c.Region); got != "amazonaws.com.cn" {
		t.Errorf("DNSSuffix(cn-north-1) = %q", got)
	}
	if got := DNSSuffix("ap-east-1"); got != "amazonaws.com" {
		t.Errorf("DNSSuffix(ap-east-1) = %q", got)
	}
}

func TestFromEnvNamesWhatIsMissing(t *testing.T) {
	_, err := FromEnv(env(map[string]string{"AWS_ENDPOINT_URL_SSM": "localhost:4566"}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL_SSM"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not name %s: %v", want, err)
		}
	}
	c, err := FromEnv(env(map[string]string{"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}))
	if err != nil || c.Region != "us-east-1" || c.Endpoint("S3") != "" {
		t.Errorf("AWS_DEFAULT_REGION: %+v, %v", c, err)
	}
}

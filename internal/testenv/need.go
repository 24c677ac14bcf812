package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// EndpointEnv names the endpoint of the local AWS server the integration
// tests use: moto_server (scripts/moto.sh), which serves DynamoDB, SSM, S3
// and SNS, locally and in CI.
const EndpointEnv = "HOTLINE_DYNAMODB_ENDPOINT"

// Need returns value, the value of something the test needs (an endpoint,
// a program's path), or stops the test when it is empty: t.Fatal when
// CI=true, t.Skip elsewhere. what says what is missing and how to get it,
// e.g. "aws-lambda-rie (go install …)".
func Need(t testing.TB, what, value string) string {
	t.Helper()
	if value != "" {
		return value
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing (CI=true: this test must run)", what)
	}
	t.Skipf("%s is missing", what)
	return ""
}

// Endpoint returns the endpoint of the local AWS server (EndpointEnv), or
// stops the test as Need does.
func Endpoint(t testing.TB) string {
	t.Helper()
	return Need(t, "the local AWS server ("+EndpointEnv+"; `make test` starts moto_server, or run `eval \"$(scripts/moto.sh)\"` before go test)", os.Getenv(EndpointEnv))
}

// Tool returns the path of the program name on PATH, or stops the test as
// Need does; install says how to install it, e.g. "pip install cfn-lint".
func Tool(t testing.TB, name, install string) string {
	t.Helper()
	p, _ := exec.LookPath(name)
	return Need(t, name+" (install it with: "+install+")", p)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
	"github.com/shizhong/hotline/shared/store/dynamo/faultproxy"
	"github.com/shizhong/hotline/tools/loadcrash/internal/proc"
)

// The fake credentials and region of the local server.
const (
	localRegion = "us-east-1"
	localKey    = "loadcrash"
)

// dynamoTarget is the ingest-events function run as a plain server (its
// build without the lambda.norpc tag serves the handler on HOTLINE_ADDR
// outside Lambda): shared/httpapi over shared/store/dynamo, wired by
// shared/cloud exactly as in Lambda, with its keys from SSM. Its DynamoDB
// calls go through a fault proxy to moto; SSM calls go to moto directly.
type dynamoTarget struct {
	endpoint, table, param string
	keep                   bool
	raw                    *dynamodb.Client
	ssm                    *ssm.Client
	st                     *dynamo.Store // reads and computes without faults
	proxy                  *faultproxy.Proxy
	proxySrv               *http.Server
	server                 *proc.Server
	log                    *os.File
}

func newDynamoTarget(ctx context.Context, cfg config, work string, keys []byte) (_ *dynamoTarget, err error) {
	bin := cfg.function
	if bin == "" {
		if bin, err = build(ctx, "github.com/shizhong/hotline/functions/ingest-events", work); err != nil {
			return nil, err
		}
	}
	creds := credentials.NewStaticCredentialsProvider(localKey, localKey, "")
	t := &dynamoTarget{
		endpoint: cfg.endpoint,
		table:    fmt.Sprintf("loadcrash-%d", time.Now().UnixNano()),
		keep:     cfg.keep,
		raw: dynamodb.New(dynamodb.Options{
			Region: localRegion, BaseEndpoint: aws.String(cfg.endpoint), Credentials: creds,
			Retryer: retry.NewStandard(dynamo.RetryOptions, func(o *retry.StandardOptions) { o.RateLimiter = ratelimit.None }),
		}),
		ssm: ssm.New(ssm.Options{Region: localRegion, BaseEndpoint: aws.String(cfg.endpoint), Credentials: creds}),
	}
	t.param = "/hotline/" + t.table + "/clients"
	defer func() {
		if err != nil {
			t.close()
		}
	}()
	if err := dynamo.CreateTable(ctx, t.raw, t.table); err != nil {
		return nil, err
	}
	t.st = dynamo.New(t.raw, t.table, gen.Shanghai())
	_, err = t.ssm.PutParameter(ctx, &ssm.PutParameterInput{
		Name: aws.String(t.param), Value: aws.String(string(keys)), Type: ssmtypes.ParameterTypeSecureString,
	})
	if err != nil {
		return nil, fmt.Errorf("put the keys in SSM: %w", err)
	}
	t.proxy = faultproxy.New(cfg.endpoint, cfg.faultRate, cfg.seed)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	t.proxySrv = &http.Server{Handler: t.proxy, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = t.proxySrv.Serve(ln) }()
	addr, err := proc.FreeAddr()
	if err != nil {
		return nil, err
	}
	if t.log, err = os.Create(filepath.Join(work, "function.log")); err != nil {
		return nil, err
	}
	t.server = &proc.Server{
		Path: bin,
		Addr: addr,
		Log:  t.log,
		// Only what the function reads: no credentials of this machine.
		Env: []string{
			"AWS_REGION=" + localRegion,
			"AWS_ACCESS_KEY_ID=" + localKey,
			"AWS_SECRET_ACCESS_KEY=" + localKey,
			"AWS_ENDPOINT_URL_DYNAMODB=http://" + ln.Addr().String(),
			"AWS_ENDPOINT_URL_SSM=" + cfg.endpoint,
			"HOTLINE_TABLE=" + t.table,
			"HOTLINE_CLIENTS_PARAMETER=" + t.param,
			"HOTLINE_ADDR=" + addr,
		},
	}
	return t, nil
}

func (t *dynamoTarget) url() string                     { return "http://" + t.server.Addr }
func (t *dynamoTarget) start(ctx context.Context) error { return t.server.Start(ctx) }

// kill kills the function, then waits until no call it made is still in
// flight through the proxy (a call whose answer is lost is applied even
// when its caller is gone).
func (t *dynamoTarget) kill() error {
	if err := t.server.Kill(); err != nil {
		return err
	}
	return t.proxy.WaitIdle(time.Minute)
}

// stop kills the function too: outside Lambda it has no graceful
// shutdown, and in Lambda an environment is frozen or killed, never asked to
// stop. Every batch is acknowledged by then, so nothing is in flight.
func (t *dynamoTarget) stop() error { return t.kill() }

func (t *dynamoTarget) setOutage(on bool) { t.proxy.SetOutage(on) }

func (t *dynamoTarget) open(context.Context) (store.Store, error) { return t.st, nil }
func (t *dynamoTarget) release() error                            { return nil }

func (t *dynamoTarget) notes() []string {
	lines := []string{
		fmt.Sprintf("DynamoDB calls through the fault proxy: %s", t.proxy.Summary()),
		fmt.Sprintf("by operation: %v", t.proxy.Ops()),
	}
	for _, e := range t.proxy.Errors() {
		lines = append(lines, "proxy error (not injected): "+e)
	}
	return lines
}

func (t *dynamoTarget) close() error {
	var errs []error
	if t.server != nil {
		errs = append(errs, t.server.Kill())
	}
	if t.proxySrv != nil {
		errs = append(errs, t.proxySrv.Close())
	}
	if t.log != nil {
		errs = append(errs, t.log.Close())
	}
	if !t.keep {
		ctx := context.Background()
		if _, err := t.raw.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(t.table)}); err != nil {
			errs = append(errs, fmt.Errorf("delete table %s: %w", t.table, err))
		}
		if _, err := t.ssm.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(t.param)}); err != nil {
			var nf *ssmtypes.ParameterNotFound
			if !errors.As(err, &nf) {
				errs = append(errs, fmt.Errorf("delete parameter %s: %w", t.param, err))
			}
		}
	}
	return errors.Join(errs...)
}

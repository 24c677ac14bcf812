package cloud

import (
	"errors"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/shizhong/hotline/shared/cloud/awshttp"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/ssmkeys"
	"github.com/shizhong/hotline/shared/store"
)

// Option adds to the HTTP handler's configuration what only some functions
// need: rules.Compute gives the scores API its compute service.
type Option func(w Wiring, c *httpapi.Config) error

// Wiring is what an Option may build on.
type Wiring struct {
	Config Config
	AWS    awshttp.Config
	Store  store.Store
	Log    *slog.Logger
}

// HTTPHandler builds the HTTP handler of the system over DynamoDB, with the
// clients read from SSM (cached for cfg.KeysTTL).
func HTTPHandler(cfg Config, aws awshttp.Config, log *slog.Logger, opts ...Option) (http.Handler, error) {
	keys := ssmkeys.New(ssmkeys.NewSSM(aws), cfg.ClientsParameter, cfg.KeysTTL)
	w := Wiring{Config: cfg, AWS: aws, Store: Store(aws, cfg.Table, cfg.Location), Log: log}
	c := httpapi.Config{Store: w.Store, Clients: keys.Clients, Origins: cfg.Origins, Location: cfg.Location, Log: log}
	for _, o := range opts {
		if err := o(w, &c); err != nil {
			return nil, err
		}
	}
	return httpapi.New(c), nil
}

// ServeHTTP is the whole main of an HTTP function: configuration, clients,
// the handler with opts, then in Lambda (AWS_LAMBDA_RUNTIME_API set) the
// handler behind the API Gateway proxy (payload 2.0). Elsewhere a build
// without the lambda.norpc tag serves the same handler as a plain server on
// HOTLINE_ADDR (serveLocal); the deployed build has no server, which keeps
// net/http's server out of the bootstrap. It returns only when the
// function cannot start or stops serving, with the reason.
func ServeHTTP(opts ...Option) error {
	cfg, err := ConfigFromEnv(os.Getenv)
	aws, awsErr := awshttp.FromEnv(os.Getenv)
	if err := errors.Join(err, awsErr); err != nil {
		return err
	}
	log := Logger()
	h, err := HTTPHandler(cfg, aws, log, opts...)
	if err != nil {
		return err
	}
	if os.Getenv("AWS_LAMBDA_RUNTIME_API") == "" {
		addr := os.Getenv(EnvAddr)
		if addr == "" {
			addr = "127.0.0.1:8080"
		}
		return serveLocal(h, addr, log)
	}
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
	return nil
}

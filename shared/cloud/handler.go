package cloud

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/ssmkeys"
	"github.com/shizhong/hotline/shared/store/dynamo"
	_ "time/tzdata" // the zone data travels with every binary
)

// Logger writes JSON lines, one per request, as CloudWatch reads them.
func Logger() *slog.Logger { return slog.New(slog.NewJSONHandler(os.Stdout, nil)) }

// HTTPHandler builds the HTTP handler of the system over DynamoDB, with the
// clients read from SSM. The SDK retries throttling and 5xx errors with
// bounded exponential backoff (dynamo.Retryer).
func HTTPHandler(ctx context.Context, cfg Config, log *slog.Logger) (http.Handler, error) {
	awsCfg, err := config.LoadDefaultConfig(ctx, config.WithRetryer(dynamo.Retryer))
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	keys := ssmkeys.New(ssm.NewFromConfig(awsCfg), cfg.ClientsParameter, cfg.KeysTTL)
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), cfg.Table, cfg.Location)
	return httpapi.New(httpapi.Config{Store: st, Clients: keys.Clients, Log: log}), nil
}

// ServeHTTP is the whole main of an HTTP function: configuration, clients,
// the handler behind the API Gateway proxy, lambda.Start. It returns only
// when the function cannot start, with the reason.
func ServeHTTP() error {
	cfg, err := ConfigFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	h, err := HTTPHandler(context.Background(), cfg, Logger())
	if err != nil {
		return err
	}
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
	return nil
}

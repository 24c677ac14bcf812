// Command ingest-callbacks is the Lambda function behind `POST /v1/callbacks`: it
// stores the callback results of a signed request, as events, in DynamoDB and answers a status per
// event, with the HTTP handler of shared/httpapi. Built without the
// lambda.norpc tag and run outside Lambda, it serves the same handler on
// HOTLINE_ADDR.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/ssmkeys"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

func main() {
	if err := run(context.Background()); err != nil {
		slog.Error("ingest-callbacks cannot start", "error", err)
		os.Exit(1)
	}
}

// run builds the clients once per cold start, then serves until the
// function stops.
func run(ctx context.Context) error {
	cfg, err := cloud.ConfigFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	aws, err := cloud.AWS(ctx)
	if err != nil {
		return err
	}
	log := cloud.Logger()
	keys := ssmkeys.New(ssmkeys.NewSSM(aws), cfg.ClientsParameter, cfg.KeysTTL)
	h := httpapi.New(httpapi.Config{
		Store:    cloud.Store(aws, cfg.Table, cfg.Location, dynamo.Retryer),
		Clients:  keys.Clients,
		Origins:  cfg.Origins,
		Location: cfg.Location,
		Log:      log,
	})
	if !cfg.InLambda {
		return cloud.ServeLocal(h, cfg.Addr, log)
	}
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
	return nil
}

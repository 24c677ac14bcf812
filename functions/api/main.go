// Command api is the Lambda function of the scores API and the page: the
// HTTP handler of shared/httpapi over DynamoDB, with the compute service
// for the recompute route, the accounts and sessions of the people who
// sign in and their appeals (SPEC §12), behind the API Gateway proxy (payload 2.0).
// Built without the lambda.norpc tag and run outside Lambda, it serves the
// same handler as a plain server on HOTLINE_ADDR (`go run ./functions/api`
// with HOTLINE_TABLE, HOTLINE_CLIENTS_PARAMETER and the AWS variables).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/cycle"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/ssmkeys"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

func main() {
	if err := run(context.Background()); err != nil {
		slog.Error("api cannot start", "error", err)
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
	pol, err := policy.LoadOrBuiltin(os.Getenv(cloud.EnvPolicy))
	if err != nil {
		return fmt.Errorf("%s: %w", cloud.EnvPolicy, err)
	}
	aws, err := cloud.AWS(ctx)
	if err != nil {
		return err
	}
	log := cloud.Logger()
	st := cloud.Store(aws, cfg.Table, cfg.Location, dynamo.Retryer)
	cal := calendar.New(cfg.Location)
	svc, err := compute.New(st, pol, cal)
	if err != nil {
		return fmt.Errorf("%s and %s: %w", cloud.EnvPolicy, cloud.EnvTimezone, err)
	}
	keys := ssmkeys.New(ssmkeys.NewSSM(aws), cfg.ClientsParameter, cfg.KeysTTL)
	var uploads httpapi.Uploads // issue 15: files too large for an import's body, through S3
	if up, err := cloud.Uploads(aws, cfg); err != nil {
		return err
	} else if up != nil {
		uploads = up
	}
	h := httpapi.New(httpapi.Config{
		Store:    st,
		Clients:  keys.Clients,
		Compute:  svc,
		Accounts: st, // SPEC §11: people sign in against the table
		Sessions: st,
		Cycle:    &cycle.Cycle{Store: st, Appeals: st, Calendar: cal, Days: pol.Appeals.WindowWorkingDays}, // SPEC §12
		Imports:  st,                                                                                       // issue 15: the records of the imports of spreadsheets
		Uploads:  uploads,
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

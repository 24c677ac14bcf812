// Command api is the Lambda function of the scores API and the page: the
// one HTTP handler of shared/httpapi over DynamoDB, with the compute
// service for the recompute route, behind the API Gateway proxy in Lambda.
// Built without the lambda.norpc tag and run outside Lambda, it serves the
// same handler as a plain server on HOTLINE_ADDR (`go run ./functions/api`
// with HOTLINE_TABLE, HOTLINE_CLIENTS_PARAMETER and the AWS variables). It
// only wires: see shared/cloud.
package main

import (
	"log/slog"
	"os"

	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/cloud/rules"
)

func main() {
	if err := cloud.ServeHTTP(rules.Compute); err != nil {
		slog.Error("api cannot start", "error", err)
		os.Exit(1)
	}
}

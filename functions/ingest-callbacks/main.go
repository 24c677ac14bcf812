// Command ingest-callbacks is the Lambda function behind `POST /v1/callbacks`: it
// stores the events of a signed request in DynamoDB and answers a status per
// event. It only wires: the handler is shared/httpapi, built by shared/cloud.
package main

import (
	"log/slog"
	"os"

	"github.com/shizhong/hotline/shared/cloud"
)

func main() {
	if err := cloud.ServeHTTP(); err != nil {
		slog.Error("ingest-callbacks cannot start", "error", err)
		os.Exit(1)
	}
}

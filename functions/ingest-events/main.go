// Command ingest-events is the Lambda function behind `POST /v1/events`: it
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
		slog.Error("ingest-events cannot start", "error", err)
		os.Exit(1)
	}
}

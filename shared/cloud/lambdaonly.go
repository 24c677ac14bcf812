//go:build lambda.norpc

package cloud

import (
	"fmt"
	"log/slog"
	"net/http"
)

// serveLocal refuses: the deployed build (-tags lambda.norpc) only runs
// under the Lambda runtime API. Build without the tag to serve locally.
func serveLocal(_ http.Handler, addr string, _ *slog.Logger) error {
	return fmt.Errorf("AWS_LAMBDA_RUNTIME_API is not set, and this build (-tags lambda.norpc) does not serve %s: build without the tag to serve locally", addr)
}

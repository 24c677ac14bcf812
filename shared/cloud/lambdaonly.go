//go:build lambda.norpc

package cloud

import (
	"fmt"
	"log/slog"
	"net/http"
)

// ServeLocal refuses: the deployed build (-tags lambda.norpc) only runs
// under the Lambda runtime API, which keeps net/http's server out of the
// bootstrap. Build without the tag to serve locally.
func ServeLocal(_ http.Handler, addr string, _ *slog.Logger) error {
	return fmt.Errorf("%s is not set, and this build (-tags lambda.norpc) does not serve %s: build without the tag to serve locally", EnvRuntimeAPI, addr)
}

package httpapi

import (
	"net/http"
	"strings"
)

// Hot reports whether r asks for a published ranking
// (GET /v1/months/{month}/ranking, GET /v1/years/{year}/ranking): the
// requests a server in front of the handler may answer on its fastest
// path (shared/httpfront, issue 16, 4). The answer is the handler's all
// the same; only a path net/http's mux would not redirect is named, so a
// redirect or an error of the mux is never taken for one.
func Hot(r *http.Request) bool {
	if r.URL.RawPath != "" {
		return false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1/months/")
	if !ok {
		rest, ok = strings.CutPrefix(r.URL.Path, "/v1/years/")
	}
	if !ok {
		return false
	}
	period, ok := strings.CutSuffix(rest, "/ranking")
	return ok && period != "" && !strings.ContainsAny(period, "/.")
}

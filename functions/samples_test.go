// Tests of the sample events of events/: each is a request of a route or
// the schedule of template.yaml, sent to the function that serves it,
// signed as the sample keys say; the admin samples are invoked under the
// Lambda runtime emulator like the ingest and ranking samples
// (rie_test.go, monthly_test.go).

package functions_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/monthend"
	"github.com/shizhong/hotline/shared/store/dynamo"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// sampleFunction returns the function directory a sample is for: the file
// is named after it (ingest-events.json) or starts with it and a dash
// (api-ranking.json).
func sampleFunction(name string, dirs []string) string {
	stem := strings.TrimSuffix(name, ".json")
	best := ""
	for _, d := range dirs {
		if (stem == d || strings.HasPrefix(stem, d+"-")) && len(d) > len(best) {
			best = d
		}
	}
	return best
}

// matchPath reports whether a request path matches a route's path, and
// the values of its parameters.
func matchPath(pattern, path string) (map[string]string, bool) {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	params := map[string]string{}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}") {
			params[strings.Trim(p, "{+}")] = strings.Join(xs[min(i, len(xs)):], "/")
			return params, i < len(xs)
		}
		if i >= len(xs) {
			return nil, false
		}
		if strings.HasPrefix(p, "{") {
			if xs[i] == "" {
				return nil, false
			}
			params[strings.Trim(p, "{}")] = xs[i]
		} else if p != xs[i] {
			return nil, false
		}
	}
	return params, len(ps) == len(xs)
}

// TestSamples: every sample of events/ is listed in events/README.md and
// is what its function receives: an API Gateway request of one of its
// routes (signed with the sample keys for its fixed timestamp when it
// carries a signature), or a request of the month-end function; the
// schedule's sample is the schedule's input.
func TestSamples(t *testing.T) {
	tpl := loadTemplate(t)
	routes := templateRoutes(t)
	dirs := functionDirs(t)
	keys, err := os.ReadFile("../events/keys.sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	clients, err := auth.DecodeClients(keys)
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../events/README.md")
	if err != nil {
		t.Fatal(err)
	}
	samples, err := filepath.Glob("../events/*.json")
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples in events/: %v", err)
	}
	for _, path := range samples {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(string(readme), "`"+name+"`") {
				t.Errorf("events/README.md does not list %s", name)
			}
			fn := sampleFunction(name, dirs)
			if fn == "" {
				t.Fatalf("%s is named after no function of functions/ (%v)", name, dirs)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var probe struct{ Version string }
			if err := json.Unmarshal(data, &probe); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if probe.Version != "2.0" {
				if _, err := monthend.ParseRequest(data); err != nil || fn != "monthly-scores" {
					t.Errorf("neither an API Gateway request (version 2.0) nor a month-end request: %v", err)
				}
				return
			}
			var req events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(data, &req); err != nil {
				t.Fatal(err)
			}
			route, ok := routes[req.RouteKey]
			switch {
			case !ok:
				t.Fatalf("routeKey %q is not a route of template.yaml", req.RouteKey)
			case route.Fn != fn:
				t.Errorf("%s is routed to functions/%s, but the sample is named for %s", req.RouteKey, route.Fn, fn)
			}
			method, pattern, _ := strings.Cut(req.RouteKey, " ")
			if req.RequestContext.RouteKey != req.RouteKey || req.RequestContext.HTTP.Method != method ||
				req.RequestContext.HTTP.Path != req.RawPath || req.RequestContext.Stage != "$default" {
				t.Errorf("requestContext %+v disagrees with the request %s %s", req.RequestContext, req.RouteKey, req.RawPath)
			}
			params, ok := matchPath(pattern, req.RawPath)
			if !ok {
				t.Errorf("rawPath %s does not match %s", req.RawPath, pattern)
			}
			if len(params) > 0 || len(req.PathParameters) > 0 {
				if got := req.PathParameters; !maps.Equal(got, params) {
					t.Errorf("pathParameters %v, the path says %v", got, params)
				}
			}
			if sig := req.Headers["x-hotline-signature"]; sig != "" {
				c, ok := clients.Lookup(req.Headers["x-hotline-client"])
				if !ok {
					t.Fatalf("client %q is not in keys.sample.yaml", req.Headers["x-hotline-client"])
				}
				if want := auth.SignV2(c.Secret, sampleMessage(&req, req.Headers["x-hotline-timestamp"])); sig != want {
					t.Errorf("x-hotline-signature %s, want %s (the sample secret of %s)", sig, want, c.ID)
				}
			}
		})
	}

	// The schedule's sample is the template's schedule input.
	data, err := os.ReadFile("../events/monthly-scores-schedule.json")
	if err != nil {
		t.Fatal(err)
	}
	var input string
	for _, fn := range templateFunctions(t) {
		for _, ev := range obj(fn.Props["Events"]) {
			if get(ev, "Type") == "ScheduleV2" {
				input = tpl.value(get(ev, "Properties", "Input"))
			}
		}
	}
	var sample, scheduled any
	if json.Unmarshal(data, &sample) != nil || json.Unmarshal([]byte(input), &scheduled) != nil || !reflect.DeepEqual(sample, scheduled) {
		t.Errorf("events/monthly-scores-schedule.json is %s, the schedule's input %s", data, input)
	}
}

// TestAdminSamplesUnderEmulator invokes the API function as deployed, under
// the emulator against the local server, with the admin samples in the
// order of docs/deploy.md: import the unit registry, read it back,
// recompute October 2026 and finalise it. Each signed sample is signed
// again at now with the sample key of its client.
func TestAdminSamplesUnderEmulator(t *testing.T) {
	b := newBackend(t)
	keys, err := os.ReadFile("../events/keys.sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	clients, err := auth.DecodeClients(keys)
	if err != nil {
		t.Fatal(err)
	}
	url := emulate(t, build(t, "api"), b)
	resign := func(req *events.APIGatewayV2HTTPRequest) {
		if c, ok := clients.Lookup(req.Headers["x-hotline-client"]); ok {
			signWith(c.Secret, time.Now())(req)
		}
	}
	for _, c := range []struct {
		sample string
		status int
		check  func(body map[string]any) bool
	}{
		{"api-admin-units.json", http.StatusOK, func(b map[string]any) bool { return b["units"] == 3.0 }},
		{"api-units.json", http.StatusOK, func(b map[string]any) bool { return len(b["units"].([]any)) == 3 }},
		{"api-admin-recompute.json", http.StatusOK, func(b map[string]any) bool {
			return b["period"] == "2026-10" && b["version"] == 1.0 && b["final"] == false
		}},
		{"api-admin-finalize.json", http.StatusOK, func(b map[string]any) bool {
			return b["period"] == "2026-10" && b["version"] == 1.0 && b["final"] == true
		}},
	} {
		if c.sample == "api-admin-recompute.json" {
			// October as the schedule of 1 November published it, from the
			// registry just imported: its appeal window (SPEC §12.2) has
			// closed by the finalize, and the recompute finds that version.
			firstPublished(t, dynamo.New(dynamodb.NewFromConfig(awsConfig(t, b.endpoint)), b.table, shanghai(t)), calendar.Month{Year: 2026, Month: time.October})
		}
		status, body := invoke(t, url, sampleEvent(t, c.sample, resign))
		if status != c.status || !c.check(body) {
			t.Errorf("%s: HTTP %d, want %d: %v", c.sample, status, c.status, body)
		}
	}
}

// TestSignedSamplesThroughTheProxy: SPEC §10 under Lambda. The v2
// signature covers the path and query as the client sent them; in Lambda
// the handler sees them only as the API Gateway proxy
// (aws-lambda-go-api-proxy, httpadapter.NewV2, as shared/cloud wires it)
// rebuilds the request from the event's rawPath and rawQueryString. Each
// signed sample of events/, passed through the proxy to the API's handler
// (over an empty store, its clock at the sample's timestamp), reaches the
// route with RequestURI equal to rawPath and rawQueryString, and is not
// refused 401; with a query added and signed, the same; resent to each
// other signed route of the samples (rawPath and route changed, the
// signature kept), it is 401.
func TestSignedSamplesThroughTheProxy(t *testing.T) {
	keys, err := os.ReadFile("../events/keys.sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	clients, err := auth.DecodeClients(keys)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob("../events/*.json")
	if err != nil {
		t.Fatal(err)
	}
	signed := map[string]events.APIGatewayV2HTTPRequest{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var req events.APIGatewayV2HTTPRequest
		if json.Unmarshal(data, &req) == nil && req.Headers["x-hotline-signature"] != "" {
			signed[filepath.Base(p)] = req
		}
	}
	if len(signed) < 5 {
		t.Fatalf("%d signed samples, want the two ingest and three admin ones", len(signed))
	}
	// serve passes req through the proxy to the API's handler and returns
	// the status and the request target the handler saw.
	serve := func(t *testing.T, req events.APIGatewayV2HTTPRequest) (int, string) {
		t.Helper()
		ts, err := strconv.ParseInt(req.Headers["x-hotline-timestamp"], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		api := httpapi.New(httpapi.Config{
			Store:   memstore.New(time.FixedZone("CST", 8*3600)),
			Clients: func() (*auth.Clients, error) { return clients, nil },
			Now:     func() time.Time { return time.Unix(ts, 0) },
		})
		var seen string
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen = r.RequestURI
			api.ServeHTTP(w, r)
		})
		resp, err := httpadapter.NewV2(h).ProxyWithContext(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, seen
	}
	for name, req := range signed {
		t.Run(name, func(t *testing.T) {
			status, seen := serve(t, req)
			if want := sampleMessage(&req, "").Target; seen != want {
				t.Errorf("the handler saw %q, the client sent %q", seen, want)
			}
			if status == http.StatusUnauthorized {
				t.Errorf("as signed: 401")
			}
			c, _ := clients.Lookup(req.Headers["x-hotline-client"])
			withQuery := req
			withQuery.Headers = maps.Clone(req.Headers)
			withQuery.RawQueryString = "note=%E5%A4%8D%E6%A0%B8&x=a+b"
			withQuery.Headers["x-hotline-signature"] = auth.SignV2(c.Secret, sampleMessage(&withQuery, req.Headers["x-hotline-timestamp"]))
			if status, seen := serve(t, withQuery); status == http.StatusUnauthorized || !strings.HasSuffix(seen, "?"+withQuery.RawQueryString) {
				t.Errorf("with a query, signed: HTTP %d, the handler saw %q", status, seen)
			}
			for other, o := range signed {
				if o.RawPath == req.RawPath {
					continue
				}
				resent := req
				resent.RouteKey, resent.RawPath = o.RouteKey, o.RawPath
				resent.RequestContext.RouteKey, resent.RequestContext.HTTP = o.RequestContext.RouteKey, o.RequestContext.HTTP
				if status, _ := serve(t, resent); status != http.StatusUnauthorized {
					t.Errorf("resent as %s (%s): HTTP %d, want 401", o.RouteKey, other, status)
				}
			}
		})
	}
}

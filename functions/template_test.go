// Tests of template.yaml, the SAM template the district deploys. cfn-lint
// checks its schema and `sam build` builds it (both offline; with CI=true a
// missing tool fails the test instead of skipping it). The other tests hold
// the template to the Go code, which lint cannot: the routes against the
// router, the build targets against the main packages, the environment
// against what each function reads, the table against dynamo.CreateTable,
// the schedule against the month-end request, the permissions against the
// store's calls.

package functions_test

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	gobuild "go/build"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/monthend"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store/dynamo"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// templatePath is the template, from this package's directory.
const templatePath = "../template.yaml"

// obj, list and str read the decoded template; a missing or mistyped
// value is the zero value.
func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }
func str(v any) string         { s, _ := v.(string); return s }

// get walks the keys of nested objects.
func get(v any, keys ...string) any {
	for _, k := range keys {
		v = obj(v)[k]
	}
	return v
}

// cfnTemplate is template.yaml decoded, intrinsic functions written in
// their long form ({"Ref": X}, {"Fn::GetAtt": [R, A]}, {"Fn::Sub": ...}).
type cfnTemplate struct {
	doc map[string]any
}

var (
	templateOnce sync.Once
	templateDoc  *cfnTemplate
	templateErr  error
)

// loadTemplate decodes template.yaml once per test binary.
func loadTemplate(t testing.TB) *cfnTemplate {
	t.Helper()
	templateOnce.Do(func() {
		data, err := os.ReadFile(templatePath)
		if err != nil {
			templateErr = err
			return
		}
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			templateErr = fmt.Errorf("%s: %w", templatePath, err)
			return
		}
		v, err := cfnValue(&n)
		if err != nil {
			templateErr = fmt.Errorf("%s: %w", templatePath, err)
			return
		}
		templateDoc = &cfnTemplate{doc: obj(v)}
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	return templateDoc
}

// cfnValue decodes a YAML node of a CloudFormation template, turning the
// short forms of intrinsic functions (!Ref, !GetAtt, !Sub, !If...) into
// their long forms.
func cfnValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		return cfnValue(n.Content[0])
	case yaml.AliasNode:
		return cfnValue(n.Alias)
	}
	var v any
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			val, err := cfnValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = val
		}
		v = m
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := cfnValue(c)
			if err != nil {
				return nil, err
			}
			l = append(l, val)
		}
		v = l
	case yaml.ScalarNode:
		if local(n.Tag) {
			v = n.Value
		} else if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
	}
	if !local(n.Tag) {
		return v, nil
	}
	switch fn := n.Tag[1:]; fn {
	case "Ref", "Condition":
		return map[string]any{fn: v}, nil
	case "GetAtt":
		if s, ok := v.(string); ok {
			res, attr, _ := strings.Cut(s, ".")
			v = []any{res, attr}
		}
		return map[string]any{"Fn::GetAtt": v}, nil
	default:
		return map[string]any{"Fn::" + fn: v}, nil
	}
}

// local reports whether a YAML tag is a local one (!Ref), not a standard
// one (!!str).
func local(tag string) bool { return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") }

// resources returns the logical ids of the resources of type typ, sorted.
func (c *cfnTemplate) resources(typ string) []string {
	var ids []string
	for id, r := range obj(c.doc["Resources"]) {
		if str(get(r, "Type")) == typ {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func (c *cfnTemplate) resource(id string) map[string]any { return obj(get(c.doc, "Resources", id)) }

// refTo returns the logical id v refers to with Ref or Fn::GetAtt.
func refTo(v any) string {
	if r := str(get(v, "Ref")); r != "" {
		return r
	}
	if ga := list(get(v, "Fn::GetAtt")); len(ga) > 0 {
		return str(ga[0])
	}
	return ""
}

// value is what an environment value becomes when deployed with the
// parameters' defaults: a literal as it is, a parameter's default, and a
// placeholder naming anything else (a resource's name, an ARN).
func (c *cfnTemplate) value(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int, float64, bool:
		return fmt.Sprint(v)
	}
	if ref := str(get(v, "Ref")); ref != "" {
		if p := obj(get(c.doc, "Parameters", ref)); p != nil {
			return fmt.Sprint(p["Default"])
		}
		return "<" + ref + ">"
	}
	return "<intrinsic>"
}

// function is one AWS::Serverless::Function of the template.
type function struct {
	ID    string
	Dir   string // the main package its Makefile target builds: functions/<Dir>
	Props map[string]any
}

// templateFunctions returns the template's functions, each with the
// directory its build target builds.
func templateFunctions(t *testing.T) []function {
	t.Helper()
	tpl := loadTemplate(t)
	var fns []function
	for _, id := range tpl.resources("AWS::Serverless::Function") {
		fns = append(fns, function{ID: id, Dir: buildTarget(t, id), Props: obj(tpl.resource(id)["Properties"])})
	}
	if len(fns) == 0 {
		t.Fatal("no AWS::Serverless::Function in template.yaml")
	}
	return fns
}

var (
	targetMu    sync.Mutex
	targetCache = map[string]string{}
	// buildCommand is the command a build-<LogicalId> target must run, as
	// make prints it: the function exactly as deployed.
	buildCommand = regexp.MustCompile(`^CGO_ENABLED=0 GOOS=linux GOARCH=arm64 \S*go build -tags lambda\.norpc -trimpath -ldflags '-s -w' -o /artifacts/bootstrap \./functions/([a-z0-9-]+)$`)
)

// buildTarget returns the directory under functions/ that the Makefile's
// build-<id> target builds, as `make -n` prints it.
func buildTarget(t *testing.T, id string) string {
	t.Helper()
	targetMu.Lock()
	defer targetMu.Unlock()
	if dir, ok := targetCache[id]; ok {
		return dir
	}
	cmd := exec.Command("make", "--no-print-directory", "-n", "build-"+id, "ARTIFACTS_DIR=/artifacts")
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: the Makefile has no target build-%s that sam build can run: %v\n%s", id, id, err, out)
	}
	line := strings.TrimSpace(string(out))
	m := buildCommand.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("make build-%s runs\n\t%s\nwant one command of the form\n\t%s", id, line, buildCommand)
	}
	targetCache[id] = m[1]
	return m[1]
}

// functionDirs lists the directories of functions/ that hold a main.go.
func functionDirs(t *testing.T) []string {
	t.Helper()
	matches, err := filepath.Glob("*/main.go")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, m := range matches {
		if d := filepath.Dir(m); !strings.HasPrefix(d, "_") && !strings.HasPrefix(d, ".") {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// TestTemplateFunctions: every function is built by its own Makefile target
// from a main package of functions/, as sam build needs it, and every main
// package of functions/ is deployed.
func TestTemplateFunctions(t *testing.T) {
	tpl := loadTemplate(t)
	globals := obj(get(tpl.doc, "Globals", "Function"))
	want := map[string]any{"Runtime": "provided.al2023", "Architectures": []any{"arm64"}, "Handler": "bootstrap"}
	for k, v := range want {
		if diff := cmp.Diff(v, globals[k]); diff != "" {
			t.Errorf("Globals.Function.%s (-want +got):\n%s", k, diff)
		}
	}
	deployed := map[string]string{}
	for _, fn := range templateFunctions(t) {
		for _, k := range []string{"Runtime", "Architectures", "Handler"} {
			if v, ok := fn.Props[k]; ok && !reflect.DeepEqual(v, want[k]) {
				t.Errorf("%s: %s %v overrides the Globals", fn.ID, k, v)
			}
		}
		if fn.Props["CodeUri"] != "." {
			t.Errorf("%s: CodeUri %v, want . (the module root, where the Makefile is)", fn.ID, fn.Props["CodeUri"])
		}
		if m := get(tpl.resource(fn.ID), "Metadata", "BuildMethod"); m != "makefile" {
			t.Errorf("%s: Metadata.BuildMethod %v, want makefile", fn.ID, m)
		}
		pkg, err := gobuild.ImportDir(fn.Dir, 0)
		if err != nil || pkg.Name != "main" {
			t.Errorf("%s: make build-%s builds ./functions/%s, which is not a main package: %v", fn.ID, fn.ID, fn.Dir, err)
		}
		if other, ok := deployed[fn.Dir]; ok {
			t.Errorf("%s and %s both deploy functions/%s", other, fn.ID, fn.Dir)
		}
		deployed[fn.Dir] = fn.ID
	}
	for _, dir := range functionDirs(t) {
		if _, ok := deployed[dir]; !ok {
			t.Errorf("functions/%s is not deployed: no function of template.yaml builds it", dir)
		}
	}
}

// templateRoute is one HttpApi event of a function.
type templateRoute struct {
	Key string // "GET /v1/months/{month}/ranking"
	Fn  string // the function's directory
}

// templateRoutes returns the HttpApi routes of the template by route key.
func templateRoutes(t *testing.T) map[string]templateRoute {
	t.Helper()
	routes := map[string]templateRoute{}
	for _, fn := range templateFunctions(t) {
		for name, ev := range obj(fn.Props["Events"]) {
			if get(ev, "Type") != "HttpApi" {
				continue
			}
			p := obj(get(ev, "Properties"))
			if refTo(p["ApiId"]) != "HttpApi" {
				t.Errorf("%s.%s: not on the HttpApi: %v", fn.ID, name, p["ApiId"])
			}
			key := str(p["Method"]) + " " + str(p["Path"])
			if other, ok := routes[key]; ok {
				t.Errorf("%s is routed to both %s and %s", key, other.Fn, fn.Dir)
			}
			routes[key] = templateRoute{Key: key, Fn: fn.Dir}
		}
	}
	return routes
}

// preflightRoute sends every CORS preflight of the API to the API function,
// whose handler answers it from the route table.
const preflightRoute = "OPTIONS /v1/{proxy+}"

// gatewayPattern writes a net/http pattern as API Gateway writes a path:
// {rest...} is {rest+}.
func gatewayPattern(p string) string {
	p = strings.TrimSuffix(p, "{$}")
	return regexp.MustCompile(`\{(\w+)\.\.\.\}`).ReplaceAllString(p, "{$1+}")
}

// routeFunction is the function that serves a route of the router: the
// ingest routes have their own functions, the API function serves the
// rest.
func routeFunction(key string) string {
	switch key {
	case "POST /v1/events":
		return "ingest-events"
	case "POST /v1/callbacks":
		return "ingest-callbacks"
	}
	return "api"
}

// TestTemplateRoutes: the template routes exactly the router's API routes
// (httpapi.Routes, the page aside), each to the function that serves it,
// plus the CORS preflight; the public routes are throttled by the default
// route settings, the others by their own.
func TestTemplateRoutes(t *testing.T) {
	got := templateRoutes(t)
	want := map[string]templateRoute{preflightRoute: {preflightRoute, "api"}}
	access := map[string]httpapi.Access{}
	for _, r := range httpapi.Routes() {
		if r.Access == httpapi.Page {
			continue
		}
		key := r.Method + " " + gatewayPattern(r.Pattern)
		want[key] = templateRoute{key, routeFunction(key)}
		access[key] = r.Access
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("routes of template.yaml against the router's (-router +template):\n%s", diff)
	}

	api := obj(loadTemplate(t).resource("HttpApi")["Properties"])
	def := obj(api["DefaultRouteSettings"])
	if def["ThrottlingRateLimit"] == nil || def["ThrottlingBurstLimit"] == nil {
		t.Errorf("HttpApi.DefaultRouteSettings do not throttle the public routes: %v", def)
	}
	settings := obj(api["RouteSettings"])
	for key := range settings {
		if _, ok := got[key]; !ok {
			t.Errorf("RouteSettings name %q, which is not a route", key)
		}
	}
	for key, a := range access {
		s := obj(settings[key])
		switch {
		case a == httpapi.Public && s != nil:
			t.Errorf("%s is public: it should take the default route settings, not %v", key, s)
		case a != httpapi.Public && (s["ThrottlingRateLimit"] == nil || s["ThrottlingBurstLimit"] == nil):
			t.Errorf("%s (%s) has no throttling of its own in RouteSettings", key, a)
		}
	}
	if get(api, "AccessLogSettings", "DestinationArn") == nil {
		t.Error("HttpApi has no access logs")
	}

	// The preflight route is served: the handler answers OPTIONS on the
	// path of every route, with its methods.
	srv := httpapi.New(httpapi.Config{Store: memstore.New(time.UTC), Origins: []string{"https://hotline.example.gov.cn"}})
	param := regexp.MustCompile(`\{\w+\+?\}`)
	for key := range access {
		method, path, _ := strings.Cut(key, " ")
		req := httptest.NewRequest(http.MethodOptions, param.ReplaceAllString(path, "x"), nil)
		req.Header.Set("Origin", "https://hotline.example.gov.cn")
		req.Header.Set("Access-Control-Request-Method", method)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusNoContent || !strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), method) {
			t.Errorf("preflight of %s: HTTP %d, Access-Control-Allow-Methods %q", key, rec.Code, rec.Header().Get("Access-Control-Allow-Methods"))
		}
	}
}

// configReaders read a function's configuration as its main does; nil
// means the environment is complete.
var configReaders = map[string]struct {
	read  func(getenv func(string) string) error
	extra []string // variables read elsewhere than read
}{
	"ingest-events":    {read: httpConfig},
	"ingest-callbacks": {read: httpConfig},
	"api":              {read: httpConfig, extra: []string{cloud.EnvPolicy}}, // read by its main
	"monthly-scores":   {read: monthlyConfig},
}

func httpConfig(getenv func(string) string) error {
	_, err := cloud.ConfigFromEnv(getenv)
	return err
}

func monthlyConfig(getenv func(string) string) error {
	_, err := cloud.MonthlyConfigFromEnv(getenv)
	return err
}

// environment is a function's environment as deployed with the parameters'
// defaults: Globals, then the function's own variables. A bucket of the
// template is named as CloudFormation names it (stack, logical id, random
// suffix, in lowercase), which a reader that checks the name accepts.
func environment(tpl *cfnTemplate, fn function) map[string]string {
	env := map[string]string{}
	for _, vars := range []any{get(tpl.doc, "Globals", "Function", "Environment", "Variables"), get(fn.Props, "Environment", "Variables")} {
		for k, v := range obj(vars) {
			env[k] = tpl.value(v)
			if ref := str(get(v, "Ref")); str(get(tpl.resource(ref), "Type")) == "AWS::S3::Bucket" {
				env[k] = strings.ToLower("hotline-prod-" + ref + "-1a2b3c4d5e6f")
			}
		}
	}
	return env
}

// TestTemplateEnvironment: each function's configuration, read from its
// deployed environment by the code its main runs, is complete and valid,
// and the template sets no HOTLINE_ variable the function does not read.
func TestTemplateEnvironment(t *testing.T) {
	tpl := loadTemplate(t)
	for _, fn := range templateFunctions(t) {
		t.Run(fn.Dir, func(t *testing.T) {
			reader, ok := configReaders[fn.Dir]
			if !ok {
				t.Fatalf("functions/%s: this test does not know how its main reads its configuration; add it to configReaders", fn.Dir)
			}
			env := environment(tpl, fn)
			read := map[string]bool{}
			for _, k := range reader.extra {
				read[k] = true
			}
			if err := reader.read(func(k string) string { read[k] = true; return env[k] }); err != nil {
				t.Errorf("with the environment of template.yaml %v:\n%v", env, err)
			}
			for _, k := range slices.Sorted(maps.Keys(env)) {
				if strings.HasPrefix(k, "HOTLINE_") && !read[k] {
					t.Errorf("%s sets %s, which functions/%s does not read", fn.ID, k, fn.Dir)
				}
			}
		})
	}
}

// tableSchema is what a table's definition says, in a comparable form.
type tableSchema struct {
	BillingMode string
	Keys        []string // "pk HASH"
	Attributes  []string // "pk S", sorted
	Indexes     []indexSchema
	TimeToLive  string // "ttl true": the attribute and whether it is enabled
}

type indexSchema struct {
	Name       string
	Keys       []string
	Projection string
	NonKey     []string
}

// captureTable is a dynamo.TableClient that keeps the CreateTableInput
// and the UpdateTimeToLiveInput.
type captureTable struct {
	in  *dynamodb.CreateTableInput
	ttl *dynamodb.UpdateTimeToLiveInput
}

func (c *captureTable) CreateTable(_ context.Context, in *dynamodb.CreateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	c.in = in
	return &dynamodb.CreateTableOutput{}, nil
}

func (c *captureTable) DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: &types.TableDescription{TableStatus: types.TableStatusActive}}, nil
}

func (c *captureTable) UpdateTimeToLive(_ context.Context, in *dynamodb.UpdateTimeToLiveInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	c.ttl = in
	return &dynamodb.UpdateTimeToLiveOutput{}, nil
}

// codeSchema is the schema dynamo.CreateTable creates.
func codeSchema(t *testing.T) tableSchema {
	t.Helper()
	var c captureTable
	if err := dynamo.CreateTable(context.Background(), &c, "hotline"); err != nil {
		t.Fatal(err)
	}
	keys := func(ks []types.KeySchemaElement) []string {
		var out []string
		for _, k := range ks {
			out = append(out, aws.ToString(k.AttributeName)+" "+string(k.KeyType))
		}
		return out
	}
	s := tableSchema{BillingMode: string(c.in.BillingMode), Keys: keys(c.in.KeySchema)}
	for _, a := range c.in.AttributeDefinitions {
		s.Attributes = append(s.Attributes, aws.ToString(a.AttributeName)+" "+string(a.AttributeType))
	}
	slices.Sort(s.Attributes)
	for _, g := range c.in.GlobalSecondaryIndexes {
		s.Indexes = append(s.Indexes, indexSchema{Name: aws.ToString(g.IndexName), Keys: keys(g.KeySchema),
			Projection: string(g.Projection.ProjectionType), NonKey: g.Projection.NonKeyAttributes})
	}
	slices.SortFunc(s.Indexes, func(a, b indexSchema) int { return strings.Compare(a.Name, b.Name) })
	if c.ttl != nil {
		spec := c.ttl.TimeToLiveSpecification
		s.TimeToLive = fmt.Sprint(aws.ToString(spec.AttributeName), " ", aws.ToBool(spec.Enabled))
	}
	return s
}

// templateSchema is the schema of a table of the template.
func templateSchema(p map[string]any) tableSchema {
	keys := func(v any) []string {
		var out []string
		for _, k := range list(v) {
			out = append(out, str(get(k, "AttributeName"))+" "+str(get(k, "KeyType")))
		}
		return out
	}
	s := tableSchema{BillingMode: str(p["BillingMode"]), Keys: keys(p["KeySchema"])}
	for _, a := range list(p["AttributeDefinitions"]) {
		s.Attributes = append(s.Attributes, str(get(a, "AttributeName"))+" "+str(get(a, "AttributeType")))
	}
	slices.Sort(s.Attributes)
	for _, g := range list(p["GlobalSecondaryIndexes"]) {
		var nonKey []string
		for _, a := range list(get(g, "Projection", "NonKeyAttributes")) {
			nonKey = append(nonKey, str(a))
		}
		s.Indexes = append(s.Indexes, indexSchema{Name: str(get(g, "IndexName")), Keys: keys(get(g, "KeySchema")),
			Projection: str(get(g, "Projection", "ProjectionType")), NonKey: nonKey})
	}
	slices.SortFunc(s.Indexes, func(a, b indexSchema) int { return strings.Compare(a.Name, b.Name) })
	if ttl := obj(p["TimeToLiveSpecification"]); ttl != nil {
		s.TimeToLive = fmt.Sprint(str(ttl["AttributeName"]), " ", ttl["Enabled"] == true)
	}
	return s
}

// TestTemplateTable: the deployed table has the schema dynamo.CreateTable
// gives the local one (keys, attributes, indexes and their projections,
// the time to live of sessions),
// with point-in-time recovery, encryption and deletion protection.
func TestTemplateTable(t *testing.T) {
	tpl := loadTemplate(t)
	tables := tpl.resources("AWS::DynamoDB::Table")
	if len(tables) != 1 {
		t.Fatalf("template.yaml has tables %v, want one", tables)
	}
	p := obj(tpl.resource(tables[0])["Properties"])
	if diff := cmp.Diff(codeSchema(t), templateSchema(p)); diff != "" {
		t.Errorf("table %s against dynamo.CreateTable (-code +template):\n%s", tables[0], diff)
	}
	if got := codeSchema(t).TimeToLive; got != "ttl true" {
		t.Errorf("dynamo.CreateTable's time to live is %q, want \"ttl true\"", got)
	}
	if get(p, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") != true {
		t.Error("the table has no point-in-time recovery")
	}
	if get(p, "SSESpecification", "SSEEnabled") != true {
		t.Error("the table is not encrypted with KMS")
	}
	if p["DeletionProtectionEnabled"] == nil {
		t.Error("the table has no deletion protection")
	}
	if r := tpl.resource(tables[0]); r["DeletionPolicy"] != "Retain" {
		t.Errorf("the table's DeletionPolicy is %v, want Retain", r["DeletionPolicy"])
	}
	if ref := refTo(get(tpl.doc, "Globals", "Function", "Environment", "Variables", cloud.EnvTable)); ref != tables[0] {
		t.Errorf("%s is %q, not the table", cloud.EnvTable, ref)
	}
}

// TestTemplateSchedule: the month-end function runs at 00:05 on the 1st of
// each month in the policy's zone, with the schedule's request, retries, a
// dead-letter queue for what fails, and an alarm on that queue.
func TestTemplateSchedule(t *testing.T) {
	tpl := loadTemplate(t)
	var monthly *function
	var schedules []map[string]any
	for _, fn := range templateFunctions(t) {
		for name, ev := range obj(fn.Props["Events"]) {
			if get(ev, "Type") == "ScheduleV2" || get(ev, "Type") == "Schedule" {
				if fn.Dir != "monthly-scores" {
					t.Errorf("%s.%s: only monthly-scores runs on a schedule", fn.ID, name)
					continue
				}
				schedules = append(schedules, obj(get(ev, "Properties")))
				monthly = &fn
			}
		}
	}
	if len(schedules) != 1 {
		t.Fatalf("%d schedules of monthly-scores, want one ScheduleV2 event", len(schedules))
	}
	s := schedules[0]
	zone := policy.Builtin().Timezone
	if s["ScheduleExpressionTimezone"] != zone {
		t.Errorf("ScheduleExpressionTimezone %v, want the policy's %s", s["ScheduleExpressionTimezone"], zone)
	}
	if env := environment(tpl, *monthly); env[cloud.EnvTimezone] != zone {
		t.Errorf("%s of monthly-scores is %q, want the schedule's %s", cloud.EnvTimezone, env[cloud.EnvTimezone], zone)
	}
	if s["ScheduleExpression"] != "cron(5 0 * * ? *)" {
		t.Errorf("ScheduleExpression %v, want cron(5 0 * * ? *): 00:05 each day (SPEC §12: the 1st computes, every day finalises)", s["ScheduleExpression"])
	}
	req, err := monthend.ParseRequest([]byte(str(s["Input"])))
	if err != nil || req.Action != monthend.Scheduled {
		t.Errorf("the schedule's Input %v is not the scheduled request: %+v, %v", s["Input"], req, err)
	}
	if get(s, "RetryPolicy", "MaximumRetryAttempts") == nil {
		t.Error("the schedule has no retry policy")
	}
	queue := refTo(get(s, "DeadLetterConfig", "Arn"))
	if str(get(tpl.resource(queue), "Type")) != "AWS::SQS::Queue" {
		t.Fatalf("the schedule's dead-letter queue %q is not a queue of the template", queue)
	}
	if q := refTo(get(monthly.Props, "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination")); q != queue {
		t.Errorf("failed month-end runs go to %q, not to the dead-letter queue %s", q, queue)
	}
	alarmed := false
	for _, id := range tpl.resources("AWS::CloudWatch::Alarm") {
		p := obj(tpl.resource(id)["Properties"])
		for _, d := range list(p["Dimensions"]) {
			if p["MetricName"] == "ApproximateNumberOfMessagesVisible" && refTo(get(d, "Value")) == queue {
				alarmed = true
			}
		}
	}
	if !alarmed {
		t.Errorf("no alarm on the depth of %s", queue)
	}
	if monthly.Props["Timeout"] != 900 {
		t.Errorf("monthly-scores Timeout %v, want 900", monthly.Props["Timeout"])
	}
	if mb, err := strconv.Atoi(tpl.value(monthly.Props["MemorySize"])); err != nil || mb < 3538 {
		t.Errorf("monthly-scores MemorySize %v, want 3538 MB or more (two vCPUs)", monthly.Props["MemorySize"])
	}
}

// statements returns the Allow statements of a role: inline and managed
// policies of the template, both branches of an Fn::If.
func statements(tpl *cfnTemplate, role string) []map[string]any {
	p := obj(tpl.resource(role)["Properties"])
	var docs []any
	for _, pol := range list(p["Policies"]) {
		docs = append(docs, get(pol, "PolicyDocument"))
	}
	for _, arn := range list(p["ManagedPolicyArns"]) {
		docs = append(docs, get(tpl.resource(refTo(arn)), "Properties", "PolicyDocument"))
	}
	var out []map[string]any
	var add func(v any)
	add = func(v any) {
		if branches := list(get(v, "Fn::If")); len(branches) == 3 {
			add(branches[1])
			add(branches[2])
			return
		}
		if s := obj(v); s != nil && s["Effect"] == "Allow" {
			out = append(out, s)
		}
	}
	for _, d := range docs {
		for _, s := range list(get(d, "Statement")) {
			add(s)
		}
	}
	return out
}

// actions lists a statement's actions.
func actions(s map[string]any) []string {
	if a := str(s["Action"]); a != "" {
		return []string{a}
	}
	var out []string
	for _, a := range list(s["Action"]) {
		out = append(out, str(a))
	}
	return out
}

// storeActions are the IAM actions of the DynamoDB calls the store makes
// (dynamo.Client): a transaction is authorised per action, Put and Update.
func storeActions() map[string]bool {
	out := map[string]bool{}
	client := reflect.TypeFor[dynamo.Client]()
	for i := range client.NumMethod() {
		switch m := client.Method(i).Name; m {
		case "TransactWriteItems":
			out["dynamodb:PutItem"], out["dynamodb:UpdateItem"] = true, true
		default:
			out["dynamodb:"+m] = true
		}
	}
	return out
}

// TestTemplatePermissions: each function has a role of its own whose
// grants name actions (never "*"), on named resources, and whose DynamoDB
// actions are calls the store makes; only the api function, which signs
// people out (SPEC §11), may delete an item; S3 is only put to and read
// from (the publisher, the uploads), on objects under a prefix, never the
// whole bucket.
func TestTemplatePermissions(t *testing.T) {
	tpl := loadTemplate(t)
	calls := storeActions()
	roles := map[string]string{}
	for _, fn := range templateFunctions(t) {
		deletes := false
		role := refTo(fn.Props["Role"])
		if str(get(tpl.resource(role), "Type")) != "AWS::IAM::Role" {
			t.Errorf("%s: Role %v is not a role of the template", fn.ID, fn.Props["Role"])
			continue
		}
		if other, ok := roles[role]; ok {
			t.Errorf("%s and %s share the role %s", other, fn.ID, role)
		}
		roles[role] = fn.ID
		if len(statements(tpl, role)) == 0 {
			t.Errorf("%s: role %s grants nothing", fn.ID, role)
		}
		for _, s := range statements(tpl, role) {
			for _, a := range actions(s) {
				if strings.Contains(a, "*") {
					t.Errorf("%s: role %s grants %q", fn.ID, role, a)
				}
				if strings.HasPrefix(a, "dynamodb:") && !calls[a] {
					t.Errorf("%s: role %s grants %s, which the store never calls", fn.ID, role, a)
				}
				deletes = deletes || a == "dynamodb:DeleteItem"
				if strings.HasPrefix(a, "s3:") {
					if a != "s3:PutObject" && a != "s3:GetObject" {
						t.Errorf("%s: role %s grants %s: the code only puts and gets objects", fn.ID, role, a)
					}
					prefix, ok := strings.CutPrefix(str(get(s["Resource"], "Fn::Sub")), "${ReportBucket.Arn}/")
					if prefix, ok = strings.CutSuffix(prefix, "/*"); !ok || prefix == "" || strings.Contains(prefix, "*") {
						t.Errorf("%s: role %s grants %s on %v, not on the objects under a prefix of the report bucket", fn.ID, role, a, s["Resource"])
					}
				}
			}
			if s["Resource"] == "*" {
				t.Errorf("%s: role %s grants %v on every resource", fn.ID, role, actions(s))
			}
		}
		if want := fn.Dir == "api"; deletes != want {
			t.Errorf("%s: role %s grants dynamodb:DeleteItem: %v, want %v (sign-out is the api's)", fn.ID, role, deletes, want)
		}
	}
}

// TestTemplateUploads: the files too large for a request body
// (shared/cloud/uploads.go) go to the report bucket under
// cloud.UploadsPrefix: the api function, and only it, is told the bucket
// and may put and get objects there, and nowhere else in the bucket but
// what it already could; the bucket expires them after 7 days (and their
// noncurrent versions, versioning being on); and the published reports may
// not be put under that prefix, where they would expire.
func TestTemplateUploads(t *testing.T) {
	tpl := loadTemplate(t)
	uploads := "${ReportBucket.Arn}/" + cloud.UploadsPrefix + "*"
	for _, fn := range templateFunctions(t) {
		v, set := obj(get(fn.Props, "Environment", "Variables"))[cloud.EnvUploadsBucket]
		if want := fn.Dir == "api"; set != want || set && refTo(v) != "ReportBucket" {
			t.Errorf("%s: %s = %v (set %v), want !Ref ReportBucket on the api function only", fn.ID, cloud.EnvUploadsBucket, v, want)
		}
		granted := map[string]bool{}
		for _, st := range statements(tpl, refTo(fn.Props["Role"])) {
			resources := list(st["Resource"])
			if len(resources) == 0 {
				resources = []any{st["Resource"]}
			}
			for _, r := range resources {
				if str(get(r, "Fn::Sub")) != uploads {
					continue
				}
				for _, a := range actions(st) {
					granted[a] = true
				}
			}
		}
		want := map[string]bool{}
		if fn.Dir == "api" {
			want = map[string]bool{"s3:PutObject": true, "s3:GetObject": true}
		}
		if diff := cmp.Diff(want, granted); diff != "" {
			t.Errorf("%s: grants on %s (-want +got):\n%s", fn.ID, uploads, diff)
		}
	}

	var rules []any
	for _, r := range list(get(tpl.resource("ReportBucket"), "Properties", "LifecycleConfiguration", "Rules")) {
		if str(get(r, "Prefix")) == cloud.UploadsPrefix || str(get(r, "Filter", "Prefix")) == cloud.UploadsPrefix {
			rules = append(rules, r)
		}
	}
	if len(rules) != 1 {
		t.Fatalf("ReportBucket has %d lifecycle rules of %s, want 1", len(rules), cloud.UploadsPrefix)
	}
	r := obj(rules[0])
	if r["Status"] != "Enabled" || r["ExpirationInDays"] != 7 || get(r, "NoncurrentVersionExpiration", "NoncurrentDays") == nil {
		t.Errorf("the lifecycle rule of %s: %v; want enabled, current versions expired after 7 days, noncurrent ones after", cloud.UploadsPrefix, r)
	}
	if got := tpl.refused(t, map[string]string{"ReportPrefix": strings.TrimSuffix(cloud.UploadsPrefix, "/")}); len(got) == 0 {
		t.Errorf("ReportPrefix %s is not refused: the published reports would expire with the uploads", cloud.UploadsPrefix)
	}
	if got := tpl.refused(t, nil); len(got) > 0 {
		t.Errorf("the defaults are refused: %v", got)
	}
}

// mentions reports whether v refers to the resource id: a Ref, an
// Fn::GetAtt, or an Fn::Sub naming ${id} or ${id.Attribute}.
func mentions(v any, id string) bool {
	switch v := v.(type) {
	case map[string]any:
		if refTo(v) == id {
			return true
		}
		if sub, ok := v["Fn::Sub"]; ok {
			tpl := str(sub)
			if l := list(sub); len(l) > 0 {
				tpl = str(l[0])
			}
			if strings.Contains(tpl, "${"+id+"}") || strings.Contains(tpl, "${"+id+".") {
				return true
			}
		}
		for _, e := range v {
			if mentions(e, id) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if mentions(e, id) {
				return true
			}
		}
	}
	return false
}

// truth evaluates a condition of the template, or a rule's condition or
// assertion, with the parameter values given (a parameter not given has
// its default).
func (c *cfnTemplate) truth(t *testing.T, v any, values map[string]string) bool {
	t.Helper()
	operand := func(v any) string {
		if ref := str(get(v, "Ref")); ref != "" {
			if val, ok := values[ref]; ok {
				return val
			}
			p := obj(get(c.doc, "Parameters", ref))
			if p == nil {
				t.Fatalf("%s is not a parameter", ref)
			}
			return c.value(p["Default"])
		}
		return c.value(v)
	}
	m := obj(v)
	if len(m) != 1 {
		t.Fatalf("not a condition: %v", v)
	}
	for fn, args := range m {
		switch l := list(args); fn {
		case "Condition":
			return c.truth(t, get(c.doc, "Conditions", str(args)), values)
		case "Fn::Not":
			return !c.truth(t, l[0], values)
		case "Fn::And", "Fn::Or":
			all, some := true, false
			for _, a := range l {
				b := c.truth(t, a, values)
				all, some = all && b, some || b
			}
			if fn == "Fn::And" {
				return all
			}
			return some
		case "Fn::Equals":
			return operand(l[0]) == operand(l[1])
		default:
			t.Fatalf("condition function %s is not evaluated here", fn)
		}
	}
	return false
}

// refused returns the descriptions of the template's rules that refuse
// the parameter values (a rule applies when its RuleCondition holds or it
// has none; it refuses when one of its assertions fails).
func (c *cfnTemplate) refused(t *testing.T, values map[string]string) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(obj(c.doc["Rules"]))) {
		rule := obj(get(c.doc, "Rules", name))
		if cond, ok := rule["RuleCondition"]; ok && !c.truth(t, cond, values) {
			continue
		}
		for _, a := range list(rule["Assertions"]) {
			if !c.truth(t, get(a, "Assert"), values) {
				out = append(out, name+": "+str(get(a, "AssertDescription")))
			}
		}
	}
	return out
}

// TestTemplateApiDomain: the custom domain a WeChat mini-program calls
// (docs/deploy.md, "Serving the WeChat mini-program") is optional. Its two
// parameters default to empty, which deploys no domain (the stack as
// before); a domain without its certificate, or a certificate without its
// domain, is refused by a rule before anything is created; with both, a
// regional domain with the TLS 1.2 policy maps the HttpApi's stage at its
// root, and the outputs give its DNS target. Everything that refers to
// the domain is under the condition HasApiDomain.
func TestTemplateApiDomain(t *testing.T) {
	tpl := loadTemplate(t)
	const cond = "HasApiDomain"
	for _, name := range []string{"ApiDomainName", "ApiCertificateArn"} {
		p := obj(get(tpl.doc, "Parameters", name))
		if p == nil {
			t.Errorf("no parameter %s", name)
			continue
		}
		if p["Type"] != "String" || p["Default"] != "" || str(p["Description"]) == "" {
			t.Errorf("parameter %s: Type %v, Default %#v, Description %q; want a described String defaulting to empty", name, p["Type"], p["Default"], p["Description"])
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	if get(tpl.doc, "Conditions", cond) == nil {
		t.Fatalf("no condition %s", cond)
	}

	domain, cert := "hotline-api.example.gov.cn", "arn:aws-cn:acm:cn-north-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	for _, c := range []struct {
		name    string
		values  map[string]string
		has     bool
		refused bool
	}{
		{"the defaults", nil, false, false},
		{"a domain and its certificate", map[string]string{"ApiDomainName": domain, "ApiCertificateArn": cert}, true, false},
		{"a domain alone", map[string]string{"ApiDomainName": domain}, false, true},
		{"a certificate alone", map[string]string{"ApiCertificateArn": cert}, false, true},
	} {
		if got := tpl.truth(t, map[string]any{"Condition": cond}, c.values); got != c.has {
			t.Errorf("%s: %s is %v, want %v", c.name, cond, got, c.has)
		}
		if got := tpl.refused(t, c.values); (len(got) > 0) != c.refused {
			t.Errorf("%s: refused by %q, want refused %v", c.name, got, c.refused)
		}
		for name, val := range c.values {
			pattern := str(get(tpl.doc, "Parameters", name, "AllowedPattern"))
			if ok, err := regexp.MatchString(pattern, val); err != nil || !ok {
				t.Errorf("%s: %s=%s does not match its AllowedPattern %q (%v)", c.name, name, val, pattern, err)
			}
		}
	}

	domains := tpl.resources("AWS::ApiGatewayV2::DomainName")
	mappings := tpl.resources("AWS::ApiGatewayV2::ApiMapping")
	if len(domains) != 1 || len(mappings) != 1 {
		t.Fatalf("domain names %v and API mappings %v, want one of each", domains, mappings)
	}
	id := domains[0]
	d := obj(tpl.resource(id)["Properties"])
	if refTo(d["DomainName"]) != "ApiDomainName" {
		t.Errorf("%s: DomainName %v, want the parameter ApiDomainName", id, d["DomainName"])
	}
	configs := list(d["DomainNameConfigurations"])
	if len(configs) != 1 {
		t.Fatalf("%s: %d DomainNameConfigurations, want one", id, len(configs))
	}
	dc := obj(configs[0])
	if dc["EndpointType"] != "REGIONAL" {
		t.Errorf("%s: EndpointType %v, want REGIONAL (an HTTP API has no edge-optimized domain)", id, dc["EndpointType"])
	}
	if dc["SecurityPolicy"] != "TLS_1_2" {
		t.Errorf("%s: SecurityPolicy %v, want TLS_1_2", id, dc["SecurityPolicy"])
	}
	if refTo(dc["CertificateArn"]) != "ApiCertificateArn" {
		t.Errorf("%s: CertificateArn %v, want the parameter ApiCertificateArn", id, dc["CertificateArn"])
	}

	m := obj(tpl.resource(mappings[0])["Properties"])
	api := refTo(m["ApiId"])
	if str(get(tpl.resource(api), "Type")) != "AWS::Serverless::HttpApi" {
		t.Errorf("%s: ApiId %v, not the HttpApi of the template", mappings[0], m["ApiId"])
	}
	// SAM makes the HttpApi's stage ($default, no StageName) and resolves
	// <api>.Stage to it, so the mapping waits for the stage.
	if got := str(get(m["Stage"], "Ref")); got != api+".Stage" {
		t.Errorf("%s: Stage %v, want !Ref %s.Stage (the stage SAM makes)", mappings[0], m["Stage"], api)
	}
	if refTo(m["DomainName"]) != id {
		t.Errorf("%s: DomainName %v, want !Ref %s", mappings[0], m["DomainName"], id)
	}
	if key := str(m["ApiMappingKey"]); key != "" {
		t.Errorf("%s: ApiMappingKey %q; the routes must stay at the root (https://<domain>/v1/...)", mappings[0], key)
	}
	if get(tpl.resource(api), "Properties", "Domain") != nil {
		t.Errorf("%s has a Domain as well as %s", api, id)
	}

	for _, r := range []string{id, mappings[0]} {
		if got := tpl.resource(r)["Condition"]; got != cond {
			t.Errorf("resource %s: Condition %v, want %s", r, got, cond)
		}
	}
	for name, r := range obj(tpl.doc["Resources"]) {
		if name != id && mentions(r, id) && get(r, "Condition") != cond {
			t.Errorf("resource %s refers to %s without the condition %s", name, id, cond)
		}
	}
	outputs := obj(tpl.doc["Outputs"])
	for name, o := range outputs {
		if mentions(o, id) && get(o, "Condition") != cond {
			t.Errorf("output %s refers to %s without the condition %s", name, id, cond)
		}
	}
	for name, attr := range map[string]string{"RegionalDomainName": "RegionalDomainName", "RegionalHostedZoneId": "RegionalHostedZoneId"} {
		ga := list(get(outputs, name, "Value", "Fn::GetAtt"))
		if len(ga) != 2 || ga[0] != id || ga[1] != attr {
			t.Errorf("output %s: %v, want !GetAtt %s.%s", name, get(outputs, name, "Value"), id, attr)
		}
	}
	if !mentions(get(outputs, "ApiCustomUrl", "Value"), id) || !strings.HasPrefix(str(get(outputs, "ApiCustomUrl", "Value", "Fn::Sub")), "https://") {
		t.Errorf("output ApiCustomUrl: %v, want the https URL of %s", get(outputs, "ApiCustomUrl", "Value"), id)
	}
}

// TestTemplateLint runs cfn-lint on template.yaml, informational checks
// included: it must say nothing.
func TestTemplateLint(t *testing.T) {
	lint := testenv.Tool(t, "cfn-lint", "pip install cfn-lint")
	cmd := exec.Command(lint, "--include-checks", "I", "--", "template.yaml")
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("cfn-lint template.yaml: %v\n%s", err, out)
	}
}

// TestTemplateSamBuild runs `sam build` offline, in the source as
// samconfig.toml says (a copy of the checkout would take its .bench and
// .demo along), into a temporary directory, and checks one static
// linux/arm64 bootstrap per function.
func TestTemplateSamBuild(t *testing.T) {
	sam := testenv.Tool(t, "sam", "pip install aws-sam-cli")
	dir := t.TempDir()
	cmd := exec.Command(sam, "build", "--build-in-source", "--parallel", "--template", "template.yaml", "--build-dir", dir)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "SAM_CLI_TELEMETRY=0")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sam build: %v\n%s", err, out)
	}
	t.Logf("sam build: %s", time.Since(start).Round(100*time.Millisecond))
	defer func() {
		if t.Failed() {
			t.Logf("sam build output:\n%s", out)
		}
	}()
	for _, fn := range templateFunctions(t) {
		path := filepath.Join(dir, fn.ID, "bootstrap")
		f, err := elf.Open(path)
		if err != nil {
			t.Errorf("%s: %v", fn.ID, err)
			continue
		}
		if f.Machine != elf.EM_AARCH64 {
			t.Errorf("%s: bootstrap for %s, want arm64", fn.ID, f.Machine)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("%s: bootstrap is dynamically linked", fn.ID)
			}
		}
		f.Close()
	}
	// The built template points each function at its build.
	data, err := os.ReadFile(filepath.Join(dir, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatalf("the built template: %v", err)
	}
	built, err := cfnValue(&n)
	if err != nil {
		t.Fatalf("the built template: %v", err)
	}
	for _, fn := range templateFunctions(t) {
		if uri := get(built, "Resources", fn.ID, "Properties", "CodeUri"); uri != fn.ID {
			t.Errorf("the built template: %s.CodeUri is %v, want %s", fn.ID, uri, fn.ID)
		}
	}
}

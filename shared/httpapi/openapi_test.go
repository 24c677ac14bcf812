package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/httpapi"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// openapiPath is the API document, kept in step with the route table and
// the responses by the tests of this file.
const openapiPath = "../../docs/openapi.yaml"

// apiDoc is the parsed API document.
type apiDoc struct {
	root map[string]any
}

func loadDoc(t testing.TB) *apiDoc {
	t.Helper()
	data, err := os.ReadFile(openapiPath)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatalf("%s: %v", openapiPath, err)
	}
	if v, _ := root["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Fatalf("%s: openapi %q, want 3.x", openapiPath, v)
	}
	return &apiDoc{root: root}
}

// operations lists the documented operations as "METHOD /path".
func (d *apiDoc) operations() map[string]map[string]any {
	ops := map[string]map[string]any{}
	paths, _ := d.root["paths"].(map[string]any)
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options":
				ops[strings.ToUpper(method)+" "+path], _ = op.(map[string]any)
			}
		}
	}
	return ops
}

// resolve follows $ref to the node it names.
func (d *apiDoc) resolve(node map[string]any) map[string]any {
	for range 10 {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		var cur any = d.root
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, _ := cur.(map[string]any)
			cur = m[part]
		}
		next, ok := cur.(map[string]any)
		if !ok {
			return map[string]any{"x-unresolved": ref}
		}
		node = next
	}
	return node
}

// TestOpenAPIRoutes: every API route of the table is documented with its
// method, every documented operation is a route of the table, and the
// signed routes, only they, name the signature headers; the routes of
// people (SPEC §11) name the session cookie, and only it, in every
// requirement but the empty one (a session optional).
func TestOpenAPIRoutes(t *testing.T) {
	doc := loadDoc(t)
	ops := doc.operations()
	table := map[string]httpapi.Route{}
	for _, r := range httpapi.Routes() {
		if r.Access != httpapi.Page {
			table[r.Method+" "+r.Pattern] = r
		}
	}
	for key, r := range table {
		op, ok := ops[key]
		if !ok {
			t.Errorf("%s is a route but is not documented", key)
			continue
		}
		security, _ := op["security"].([]any)
		if signed := r.Access != httpapi.Public; signed != (len(security) > 0) {
			t.Errorf("%s: access %s, documented security %v", key, r.Access, security)
		}
		cookie := false
		for _, req := range security {
			_, ok := req.(map[string]any)["session"]
			cookie = cookie || ok
			if ok && len(req.(map[string]any)) != 1 {
				t.Errorf("%s: the session cookie with another scheme in %v", key, req)
			}
		}
		if cookie != (r.Access == httpapi.Person || r.Access == httpapi.AdminOrAccount) {
			t.Errorf("%s: access %s, documented security %v", key, r.Access, security)
		}
		if r.Access == httpapi.AdminOrAccount && len(security) != 2 {
			t.Errorf("%s: access %s, documented security %v, want the signature or the session", key, r.Access, security)
		}
		if _, ok := op["responses"].(map[string]any); !ok {
			t.Errorf("%s: no responses documented", key)
		}
	}
	for key := range ops {
		if _, ok := table[key]; !ok {
			t.Errorf("%s is documented but is not a route", key)
		}
	}
	schemes, _ := doc.root["components"].(map[string]any)["securitySchemes"].(map[string]any)
	var headers, cookies []string
	for _, s := range schemes {
		s := s.(map[string]any)
		switch s["in"] {
		case "header":
			headers = append(headers, s["name"].(string))
		case "cookie":
			cookies = append(cookies, s["name"].(string))
		default:
			t.Errorf("a security scheme in %v", s["in"])
		}
	}
	sort.Strings(headers)
	if want := []string{"X-Hotline-Client", "X-Hotline-Signature", "X-Hotline-Timestamp"}; !slices.Equal(headers, want) {
		t.Errorf("security schemes on headers %v, want %v", headers, want)
	}
	if want := []string{httpapi.SessionCookie}; !slices.Equal(cookies, want) {
		t.Errorf("security schemes on cookies %v, want %v", cookies, want)
	}
	if _, ok := schemes["session"]; !ok {
		t.Error("no security scheme session")
	}
}

// TestOpenAPIErrorCodes: the documented codes are the server's codes.
func TestOpenAPIErrorCodes(t *testing.T) {
	doc := loadDoc(t)
	schema := doc.resolve(map[string]any{"$ref": "#/components/schemas/Error"})
	code := schema["properties"].(map[string]any)["code"].(map[string]any)
	var documented []string
	for _, c := range code["enum"].([]any) {
		documented = append(documented, c.(string))
	}
	sort.Strings(documented)
	if diff := cmp.Diff(httpapi.ErrorCodes(), documented); diff != "" {
		t.Errorf("error codes (-server +document):\n%s", diff)
	}
}

// exchange is one request of the sample session and its response.
type exchange struct {
	req *http.Request
	rec *httptest.ResponseRecorder
}

// session records requests to a server.
type session struct {
	t         *testing.T
	exchanges []exchange
}

func (s *session) send(a *api, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	s.exchanges = append(s.exchanges, exchange{req, rec})
	return rec
}

func (s *session) get(a *api, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.send(a, req)
}

func (s *session) signed(a *api, method, path, client, body string) *httptest.ResponseRecorder {
	rec := a.signed(method, path, client, body)
	s.exchanges = append(s.exchanges, exchange{httptest.NewRequest(method, path, nil), rec})
	return rec
}

// sampleSession calls every route, in success and in error, over a
// generated district.
func sampleSession(t *testing.T) *session {
	s := &session{t: t}
	a := newAPI(t)
	first := a.reg.At(0).ID
	s.get(a, "/v1/months")
	s.get(a, "/v1/months/2026-10/ranking")
	s.get(a, "/v1/units/"+first+"/history")
	s.signed(a, http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-10"}`)
	for _, m := range []string{"2026-08", "2026-09", "2026-10"} {
		s.signed(a, http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"`+m+`"}`)
	}
	s.signed(a, http.MethodPost, "/v1/admin/recompute", "centre", `{"year":"2026"}`)
	s.signed(a, http.MethodPost, "/v1/admin/finalize", "centre", `{"month":"2026-09"}`)
	s.get(a, "/v1/months")
	for _, period := range []string{"/v1/months/2026-10", "/v1/months/2026-09", "/v1/years/2026"} {
		tag := s.get(a, period+"/ranking").Header().Get("ETag")
		s.get(a, period+"/ranking", "If-None-Match", tag)
		s.get(a, period+"/ranking?group=town_street")
		s.get(a, period+"/ranking?group=department&version=1")
		s.get(a, period+"/ranking?group=x")
		s.get(a, period+"/ranking?version=7")
		s.get(a, period+"/ranking?view=summary")
		s.get(a, period+"/ranking?view=summary&group=department")
		s.get(a, period+"/ranking?view=full&group=town_street")
		s.get(a, period+"/ranking?view=short")
	}
	s.get(a, "/v1/months/2026-13/ranking")
	s.get(a, "/v1/years/1/ranking")
	for i := range a.reg.Len() {
		id := a.reg.At(i).ID
		s.get(a, "/v1/months/2026-10/units/"+id)
		s.get(a, "/v1/months/2026-09/units/"+id)
		s.get(a, "/v1/units/"+id+"/history")
	}
	s.get(a, "/v1/months/2026-10/units/"+first+"?limit=1")
	s.get(a, "/v1/months/2026-10/units/"+first+"?limit=1000")
	s.get(a, "/v1/months/2026-10/units/"+first+"?cursor=v1.1&limit=2")
	s.get(a, "/v1/months/2026-10/units/"+first+"?cursor=x")
	s.get(a, "/v1/months/2026-10/units/nobody")
	s.get(a, "/v1/months/2026-10/units/"+first, "If-None-Match", "*")
	s.get(a, "/v1/units/nobody/history")
	s.get(a, "/v1/units/b%20c/history")
	s.get(a, "/v1/units")

	var units bytes.Buffer
	units.WriteString(`{"units":[`)
	for i := range a.reg.Len() {
		u := a.reg.At(i)
		if i > 0 {
			units.WriteByte(',')
		}
		if i == 0 { // aliases, issue 15
			fmt.Fprintf(&units, `{"id":%q,"name":%q,"group":%q,"aliases":[%q]}`, u.ID, u.Name, u.Group, "别名"+u.Name)
			continue
		}
		fmt.Fprintf(&units, `{"id":%q,"name":%q,"group":%q}`, u.ID, u.Name, u.Group)
	}
	units.WriteString(`]}`)
	s.signed(a, http.MethodPut, "/v1/admin/units", "centre", units.String())
	s.get(a, "/v1/units")
	s.signed(a, http.MethodPut, "/v1/admin/units", "centre", `{"units":[{"id":"a","name":"A","group":"department"},{"id":"b","name":"B","group":"department","aliases":["A"]}]}`)
	s.signed(a, http.MethodPut, "/v1/admin/units", "centre", `{"units":[{"id":"a","name":"A","group":"x"}]}`)
	s.signed(a, http.MethodPut, "/v1/admin/units", "platform-12345", units.String())
	s.signed(a, http.MethodPost, "/v1/admin/recompute", "callback-system", `{"month":"2026-10"}`)
	s.send(a, httptest.NewRequest(http.MethodPost, "/v1/admin/finalize", strings.NewReader(`{"month":"2026-10"}`)))
	s.signed(a, http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10","year":"2026"}`)

	s.signed(a, http.MethodPost, "/v1/events", "platform-12345", replied)
	s.signed(a, http.MethodPost, "/v1/events", "platform-12345", replied)
	s.signed(a, http.MethodPost, "/v1/events", "platform-12345", changed)
	s.signed(a, http.MethodPost, "/v1/events", "platform-12345", badDue)
	s.signed(a, http.MethodPost, "/v1/events", "platform-12345", "["+replied+","+badDue+","+changed+"]")
	s.signed(a, http.MethodPost, "/v1/events", "platform-12345", "{")
	s.signed(a, http.MethodPost, "/v1/events", "callback-system", replied)
	s.signed(a, http.MethodPost, "/v1/callbacks", "callback-system", callback)
	s.signed(a, http.MethodPost, "/v1/callbacks", "platform-12345", replied)
	s.send(a, httptest.NewRequest(http.MethodPost, "/v1/callbacks", strings.NewReader(callback)))
	s.signed(a, http.MethodPost, "/v1/events", "platform-12345", "["+strings.Repeat(" ", httpapi.MaxBody)+"]")

	s.signed(a, http.MethodPost, "/v1/admin/imports?dry_run=true", "centre", importBody(t, a))
	s.signed(a, http.MethodPost, "/v1/admin/imports", "centre", importBody(t, a))
	s.signed(a, http.MethodPost, "/v1/admin/imports", "centre", `{"key":"imports/2026-10-01/x/none.csv"}`)
	s.signed(a, http.MethodPost, "/v1/admin/imports/uploads", "centre", `{"file":"平台导出.xlsx"}`)
	s.signed(a, http.MethodPost, "/v1/admin/imports/uploads", "centre", `{"file":"a.exe"}`)

	empty := newAPIOver(t, memstore.New(shanghai(t)), a.reg)
	s.get(empty, "/v1/units")
	s.signed(empty, http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`)
	noCompute := newAPIOver(t, a.store, a.reg, withoutCompute)
	s.signed(noCompute, http.MethodPost, "/v1/admin/recompute", "centre", `{"month":"2026-10"}`)

	sampleSessions(s, a)
	return s
}

// sampleSessions calls the routes of people (SPEC §11), in success and in
// error, on a server with the accounts of the session tests.
func sampleSessions(s *session, a *api) {
	d := newDesk(s.t)
	desk := &api{srv: d.srv, store: a.store, reg: a.reg}
	signIn := func(body string, opts ...reqOption) *httptest.ResponseRecorder {
		return s.send(desk, sessionRequest(http.MethodPost, "/v1/session", body, opts...))
	}
	rec := signIn(signInBody("wenhualu-1", unitPW))
	token := sessionCookie(s.t, rec).Value
	signIn(signInBody("li.wei", centrePW))
	s.send(desk, sessionRequest(http.MethodGet, "/v1/session", "", withCookie(token)))
	s.send(desk, sessionRequest(http.MethodGet, "/v1/session", ""))
	signIn(`{"id":"li.wei"}`)
	signIn(`{"id":"li.wei","password":"x"}`, withOrigin("https://evil.example"))
	for range httpapi.SignInFailuresPerAccount + 1 {
		signIn(signInBody("li.wei", "wrong password"))
	}
	signIn("[" + strings.Repeat(" ", httpapi.MaxBody) + "]")
	s.send(desk, sessionRequest(http.MethodDelete, "/v1/session", "", withCookie(token), withOrigin("https://evil.example")))
	s.send(desk, sessionRequest(http.MethodDelete, "/v1/session", "", withCookie(token)))
	s.send(desk, sessionRequest(http.MethodDelete, "/v1/session", ""))
	for _, m := range []string{http.MethodPost, http.MethodGet, http.MethodDelete} {
		s.send(a, sessionRequest(m, "/v1/session", signInBody("li.wei", centrePW)))
	}
	sampleAccounts(s)
	sampleDesk(s)
	sampleAppeals(s)
}

// sampleAccounts calls the accounts routes (SPEC §11) by an admin client
// and an admin account, in success and in error.
func sampleAccounts(s *session) {
	o := newOffice(s.t, true)
	desk := &api{srv: o.srv, store: o.store}
	admin := o.signIn("zhang.admin", adminPW)
	centre := o.signIn("li.wei", centrePW)
	asPerson := func(method, path, body, token string) {
		s.send(desk, sessionRequest(method, path, body, withCookie(token)))
	}
	asClient := func(method, path, client, body string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		ts := strconv.FormatInt(o.now.Unix(), 10)
		req.Header.Set(auth.HeaderClient, client)
		req.Header.Set(auth.HeaderTimestamp, ts)
		req.Header.Set(auth.HeaderSignature, signV2(client, ts, method, path, body))
		s.send(desk, req)
	}
	asClient(http.MethodGet, "/v1/admin/accounts", "centre", "")
	asPerson(http.MethodGet, "/v1/admin/accounts", "", admin)
	asPerson(http.MethodGet, "/v1/admin/accounts", "", centre)
	s.send(desk, httptest.NewRequest(http.MethodGet, "/v1/admin/accounts", nil))
	asClient(http.MethodPost, "/v1/admin/accounts", "centre", newAccountBody("edu-1", "unit", "edu", "教体局", newPW))
	asPerson(http.MethodPost, "/v1/admin/accounts", newAccountBody("wang.fang", "centre", "", "", newPW), admin)
	asPerson(http.MethodPost, "/v1/admin/accounts", newAccountBody("wang.fang", "centre", "", "", newPW), admin)
	asPerson(http.MethodPost, "/v1/admin/accounts", newAccountBody("x", "boss", "", "", "short"), admin)
	asClient(http.MethodPost, "/v1/admin/accounts", "platform-12345", newAccountBody("x", "centre", "", "", newPW))
	asPerson(http.MethodPost, "/v1/admin/accounts/wang.fang/password", passwordBody(newPW+"!"), admin)
	asClient(http.MethodPost, "/v1/admin/accounts/wang.fang/password", "centre", passwordBody("short"))
	asClient(http.MethodPost, "/v1/admin/accounts/nobody/password", "centre", passwordBody(newPW))
	asClient(http.MethodPost, "/v1/admin/accounts/edu-1/disable", "centre", "")
	asPerson(http.MethodPost, "/v1/admin/accounts/wang.fang/disable", "", admin)
	asPerson(http.MethodPost, "/v1/admin/accounts/nobody/disable", "", admin)
	asPerson(http.MethodPost, "/v1/admin/accounts/wang.fang/disable", "", centre)
	s.send(desk, sessionRequest(http.MethodPost, "/v1/admin/accounts/wang.fang/disable", "", withCookie(admin), withOrigin("https://evil.example")))
	asClient(http.MethodGet, "/v1/admin/accounts", "centre", "")
}

// TestOpenAPIResponses: every response of a session that calls every route
// has a documented status, and its body only properties the document
// declares, of the declared types and values; the document's required
// properties are there. So the API returns no field the document does not
// have. Each body is also valid as JSON Schema reads the document
// (validate): in particular it matches exactly one branch of each oneOf
// (issue 10, D3: a single-event 400 matched both branches of
// IngestRefused).
func TestOpenAPIResponses(t *testing.T) {
	doc := loadDoc(t)
	ops := doc.operations()
	routes := http.NewServeMux()
	for _, r := range httpapi.Routes() {
		if r.Access != httpapi.Page {
			routes.Handle(r.Method+" "+r.Pattern, http.NotFoundHandler())
		}
	}
	covered := map[string]bool{}
	for _, ex := range sampleSession(t).exchanges {
		_, key := routes.Handler(ex.req)
		name := fmt.Sprintf("%s %s → %d", ex.req.Method, ex.req.URL.RequestURI(), ex.rec.Code)
		op, ok := ops[key]
		if !ok {
			t.Errorf("%s: no documented operation (%q)", name, key)
			continue
		}
		if ex.rec.Code < 300 {
			covered[key] = true
		}
		responses := op["responses"].(map[string]any)
		resp, ok := responses[strconv.Itoa(ex.rec.Code)].(map[string]any)
		if !ok {
			t.Errorf("%s: status not documented for %s", name, key)
			continue
		}
		resp = doc.resolve(resp)
		content, _ := resp["content"].(map[string]any)
		if ex.rec.Body.Len() == 0 {
			if content != nil {
				t.Errorf("%s: no body, but the document has one", name)
			}
			continue
		}
		media, _ := content["application/json"].(map[string]any)
		if media == nil {
			t.Errorf("%s: a body, but the document has no JSON content", name)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(ex.rec.Body.Bytes()))
		dec.UseNumber()
		var body any
		if err := dec.Decode(&body); err != nil {
			t.Errorf("%s: the body is not JSON: %v", name, err)
			continue
		}
		for _, problem := range doc.check(media["schema"].(map[string]any), body, "$") {
			t.Errorf("%s: %s", name, problem)
		}
		for _, problem := range doc.validate(media["schema"].(map[string]any), body, "$") {
			t.Errorf("%s: as JSON Schema: %s", name, problem)
		}
	}
	for key := range ops {
		if !covered[key] {
			t.Errorf("%s: the session has no successful call of it", key)
		}
	}
}

// TestOpenAPICheckCatchesUndocumented: the check finds a property the
// schema does not declare, a wrong type and a value outside an enum.
func TestOpenAPICheckCatchesUndocumented(t *testing.T) {
	doc := loadDoc(t)
	schema := map[string]any{"$ref": "#/components/schemas/History"}
	var v any
	dec := json.NewDecoder(strings.NewReader(`{"unit_id":"a","name":"A","group":"x","phone":"1",
		"months":[{"period":"2026-10","version":"1","assessed":true,"rank":null,"total":null,"grade":null,"bottom":false,"escalation":"exile"}]}`))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	got := doc.check(schema, v, "$")
	for _, want := range []string{"$.phone", "$.group", "$.months[0].version", "$.months[0].escalation"} {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, want+":") }) {
			t.Errorf("the check missed %s: %q", want, got)
		}
	}
}

// check returns the problems of value v against schema, each starting with
// the JSON path of the value.
func (d *apiDoc) check(schema map[string]any, v any, path string) []string {
	schema = d.resolve(schema)
	if ref, ok := schema["x-unresolved"]; ok {
		return []string{fmt.Sprintf("%s: $ref %v does not resolve", path, ref)}
	}
	if _, ok := schema["allOf"]; ok {
		return []string{path + ": allOf is not supported by this check; use properties"}
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		alts, ok := schema[key].([]any)
		if !ok {
			continue
		}
		var best []string
		for _, alt := range alts {
			problems := d.check(alt.(map[string]any), v, path)
			if len(problems) == 0 {
				return nil
			}
			if best == nil || len(problems) < len(best) {
				best = problems
			}
		}
		return best
	}
	got := jsonType(v)
	if types := schemaTypes(schema); len(types) > 0 && !slices.Contains(types, got) && (got != "integer" || !slices.Contains(types, "number")) {
		return []string{fmt.Sprintf("%s: a %s, documented %v", path, got, types)}
	}
	if enum, ok := schema["enum"].([]any); ok && v != nil {
		if !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
			return []string{fmt.Sprintf("%s: %v is not one of %v", path, v, enum)}
		}
	}
	var problems []string
	switch v := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asList(schema["required"]) {
			if _, ok := v[r]; !ok {
				problems = append(problems, fmt.Sprintf("%s.%s: required but missing", path, r))
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k].(map[string]any); ok {
				problems = append(problems, d.check(p, v[k], path+"."+k)...)
			} else if extra, ok := schema["additionalProperties"].(map[string]any); ok {
				problems = append(problems, d.check(extra, v[k], path+"."+k)...)
			} else {
				problems = append(problems, fmt.Sprintf("%s.%s: a property the document does not declare", path, k))
			}
		}
	case []any:
		items, ok := schema["items"].(map[string]any)
		if !ok && len(v) > 0 {
			return []string{path + ": an array whose items are not documented"}
		}
		for i, x := range v {
			problems = append(problems, d.check(items, x, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return problems
}

func schemaTypes(schema map[string]any) []string {
	switch t := schema["type"].(type) {
	case string:
		return []string{t}
	case []any:
		return asList(t)
	}
	return nil
}

func asList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

// jsonType names the JSON type of a value decoded with UseNumber.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if strings.ContainsAny(v.String(), ".eE") {
			return "number"
		}
		return "integer"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// TestOpenAPIWellFormed: no key of the document has a null value. In a
// YAML flow mapping an unquoted comma ends the value, so
// `{ type: string, description: The field at fault, when there is one. }`
// makes a key "when there is one." with no value, and a schema keyword
// nobody asked for; three descriptions were cut so before issue 10.
func TestOpenAPIWellFormed(t *testing.T) {
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if x == nil {
					t.Errorf("%s/%s: no value (an unquoted comma in a flow mapping?)", path, k)
				}
				walk(x, path+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(loadDoc(t).root, "#")
}

// TestOpenAPIPeriodsMatchTheServer: issue 10, D4 (`GET
// /v1/years/0000/ranking` answered 400 though the document's pattern
// allowed it; `{"month","year"}` together answered 400 though the schema
// allowed it). The document says exactly what the server takes: a month or
// year of the path answers 400 exactly when the document's pattern refuses
// it, and a period body (sent to finalize, on a server whose clock is at
// the end of 2099, so that no period is in its future) answers 400 exactly
// when the document's PeriodRequest refuses it as JSON Schema reads it.
func TestOpenAPIPeriodsMatchTheServer(t *testing.T) {
	doc := loadDoc(t)
	a := newAPI(t)
	months := []string{"2026-10", "2000-01", "2099-12", "1999-12", "2100-01", "0000-01", "9999-12", "2026-13", "2026-00",
		"2026-1", "26-10", "2026-10-01", "2026_10", "+026-10", "２０２６-10", "2026-1a"}
	years := []string{"2026", "2000", "2099", "1999", "2100", "0000", "0999", "9999", "1", "20266", "+202", "-202", "２０２６", "2026 "}
	param := func(path, name string) map[string]any {
		for _, p := range doc.operations()["GET "+path]["parameters"].([]any) {
			if p := doc.resolve(p.(map[string]any)); p["name"] == name {
				return p["schema"].(map[string]any)
			}
		}
		t.Fatalf("GET %s: no parameter %s", path, name)
		return nil
	}
	for _, c := range []struct {
		route, name string
		values      []string
	}{
		{"/v1/months/{month}/ranking", "month", months},
		{"/v1/months/{month}/units/{unit}", "month", months},
		{"/v1/years/{year}/ranking", "year", years},
	} {
		schema := param(c.route, c.name)
		for _, v := range c.values {
			documented := len(doc.validate(schema, v, c.name)) == 0
			path := strings.NewReplacer("{month}", url.PathEscape(v), "{year}", url.PathEscape(v), "{unit}", a.reg.At(0).ID).Replace(c.route)
			rec := a.get(path)
			if (rec.Code != http.StatusBadRequest) != documented {
				t.Errorf("GET %s: HTTP %d, the document allows %q: %t", path, rec.Code, v, documented)
			}
		}
	}

	end := time.Date(2099, 12, 31, 23, 0, 0, 0, shanghai(t))
	late := newAPIOver(t, a.store, a.reg, func(c *httpapi.Config) { c.Now = func() time.Time { return end } })
	schema := doc.resolve(map[string]any{"$ref": "#/components/schemas/PeriodRequest"})
	var bodies []string
	for _, m := range months {
		bodies = append(bodies, `{"month":"`+m+`"}`)
	}
	for _, y := range years {
		bodies = append(bodies, `{"year":"`+y+`"}`)
		if n, err := strconv.Atoi(y); err == nil {
			bodies = append(bodies, `{"year":`+strconv.Itoa(n)+`}`)
		}
	}
	bodies = append(bodies, `{}`, `{"month":"2026-10","year":"2026"}`, `{"month":null}`, `{"year":null}`, `{"year":true}`,
		`{"month":202610}`, `{"year":2026.0}`, `{"year":2026.5}`, `{"year":2.026e3}`, `{"year":-2026}`, `{"Month":"2026-10"}`,
		`{"month":"2026-10","note":""}`, `[]`, `"2026-10"`, `null`, `{"year":["2026"]}`, `{"month":{"month":"2026-10"}}`)
	for _, body := range bodies {
		documented := len(doc.validate(schema, decodeNumbers(t, []byte(body)), "$")) == 0
		ts := strconv.FormatInt(end.Unix(), 10)
		rec := late.do(http.MethodPost, "/v1/admin/finalize", body, auth.HeaderClient, "centre", auth.HeaderTimestamp, ts,
			auth.HeaderSignature, signV2("centre", ts, http.MethodPost, "/v1/admin/finalize", body))
		if (rec.Code != http.StatusBadRequest) != documented {
			t.Errorf("finalize %s: HTTP %d %s; the document allows it: %t", body, rec.Code, rec.Body, documented)
		}
	}
}

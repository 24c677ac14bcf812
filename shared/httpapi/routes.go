package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/web"
)

// apiPrefix starts the path of every API route; every other path is the page.
const apiPrefix = "/v1/"

// Access says who may call a route.
type Access string

// The kinds of access.
const (
	Public Access = "public" // anyone, read only
	Signed Access = "signed" // a client of the keys file, signing the request
	Admin  Access = "admin"  // a signed client with admin: true
	Person Access = "person" // a person, by the session cookie (SPEC §11); signing in is open to anyone
	// AdminOrAccount: a signed admin client, as Admin, or a person signed
	// in with an account of a role the route names: admin for the accounts
	// (SPEC §11), centre or admin for the month's recompute.
	AdminOrAccount Access = "admin-or-account"
	Page           Access = "page" // the web page: not part of the API document
)

// Route is one row of the route table.
type Route struct {
	Method  string
	Pattern string // the path as net/http patterns write it: /v1/months/{month}/ranking
	Access  Access
	handler http.Handler
}

// routes is the route table: every route of the system, in one place.
func (s *Server) routes() []Route {
	return []Route{
		// Ingest (signed by a client; see ingest.go).
		{http.MethodPost, "/v1/events", Signed, s.ingest(event.Types())},
		{http.MethodPost, "/v1/callbacks", Signed, s.ingest([]event.Type{event.Callback})},

		// The published results (public, read only).
		{http.MethodGet, "/v1/months", Public, http.HandlerFunc(s.months)},
		{http.MethodGet, "/v1/months/{month}/ranking", Public, s.ranking(monthPeriod)},
		{http.MethodGet, "/v1/months/{month}/units/{unit}", Public, http.HandlerFunc(s.unitMonth)},
		{http.MethodGet, "/v1/years/{year}/ranking", Public, s.ranking(yearPeriod)},
		{http.MethodGet, "/v1/units", Public, http.HandlerFunc(s.units)},
		{http.MethodGet, "/v1/units/{unit}/history", Public, http.HandlerFunc(s.history)},

		// Administration (signed by an admin client; see admin.go); the
		// recompute also by a centre or admin account (adminaccount.go).
		{http.MethodPut, "/v1/admin/units", Admin, s.admin(s.putUnits)},
		{http.MethodPost, "/v1/admin/recompute", AdminOrAccount, s.adminOrRole([]account.Role{account.Centre, account.Admin}, s.recompute)},
		// The finalisation also by an admin account (SPEC §12.4).
		{http.MethodPost, "/v1/admin/finalize", AdminOrAccount, s.adminOrRole([]account.Role{account.Admin}, s.finalize)},

		// The accounts of people (SPEC §11), by an admin client or an admin
		// account signed in (see adminaccount.go, accounts.go).
		{http.MethodGet, "/v1/admin/accounts", AdminOrAccount, s.adminOrAccount(s.listAccounts)},
		{http.MethodPost, "/v1/admin/accounts", AdminOrAccount, s.adminOrAccount(s.createAccount)},
		{http.MethodPost, "/v1/admin/accounts/{id}/disable", AdminOrAccount, s.adminOrAccount(s.disableAccount)},
		{http.MethodPost, "/v1/admin/accounts/{id}/password", AdminOrAccount, s.adminOrAccount(s.setPassword)},

		// The centre's desk (SPEC §3 recorded_by, §11): the events people
		// record, by a centre or admin account signed in (see desk.go,
		// desklist.go).
		{http.MethodPost, "/v1/desk/events", Person, s.signedIn(deskRoles(s.recordEvent))},
		{http.MethodGet, "/v1/desk/events", Person, s.signedIn(deskRoles(s.deskEvents))},

		// The import of spreadsheets (issue 15): by a centre or admin
		// account on the page, by an admin client in the cloud, a large
		// file through a pre-signed upload (see imports.go, uploads.go).
		{http.MethodPost, "/v1/desk/imports", Person, s.signedIn(deskRoles(s.deskImport))},
		{http.MethodGet, "/v1/desk/imports", Person, s.signedIn(deskRoles(s.deskImports))},
		{http.MethodPost, "/v1/admin/imports", Admin, s.adminUpTo(adminImportLimit(s.cfg.MaxImport), s.adminImport)},
		{http.MethodPost, "/v1/admin/imports/uploads", Admin, s.admin(s.presignImport)},

		// A unit's month with the event behind each deduction, for its own
		// unit account and for the centre (see unitdeductions.go).
		{http.MethodGet, "/v1/months/{month}/units/{unit}/deductions", Person, s.signedIn(s.unitDeductions)},

		// The month's cycle (SPEC §12): a unit's appeals of its deductions
		// and the centre's decisions (see appeals.go, decision.go).
		{http.MethodGet, "/v1/months/{month}/appeals", Person, s.appeals(s.listAppeals)},
		{http.MethodPost, "/v1/months/{month}/appeals", Person, s.appeals(s.fileAppeal)},
		{http.MethodPost, "/v1/appeals/{id}/decision", Person, s.appeals(deskRoles(s.decide))},
		{http.MethodPost, "/v1/appeals/{id}/withdraw", Person, s.appeals(s.withdraw)},

		// People: signing in and out (see session.go; 404 on a server
		// without accounts).
		{http.MethodPost, "/v1/session", Person, http.HandlerFunc(s.signIn)},
		{http.MethodGet, "/v1/session", Person, s.signedIn(s.session)},
		{http.MethodDelete, "/v1/session", Person, http.HandlerFunc(s.signOut)},

		// The page, on every path outside /v1/.
		{http.MethodGet, "/", Page, web.Handler()},
	}
}

// Routes lists the route table (method, pattern, access), for the API
// document and its test.
func Routes() []Route {
	rs := (&Server{}).routes()
	for i := range rs {
		rs[i].handler = nil
	}
	return rs
}

// fallbackMethods are the methods for which a path under /v1/ that no route
// matches answers a JSON error rather than the mux's plain text. The mux
// sends HEAD to the GET patterns.
var fallbackMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// register puts the route table and the JSON fallbacks of /v1/ on the mux.
func (s *Server) register() {
	for _, rt := range s.routes() {
		s.mux.Handle(rt.Method+" "+rt.Pattern, rt.handler)
	}
	for _, m := range fallbackMethods {
		s.mux.HandleFunc(m+" "+apiPrefix, s.noRoute)
	}
}

// routeAPI answers a request under /v1/ from the route table. A method no
// pattern of the mux names (TRACE, QUERY, CONNECT, any token) could only
// get the mux's plain-text 405, whose Allow would list the fallbacks, which
// answer 405 too: it is answered here, as any other method without a route.
func (s *Server) routeAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodHead && !slices.Contains(fallbackMethods, r.Method) {
		s.noRoute(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// noRoute answers a path under /v1/ that no route takes: 405 when the path
// has routes for other methods, with Allow naming exactly the methods that
// are answered there; 404 otherwise.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	if allowed := s.allowed(r); len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, &Error{Code: EMethodNotAllowed, Message: r.Method + " is not allowed on " + r.URL.Path + "; use " + strings.Join(allowed, ", ")})
		return
	}
	writeError(w, &Error{Code: ENotFound, Message: "no route " + r.Method + " " + r.URL.Path})
}

// allowed lists the methods answered on the request's path when it has a
// route: the methods of its routes, HEAD with GET (the mux answers HEAD
// with the GET route), and OPTIONS (preflight); none without a route.
func (s *Server) allowed(r *http.Request) []string {
	var out []string
	probe := r.WithContext(r.Context())
	for _, m := range routeMethods {
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && !strings.HasSuffix(pattern, " "+apiPrefix) {
			out = append(out, m)
			if m == http.MethodGet {
				out = append(out, http.MethodHead)
			}
		}
	}
	if len(out) > 0 {
		out = append(out, http.MethodOptions)
	}
	return out
}

// routeMethods are the methods of the route table, in the order Allow
// lists them.
var routeMethods = func() []string {
	var ms []string
	for _, rt := range (&Server{}).routes() {
		if rt.Access != Page && !slices.Contains(ms, rt.Method) {
			ms = append(ms, rt.Method)
		}
	}
	slices.SortFunc(ms, func(a, b string) int { return slices.Index(fallbackMethods, a) - slices.Index(fallbackMethods, b) })
	return ms
}()

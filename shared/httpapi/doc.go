// Package httpapi is the HTTP face of the hotline system: one net/http
// handler with every route in the table of routes.go, served in Lambda
// through aws-lambda-go-api-proxy and on one machine by `hotline serve`
// alike. It takes events from signed clients (ingest.go; the signatures of
// SPEC §10 are checked in signed.go), publishes the
// stored results (months.go, ranking.go, unitmonth.go, history.go,
// units.go) from an in-memory cache (cache.go), lets an admin client manage
// the registry and the versions (admin.go, periodbody.go), lets people sign
// in and out (SPEC §11: session.go, with the cookie of cookie.go, the
// throttling of signinlimit.go, the guard of routes for people and their
// roles in signedin.go, and the Origin check of requests with a session in
// origin.go), lets an admin client or an admin account manage the accounts
// (accounts.go, guarded by adminaccount.go), takes the events the centre's
// people record at the desk and lists them (desk.go, desklist.go), shows a
// unit its deductions with their events (unitdeductions.go), keeps the
// month's cycle of SPEC §12 — a unit's appeals of its deductions within
// the window, the centre's decisions and their corrections, finalisation
// only once the window has closed (appeals.go, deduction.go, decision.go,
// over shared/cycle) — and shows the page of shared/web on every other path. It maps the small
// error vocabulary of errors.go to
// HTTP once, at the edge; docs/openapi.yaml documents every route, and a
// test keeps the two in step.
//
// It depends on the storage port (store.Store), never on an adapter, and
// must never import AWS or SQL packages.
package httpapi

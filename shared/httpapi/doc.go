// Package httpapi is the HTTP face of the hotline system: one net/http
// handler with every route in routes.go, served in Lambda through
// aws-lambda-go-api-proxy and on one machine by `hotline serve` alike.
// It maps the small error vocabulary of errors.go to HTTP once, at the edge.
//
// It depends on the storage port (store.Store), never on an adapter, and
// must never import AWS or SQL packages.
package httpapi

// Package store is the storage port of the hotline system: what the ingest
// handlers, the month-end computation and the command line need from a
// store of events, units and results, whatever holds them. Its adapters live
// in their own packages (store/dynamo for DynamoDB, store/sqlite for the
// embedded store of one machine) and pass one conformance suite,
// store/storetest.
//
// This package holds only the port and the rules every adapter shares. Its
// errors are those of shared/fault (ErrNotFound is fault.NotFound), never an
// HTTP status or an exit code. It must never import AWS, SQL or net/http
// packages.
package store

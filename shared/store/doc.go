// Package store is the storage port of the hotline system: what the ingest
// handlers, the month-end computation and the command line need from a
// store of events, units and results, whatever holds them. Its adapters live
// in their own packages (store/dynamo for DynamoDB, store/sqlite for the
// embedded store of one machine) and pass one conformance suite,
// store/storetest.
//
// This package holds only the port and the rules every adapter shares. It
// must never import AWS or SQL packages.
package store

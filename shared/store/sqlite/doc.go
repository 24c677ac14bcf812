// Package sqlite is the embedded store of one machine: store.Store (and
// store.Accounts, store.Sessions, store.Appeals) on a single SQLite file,
// for local runs of the command line and for districts that run without
// AWS. It passes the same conformance suite as the DynamoDB
// store (store/storetest).
//
// It uses modernc.org/sqlite, SQLite translated to pure Go: no cgo, so every
// binary stays CGO_ENABLED=0, cross-compiles, and needs no C library on the
// machine it runs on.
//
// Writes are durable when they return: the journal is a write-ahead log
// synced on every commit (synchronous=FULL), and one PutEvents call is one
// transaction, so an event is reported stored only once its batch is on
// disk, and a batch that fails leaves nothing behind.
//
// It is an adapter: only main packages and tests may import it, never the
// pure domain packages (event, score, policy, calendar, unit, store).
package sqlite

// Package memstore is a store.Store (and store.Accounts, store.Sessions) in memory: the reference adapter of the
// storage port, used by tests of the packages above the port and to check
// the conformance suite itself. It keeps nothing across processes.
package memstore

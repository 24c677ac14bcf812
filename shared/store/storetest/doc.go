// Package storetest is the conformance suite of the storage port: every
// adapter of store.Store runs it, so that DynamoDB and the embedded store
// behave alike — idempotent writes, the month scope (corrections of other
// months included, with the events they name and those events' ticket
// histories), the fields of SPEC v1.1 kept exactly, units and result
// versions. Adapters of the people's port (store.Accounts, store.Sessions)
// also run People; of store.Appeals, Appeals; of store.Imports, Imports.
package storetest

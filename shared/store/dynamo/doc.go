// Package dynamo is the DynamoDB adapter of the storage port store.Store
// and of store.Accounts, store.Sessions and store.Appeals: events, the unit
// registry, published results, accounts, sessions and appeals in one table
// (a single-table design), through aws-sdk-go-v2. Sessions expire by the
// table's time to live.
//
// An event is written with a conditional put inside TransactWriteItems, so
// that the same id with the same content is a no-op and with other content
// a conflict, and its body is copied into its ticket's item in the same
// transaction. A month is read from 16 index partitions in parallel (never
// one hot partition) plus the items of its tickets, in time proportional to
// the month, not to the history. docs/storage.md gives the key schema, the
// access patterns with the calls they make, and the retry policy.
//
// The package depends on the narrow Client interface, which
// *dynamodb.Client satisfies, not on the SDK's client itself. It is an
// adapter: only main packages, the Lambda wiring and tests may import it,
// never the pure domain packages (event, score, policy, calendar, unit,
// store).
package dynamo

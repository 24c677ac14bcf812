// Package ssmkeys reads the ingest clients and their secrets from AWS
// Systems Manager Parameter Store: one SecureString parameter holding the
// pinned keys file (`clients: [{id, secret, types, admin}]`), cached for a
// few minutes so that a rotated secret takes effect without a deployment.
//
// It is an adapter: Source depends on a narrow client interface, and SSM
// implements it with the SDK's SSM client.
// Only the Lambda wiring imports it.
package ssmkeys

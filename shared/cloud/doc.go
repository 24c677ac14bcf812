// Package cloud is what the Lambda functions take from their environment:
// each function's configuration, read from its variables with every
// missing or wrong one named (config.go, monthly.go), the AWS SDK
// configuration and the DynamoDB store built from it once per cold start
// (aws.go), the uploads of files too large for a request body in S3
// (uploads.go), the JSON logger, and serving an HTTP handler outside Lambda
// (local.go). The functions' main packages (functions/*/main.go) wire these
// into their handlers; nothing here builds a handler or holds a rule.
//
// It must never import net/http servers' handlers (shared/httpapi), the
// publisher or the report writer: a function links only what its main
// imports.
package cloud

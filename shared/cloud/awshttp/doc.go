// Package awshttp calls AWS services with SigV4-signed HTTP requests and
// reads the AWS configuration from the Lambda environment, so that a
// function links only the SDK client it really needs (DynamoDB).
//
// The other calls the functions make — S3 PutObject, SNS Publish, SSM
// GetParameter — are one request each; their SDK clients would add 1.5 to
// 2.5 MB each to a bootstrap (docs/performance.md, "Bootstrap size"), and the
// SDK's config.LoadDefaultConfig another 1.6 MB for credential sources a
// Lambda function never uses. The adapters that make those calls
// (shared/publish, shared/ssmkeys) build the request; this package signs it
// with the SDK's own signer (aws/signer/v4), sends it, retries throttling,
// 5xx and connection errors, and turns an error answer into an *Error.
//
// It holds no rule and imports nothing of the project.
package awshttp

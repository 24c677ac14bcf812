// Package cloud wires the Lambda functions: their configuration from the
// environment, the AWS clients built once per cold start, and the HTTP
// handler of shared/httpapi over DynamoDB and SSM, served through the API
// Gateway proxy in Lambda and as a plain server elsewhere. The functions'
// main packages call it; nothing here holds a rule.
//
// What only the month-end function and the scores API need — the compute
// service, the publisher and its report writer — is wired in the
// subpackage scoring, so that the ingest functions do not link it. The
// calls to S3, SNS and SSM go through awshttp, not the SDK clients, and the
// AWS configuration is read from the environment without
// config.LoadDefaultConfig: every bootstrap stays under 10 MB
// (functions/size_test.go).
package cloud

// Package cloud wires the Lambda functions: their configuration from the
// environment, the AWS clients built once per cold start, and the HTTP
// handler of shared/httpapi over DynamoDB and SSM, served through the API
// Gateway proxy in Lambda and as a plain server elsewhere. The functions'
// main packages call it; nothing here holds a rule.
//
// What only some functions need is wired in subpackages, so that the others
// do not link it: rules (the compute service, for the scores API and the
// month-end function) and scoring (the month-end function: its requests,
// the publisher and the report writer). The calls to S3, SNS and SSM go
// through awshttp, not the SDK clients, and the AWS configuration is read
// from the environment without config.LoadDefaultConfig, to keep every
// bootstrap small (functions/size_test.go).
package cloud

// Package cloud wires the Lambda functions: their configuration from the
// environment, the AWS clients built once per cold start, and the handlers
// of shared/ over DynamoDB and SSM. The functions' main packages call it and
// lambda.Start; nothing here holds a rule.
package cloud

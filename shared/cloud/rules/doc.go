// Package rules gives the Lambda functions the compute service under the
// deployed policy and calendar. It is apart from package scoring so that the
// API function, which recomputes but never publishes, links neither the S3
// and SNS clients nor the spreadsheet writer.
package rules

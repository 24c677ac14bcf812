// Package scoring wires the computation of periods: the compute service
// over DynamoDB for the scores API (Compute, an option of cloud.ServeHTTP)
// and the month-end function (ServeMonthly), which computes, finalises and
// publishes results on the EventBridge Scheduler's input (Request).
//
// It is apart from package cloud so that the ingest functions do not link
// the compute service, the report writer and the publisher.
package scoring

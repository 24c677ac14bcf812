// Package scoring wires the month-end function (ServeMonthly): it computes,
// finalises and publishes results on the EventBridge Scheduler's input
// (Request), with the compute service of package rules and the publisher of
// shared/publish.
//
// It is apart from package cloud and package rules so that the ingest and
// API functions link neither the publisher nor the report writer.
package scoring

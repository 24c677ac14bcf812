// Package monthend is the month-end function's handler: it computes,
// finalises and publishes results on the EventBridge Scheduler's input or
// an operator's (Request), with the compute service and the publisher of
// shared/publish. functions/monthly-scores wires it.
//
// It must never import the AWS SDK or the store adapters: its clients come
// in through the compute service and the publisher's interfaces.
package monthend

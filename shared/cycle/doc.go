// Package cycle is the month's cycle of SPEC v1.1 §12 over a store: when a
// month was first published provisional and when its appeal window
// closes, whether it may be made final, and the daily auto-finalisation.
// It ties the published versions (store.Store) to the appeals
// (store.Appeals) by the calendar; the API, the month-end function and
// `hotline serve` all ask it, so the rule is written once.
package cycle

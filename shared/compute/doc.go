// Package compute turns what a store holds into stored results: it reads the
// events a month needs (in parallel, month by month), scores them with the
// engine, and stores the result as a new version with its policy, the
// fingerprint of its input, the time it was computed and the month's
// summary; a year it computes from its months' stored summaries, reading
// the events only of a month that has none it can use (year.go). The monthly
// Lambda function, `hotline compute`, `hotline serve` and the admin routes
// all go through it.
//
// It depends on the storage port only, never on an adapter, and must never
// import AWS or SQL packages.
package compute

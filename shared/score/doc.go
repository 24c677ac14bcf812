// Package score is the assessment engine of SPEC §5–§7: pure functions from a
// set of hotline events, a policy, a working-day calendar and a "now" passed
// in, to the monthly and annual results of every handling unit, with their
// items, totals, ranks, grades, the bottom set, escalations, the deductions
// behind every point and the tickets returned too often.
//
// All score arithmetic is exact (github.com/shopspring/decimal and
// math/big.Rat, never binary floating point). The engine never reads the
// clock. It must never import AWS, SQL or net/http packages.
package score

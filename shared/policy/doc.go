// Package policy holds the constants of the assessment method as versioned
// data: the built-in policy shizhong-2022-7 (市中政办字〔2022〕7号) and strict
// loading of a YAML override (SPEC §6): defaults first, unknown keys are
// errors, and every problem is reported at once with its line.
//
// It is pure domain code: it must never import AWS, SQL or net/http packages.
// It embeds time/tzdata so that the policy zone resolves on a Lambda runtime
// without zone files.
package policy

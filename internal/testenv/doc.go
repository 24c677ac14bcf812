// Package testenv is what the module's tests share: the generated district
// they run on (District) and the rule for a test that needs a service or a
// tool (Need): it skips on a developer's machine and fails when CI=true, so
// that the suite can never pass in CI by skipping; and the process's CPU
// time for benchmarks beside a local server (ProcessCPU).
//
// It is imported by tests only. It may import the domain packages the
// fixture is made of (shared/gen, shared/unit, shared/event) and the
// standard library's testing; it must never import an adapter (AWS, SQL,
// net/http), so that every package's tests can use it without a cycle.
package testenv

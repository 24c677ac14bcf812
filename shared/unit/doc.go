// Package unit is the registry of handling units (承办单位) of SPEC §2: their
// stable ids, Chinese names and assessment groups, loaded from the pinned
// units.yaml format as the policy file is: strictly (unknown keys are
// errors), with every problem reported at once, each with its line.
//
// It is pure domain code: it must never import AWS, SQL or net/http packages.
package unit

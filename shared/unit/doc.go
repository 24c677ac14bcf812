// Package unit is the registry of handling units (承办单位) of SPEC §2: their
// stable ids, Chinese names and assessment groups, loaded from the pinned
// units.yaml format.
//
// It is pure domain code: it must never import AWS, SQL or net/http packages.
package unit

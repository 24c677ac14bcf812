// Package event is the event contract of SPEC §3: the types of hotline events,
// their decoding from JSON with errors that name the field, their validation,
// and the reading of JSON Lines files.
//
// It is pure domain code: it must never import AWS, SQL or net/http packages.
// Decoding sees every key of an object (unknown and duplicate keys are
// errors) at a speed that lets a Beijing-scale month of events be read in
// seconds: the usual line, a flat object without escapes, by a reader of
// its own (scanFlat), anything else by github.com/valyala/fastjson.
package event

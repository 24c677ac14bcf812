// Package importer turns the rows of a spreadsheet — the city platform's
// export, the centre's workbook — into events (SPEC §3), as a mapping file
// says (docs/import.md): which sheet, which header row, which column holds
// which field, the time formats and zone, the vocabularies, and which
// events a row makes.
//
// Each event is built as the contract's JSON and decoded by the event
// package's strict decoder, so an imported event is checked exactly as one
// posted to the ingest API; what the decoder refuses is reported at the row
// and the column of the field. Event ids are derived from the row's
// identity (the mapping's source, the event type, the ticket, the unit and
// the time), so that importing an export again stores nothing twice.
//
// The reading of the files is shared/sheet's; the mapping's YAML is read
// strictly with go.yaml.in/yaml/v3, as the policy file is.
package importer

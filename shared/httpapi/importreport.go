package httpapi

import (
	"time"

	"github.com/shizhong/hotline/shared/importer"
	"github.com/shizhong/hotline/shared/store"
)

// ImportReport answers an import (issue 15): what the file's rows made, by
// event type, the bad rows with their reasons, and, unless it was a
// preview (dry_run), what the store made of the events and the record of
// the import.
type ImportReport struct {
	File    string         `json:"file"`
	DryRun  bool           `json:"dry_run"`
	Mapping string         `json:"mapping"` // the source of the mapping that read the file
	Events  map[string]int `json:"events"`  // by type
	Total   int            `json:"total"`
	// Repeated are rows' events made again by another row of the file
	// with the same content (one ticket's approval on each assignment).
	Repeated     int             `json:"repeated"`
	Problems     []ImportProblem `json:"problems"` // the first importer.MaxListed
	ProblemCount int             `json:"problem_count"`
	Stored       int             `json:"stored"`
	Duplicate    int             `json:"duplicate"` // stored before, the same
	Conflict     int             `json:"conflict"`  // stored before with other content: not stored
	Conflicts    []ImportProblem `json:"conflicts"`
	Import       *ImportRecord   `json:"import"` // null on a preview
}

// ImportProblem is a bad row, or a sheet that could not be read: where,
// and why.
type ImportProblem struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet,omitempty"`
	Row     int    `json:"row,omitempty"`
	Column  string `json:"column,omitempty"`
	Header  string `json:"header,omitempty"`
	Message string `json:"message"`
}

func importProblems(ps []importer.Problem) []ImportProblem {
	out := make([]ImportProblem, 0, min(len(ps), importer.MaxListed))
	for _, p := range ps[:min(len(ps), importer.MaxListed)] {
		out = append(out, ImportProblem{File: p.File, Sheet: p.Sheet, Row: p.Row, Column: p.Column, Header: p.Header, Message: p.Message})
	}
	return out
}

// ImportRecord is the record of an import (store.Import), as the API
// gives it.
type ImportRecord struct {
	ID        string         `json:"id"`
	At        time.Time      `json:"at"`
	By        string         `json:"by"`
	File      string         `json:"file"`
	Mapping   string         `json:"mapping"`
	Events    map[string]int `json:"events"`
	Stored    int            `json:"stored"`
	Duplicate int            `json:"duplicate"`
	Conflict  int            `json:"conflict"`
	Problems  int            `json:"problems"`
}

func importRecord(rec store.Import) ImportRecord {
	events := rec.Events
	if events == nil {
		events = map[string]int{}
	}
	return ImportRecord{ID: rec.ID, At: rec.At, By: rec.By, File: rec.File, Mapping: rec.Mapping, Events: events,
		Stored: rec.Stored, Duplicate: rec.Duplicate, Conflict: rec.Conflict, Problems: rec.Problems}
}

// ImportList answers GET /v1/desk/imports.
type ImportList struct {
	Imports []ImportRecord `json:"imports"`
}

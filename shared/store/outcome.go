package store

// Status is what became of one event of a batch put into the store.
type Status string

// The statuses of an event write. An event the store never saw (one that
// failed validation) has no store status: the ingest API and the command
// line give it theirs.
const (
	Stored    Status = "stored"
	Duplicate Status = "duplicate"
	Conflict  Status = "conflict"
)

// Outcome is the status of one event and, for a conflict, why: the field
// at fault and the reason, for the caller to report.
type Outcome struct {
	Status Status
	Field  string
	Reason string
}

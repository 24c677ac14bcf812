package store

// Status is what became of one event of a batch (pinned values of the
// ingest API).
type Status string

// The statuses of an event write.
const (
	Stored    Status = "stored"
	Duplicate Status = "duplicate"
	Conflict  Status = "conflict"
	Invalid   Status = "invalid"
)

// Outcome is the status of one event and, for a conflict or an invalid
// event, why.
type Outcome struct {
	Status Status `json:"status"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason,omitempty"`
}

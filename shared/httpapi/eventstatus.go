package httpapi

import "github.com/shizhong/hotline/shared/store"

// EventStatus is what became of one event of an ingest request (pinned
// values of the API, SPEC §3 and §5).
type EventStatus string

// The statuses of an event posted.
const (
	EventStored    EventStatus = "stored"    // new: 201 alone
	EventDuplicate EventStatus = "duplicate" // the same id and content again: 200 alone
	EventConflict  EventStatus = "conflict"  // the id is stored with other content: 409 alone
	EventInvalid   EventStatus = "invalid"   // refused before the store saw it, naming the field: 400 alone
)

// eventStatus is the API's status of a store outcome.
func eventStatus(s store.Status) EventStatus {
	switch s {
	case store.Stored:
		return EventStored
	case store.Duplicate:
		return EventDuplicate
	case store.Conflict:
		return EventConflict
	}
	return EventStatus(s) // a status the store port does not define: said as the store said it
}

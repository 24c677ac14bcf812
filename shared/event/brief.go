package event

// Brief is what a month read in summary keeps of an `assigned` event: the
// staffing rule (SPEC §6, 四(一)) counts a unit's assignments of the months
// before the one computed, and the fingerprint of the result takes in each
// counted event by its id and content hash. A store can give it without
// decoding the event (store/dynamo reads it from a sparse index).
type Brief struct {
	ID     string // the event id
	UnitID string // the unit assigned
	Hash   uint64 // the event's ContentHash
}

// Brief is the summary of e. It says nothing of e's type: the caller gives
// assignments only.
func (e *Event) Brief() Brief {
	return Brief{ID: e.ID, UnitID: e.UnitID, Hash: e.ContentHash()}
}

// Key returns the IDKey of the event's id, as Event.Key does.
func (b *Brief) Key() IDKey { return KeyOf(b.ID) }

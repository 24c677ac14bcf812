package importer

import (
	"context"
	"fmt"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
)

// Stored is what the store made of the events of an import.
type Stored struct {
	Stored, Duplicate, Conflict int
	// Conflicts are the rows whose event is stored with other content
	// (the stored event stands), at most MaxListed of them.
	Conflicts []Problem
}

// MaxListed bounds the problems and conflicts an import lists one by one.
const MaxListed = 200

// Store puts the events made into st in batches of store.MaxBatch, as the
// ingest API does, adding the outcomes to into.
func Store(ctx context.Context, st store.Store, made []Made, into *Stored) error {
	for i := 0; i < len(made); i += store.MaxBatch {
		part := made[i:min(i+store.MaxBatch, len(made))]
		events := make([]event.Event, len(part))
		for j, m := range part {
			events[j] = m.Event
		}
		outcomes, err := st.PutEvents(ctx, events)
		if err != nil {
			return fmt.Errorf("store the events of %s: %w", part[0].Place, err)
		}
		for j, o := range outcomes {
			switch o.Status {
			case store.Stored:
				into.Stored++
			case store.Duplicate:
				into.Duplicate++
			case store.Conflict:
				into.Conflict++
				if len(into.Conflicts) < MaxListed {
					into.Conflicts = append(into.Conflicts, Problem{Place: part[j].Place,
						Message: fmt.Sprintf("the %s event of this row (id %s) is stored with other content (%s): the stored event stands", part[j].Event.Type, part[j].Event.ID, o.Reason)})
				}
			}
		}
	}
	return nil
}

package store

import (
	"github.com/shizhong/hotline/shared/event"
)

// MaxBatch is the most events one PutEvents call or one ingest request
// carries.
const MaxBatch = 500

// Dedupe finds the events of a batch that repeat an earlier event of the
// same batch: first[i] is the index of the first event with events[i]'s id
// (i itself when none came before), and conflict[i] is set when that first
// event's content differs. Adapters write only the first of each id and give
// the repeats Duplicate or Conflict.
func Dedupe(events []event.Event) (first []int, conflict []bool) {
	first = make([]int, len(events))
	conflict = make([]bool, len(events))
	seen := make(map[string]int, len(events))
	for i := range events {
		j, ok := seen[events[i].ID]
		if !ok {
			seen[events[i].ID] = i
			first[i] = i
			continue
		}
		first[i] = j
		conflict[i] = events[i].ContentHash() != events[j].ContentHash()
	}
	return first, conflict
}

// Repeat gives a repeated event of a batch its outcome from the outcome of
// the id's first occurrence: Conflict when their contents differ or the first
// conflicted with the store, else Duplicate.
func Repeat(first Outcome, conflict bool) Outcome {
	if conflict || first.Status == Conflict {
		return ConflictOutcome()
	}
	return Outcome{Status: Duplicate}
}

// ConflictOutcome is the outcome of an id stored with other content.
func ConflictOutcome() Outcome {
	return Outcome{Status: Conflict, Field: "id", Reason: "an event with this id and different content is already stored"}
}

package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// namedEvents reads the items of the events with the given ids, those the
// corrections of month m's read name (store.Scope), with BatchGetItem, 100
// keys a call, eventually consistent like the rest of the month read. Of
// an event with a ticket it adds the ticket to tickets, whose whole
// histories the month read then gives; one without a ticket it gives to fn
// unless the month's partitions gave it already (an event of m, an org
// assessment before its end). A correction named is left out: the
// correction partition gave it, and its ticket_id brings no ticket. An id
// without an item names nothing and gives nothing.
func (s *Store) namedEvents(ctx context.Context, m calendar.Month, ids map[string]bool, tickets map[string]bool, fn func([]event.Event) error) error {
	keys := make([]itemKey, 0, len(ids))
	for id := range ids {
		keys = append(keys, eventKey(id))
	}
	end := m.End(s.loc)
	p := projection{expr: "#body", names: map[string]string{"#body": attrBody}}
	err := s.batchGet(ctx, keys, p, false, func(items []item) error {
		var recs []bodyRecord
		if err := attributevalue.UnmarshalListOfMaps(items, &recs); err != nil {
			return fmt.Errorf("event items: %w", err)
		}
		var batch []event.Event
		for _, r := range recs {
			e, err := r.event()
			if err != nil {
				return err
			}
			switch {
			case e.Type.IsCorrection():
			case e.TicketID != "":
				tickets[e.TicketID] = true
			case e.Type == event.OrgAssessed && e.At.Before(end):
			case e.Type != event.OrgAssessed && calendar.MonthOf(e.At, s.loc) == m:
			default:
				batch = append(batch, e)
			}
		}
		if len(batch) == 0 {
			return nil
		}
		return fn(batch)
	})
	if err != nil {
		return fmt.Errorf("events named by corrections: %w", err)
	}
	return nil
}

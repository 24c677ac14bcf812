package dynamo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
)

// maxActions is DynamoDB's limit of actions in one TransactWriteItems.
const maxActions = 100

// ticketBytes is the most bytes of event bodies a ticket item copies, well
// below DynamoDB's 400 KB item limit whatever the size of one event (at
// most ~12 KB). A ticket has ~10 events of ~300 bytes: only tickets with
// hundreds of events reach it.
const ticketBytes = 300 << 10

// txPlan is one transaction: the puts of some events (indexes into the
// batch) and one update per distinct ticket among them.
type txPlan struct {
	events  []int
	tickets []string
}

// txResult is what became of a transaction's events.
type txResult struct {
	decided    map[int]store.Outcome // events whose outcome is known
	retry      []int                 // events that failed no condition of a cancelled transaction
	unknown    []int                 // events whose condition failed without the stored item
	large      []string              // tickets whose item has no room for the events' bodies
	contention bool                  // the cancellation was due to conflicts or throttling
}

// plan packs the pending events into transactions of at most maxActions
// actions. Events of the same ticket go together, so that a transaction
// carries few ticket updates and never touches one item twice.
func (s *Store) plan(events []event.Event, pending []int) []txPlan {
	order := slices.Clone(pending)
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(events[a].TicketID, events[b].TicketID), cmp.Compare(a, b))
	})
	var (
		plans []txPlan
		cur   txPlan
		size  int
	)
	flush := func() {
		if len(cur.events) > 0 {
			plans = append(plans, cur)
		}
		cur, size = txPlan{}, 0
	}
	for start := 0; start < len(order); {
		end := start + 1
		ticket := events[order[start]].TicketID
		if ticket != "" {
			for end < len(order) && events[order[end]].TicketID == ticket {
				end++
			}
		}
		group := order[start:end]
		start = end
		update := 0
		if ticket != "" {
			update = 1
		}
		for len(group) > 0 {
			if size+update+1 > maxActions {
				flush()
			}
			n := min(len(group), maxActions-size-update)
			cur.events = append(cur.events, group[:n]...)
			if ticket != "" {
				cur.tickets = append(cur.tickets, ticket)
			}
			size += n + update
			group = group[n:]
		}
	}
	flush()
	return plans
}

// transact runs one transaction: a conditional put per event, and per
// ticket an update that adds the events' bodies to the ticket item while
// they fit (or marks a large ticket). Success stores every event of it. A
// cancellation says, action by action, why (see cancelled).
func (s *Store) transact(ctx context.Context, events []event.Event, tx txPlan) (txResult, error) {
	items := make([]types.TransactWriteItem, 0, len(tx.events)+len(tx.tickets))
	bodies := map[string][]string{}
	for _, i := range tx.events {
		rec := newEventRecord(&events[i], s.loc)
		av, err := attributevalue.MarshalMap(rec)
		if err != nil {
			return txResult{}, fmt.Errorf("event %s: %w", events[i].ID, err)
		}
		items = append(items, types.TransactWriteItem{Put: &types.Put{
			TableName:                           aws.String(s.table),
			Item:                                av,
			ConditionExpression:                 aws.String("attribute_not_exists(#pk)"),
			ExpressionAttributeNames:            map[string]string{"#pk": attrPK},
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}})
		if t := events[i].TicketID; t != "" {
			bodies[t] = append(bodies[t], rec.Body)
		}
	}
	for _, t := range tx.tickets {
		_, large := s.large.Load(t)
		items = append(items, types.TransactWriteItem{Update: s.ticketUpdate(t, bodies[t], large)})
	}
	_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if err == nil {
		r := txResult{decided: make(map[int]store.Outcome, len(tx.events))}
		for _, i := range tx.events {
			r.decided[i] = store.Outcome{Status: store.Stored}
		}
		return r, nil
	}
	var cancelled *types.TransactionCanceledException
	if !errors.As(err, &cancelled) {
		return txResult{}, fmt.Errorf("transaction of %d events: %w", len(tx.events), err)
	}
	return s.cancelled(events, tx, cancelled)
}

// ticketUpdate adds bodies to a ticket item on the condition that the
// ticket is not large and they fit; the item of a large ticket, or of one
// whose new bodies alone would not fit, is only marked large.
// Adding to a string set and to a number commutes, so the order in which
// a ticket's events arrive does not matter, and a body already there is
// not added twice.
func (s *Store) ticketUpdate(ticket string, bodies []string, large bool) *types.Update {
	u := &types.Update{
		TableName: aws.String(s.table),
		Key:       ticketKey(ticket).attributes(),
	}
	n := 0
	for _, b := range bodies {
		n += len(b)
	}
	if large || n > ticketBytes {
		u.UpdateExpression = aws.String("SET #large = :true")
		u.ExpressionAttributeNames = map[string]string{"#large": attrLarge}
		u.ExpressionAttributeValues = map[string]types.AttributeValue{":true": &types.AttributeValueMemberBOOL{Value: true}}
		return u
	}
	u.UpdateExpression = aws.String("ADD #events :bodies, #bytes :n")
	u.ConditionExpression = aws.String("attribute_not_exists(#large) AND (attribute_not_exists(#bytes) OR #bytes <= :room)")
	u.ExpressionAttributeNames = map[string]string{"#events": attrEvents, "#bytes": attrBytes, "#large": attrLarge}
	u.ExpressionAttributeValues = map[string]types.AttributeValue{
		":bodies": &types.AttributeValueMemberSS{Value: bodies},
		":n":      &types.AttributeValueMemberN{Value: strconv.Itoa(n)},
		":room":   &types.AttributeValueMemberN{Value: strconv.Itoa(ticketBytes - n)},
	}
	return u
}

// Cancellation reason codes of TransactWriteItems.
const (
	reasonNone        = "None"
	reasonCondition   = "ConditionalCheckFailed"
	reasonConflict    = "TransactionConflict"
	reasonThrottling  = "ThrottlingError"
	reasonProvisioned = "ProvisionedThroughputExceeded"
)

// cancelled reads the reasons of a cancelled transaction, which come in
// the order of its actions: the event puts, then the ticket updates. A put
// whose condition failed is a Duplicate or a Conflict, decided from the
// stored item DynamoDB returns; a ticket update whose condition failed
// makes its ticket large; contention, or no reason at all, sends the event
// to the next round; anything else is an error.
func (s *Store) cancelled(events []event.Event, tx txPlan, c *types.TransactionCanceledException) (txResult, error) {
	r := txResult{decided: map[int]store.Outcome{}}
	reasons := c.CancellationReasons
	if len(reasons) != len(tx.events)+len(tx.tickets) {
		// Without a reason per action nothing is known: try again.
		r.retry, r.contention = tx.events, true
		return r, nil
	}
	for k, reason := range reasons {
		code := aws.ToString(reason.Code)
		put := k < len(tx.events) // else the update of ticket k-len(tx.events)
		switch {
		case code == "" || code == reasonNone:
			if put {
				r.retry = append(r.retry, tx.events[k])
			}
		case code == reasonConflict || code == reasonThrottling || code == reasonProvisioned:
			r.contention = true
			if put {
				r.retry = append(r.retry, tx.events[k])
			}
		case code == reasonCondition && put:
			i := tx.events[k]
			var stored hashRecord
			if err := attributevalue.UnmarshalMap(reason.Item, &stored); err != nil || stored.Hash == "" {
				r.unknown = append(r.unknown, i)
				continue
			}
			r.decided[i] = outcomeOf(&events[i], stored.Hash)
		case code == reasonCondition:
			r.large = append(r.large, tx.tickets[k-len(tx.events)])
		default:
			what := "ticket " + tx.tickets[k-len(tx.events)]
			if put {
				what = "event " + events[tx.events[k]].ID
			}
			return txResult{}, fmt.Errorf("transaction cancelled: %s: %s: %s", what, code, aws.ToString(reason.Message))
		}
	}
	return r, nil
}

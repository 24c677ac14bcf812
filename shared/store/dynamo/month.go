package dynamo

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// MonthEvents calls fn with every event the assessment of month m reads
// (store.Scope), each event once, in four steps:
//
//  1. the month's partitions, queried in parallel: the 16 shards of m in
//     by_month (events whose `at` is in m), the 16 shards of m in by_due
//     (assignments made earlier and due in m), the org partition up to the
//     end of m, and the correction partition whole;
//  2. the items of the events the corrections of step 1 name, but for
//     corrections (step 1 gave them), read with BatchGetItem (100 a call):
//     one without a ticket is given unless step 1 gave it, one with a
//     ticket adds its ticket to step 3's (namedEvents);
//  3. the items of the tickets seen in step 1 (but for those a correction
//     names: a correction makes no ticket active) and in step 2, read with
//     BatchGetItem (100 a call): each holds the bodies of its ticket's
//     events, of which those of other months are given, corrections aside
//     (step 1 gave them all);
//  4. for each large ticket (one whose item stopped copying its events),
//     its history from by_ticket, less the events of step 1.
//
// Every read is proportional to the events of m, the tickets active in m
// and the corrections with what they name, never to the whole history. The reads are eventually consistent
// (indexes cannot be read otherwise; the ticket items, like them, at half
// the read units): an event written a moment before may be missing, and
// the month end runs minutes after the month; a recompute takes it in.
func (s *Store) MonthEvents(ctx context.Context, m calendar.Month, fn func([]event.Event) error) error {
	tickets := map[string]bool{}
	parts := make([]partition, 0, 2*shards+2)
	for sh := range shards {
		parts = append(parts,
			partition{index: indexByMonth, attr: attrMonth, value: monthPartition(m, sh)},
			partition{index: indexByDue, attr: attrDue, value: duePartition(m, sh)})
	}
	parts = append(parts, partition{index: indexByMonth, attr: attrMonth, value: orgPartition,
		sortAttr: attrMonthS, before: timeKey(m.End(s.loc))},
		partition{index: indexByMonth, attr: attrMonth, value: correctionPartition})
	named, fixes := map[string]bool{}, map[string]bool{}
	err := each(ctx, queryPeers, parts, s.queryPartition, func(batch []event.Event) error {
		for i := range batch {
			e := &batch[i]
			switch {
			case e.Type.IsCorrection():
				named[e.EventID], fixes[e.ID] = true, true
			case e.TicketID != "":
				tickets[e.TicketID] = true
			}
		}
		return fn(batch)
	})
	if err != nil {
		return fmt.Errorf("month %s: %w", m, err)
	}
	for id := range fixes {
		delete(named, id)
	}
	if err := s.namedEvents(ctx, m, named, tickets, fn); err != nil {
		return fmt.Errorf("month %s: %w", m, err)
	}

	// Only the events of other months, and no correction: those came in
	// step 1.
	other := func(batch []event.Event) error {
		rest := slices.DeleteFunc(batch, func(e event.Event) bool {
			return e.Type.IsCorrection() || slices.Contains(s.scope.Months(&e), m)
		})
		if len(rest) == 0 {
			return nil
		}
		return fn(rest)
	}
	large, err := s.ticketHistories(ctx, tickets, other)
	if err != nil {
		return fmt.Errorf("month %s: %w", m, err)
	}

	histories := make([]partition, len(large))
	for i, t := range large {
		histories[i] = partition{index: indexByTicket, attr: attrTicket, value: ticketPartition(t)}
	}
	if err := each(ctx, queryPeers, histories, s.queryPartition, other); err != nil {
		return fmt.Errorf("month %s: large tickets: %w", m, err)
	}
	return nil
}

// ticketHistories reads the items of the given tickets and calls fn with
// the events they copy. It returns, sorted, the tickets whose history it
// could not give: large tickets, and tickets without an item.
func (s *Store) ticketHistories(ctx context.Context, tickets map[string]bool, fn func([]event.Event) error) ([]string, error) {
	keys := make([]itemKey, 0, len(tickets))
	for t := range tickets {
		keys = append(keys, ticketKey(t))
	}
	missing := maps.Clone(tickets) // what is left has no ticket item
	var large []string
	p := projection{
		expr:  "#pk, #sk, #events, #large",
		names: map[string]string{"#pk": attrPK, "#sk": attrSK, "#events": attrEvents, "#large": attrLarge},
	}
	err := batchGetAs(ctx, s, keys, p, false, decodeTickets, func(page []ticketHistory) error {
		var batch []event.Event
		for _, h := range page {
			if !missing[h.ticket] {
				continue
			}
			delete(missing, h.ticket)
			if h.large {
				large = append(large, h.ticket)
				continue
			}
			batch = append(batch, h.events...)
		}
		if len(batch) == 0 {
			return nil
		}
		return fn(batch)
	})
	if err != nil {
		return nil, fmt.Errorf("ticket items: %w", err)
	}
	for t := range missing {
		large = append(large, t)
	}
	slices.Sort(large)
	return large, nil
}

// ticketHistory is one ticket item decoded: the ticket, whether it is
// large, and the events it copies.
type ticketHistory struct {
	ticket string
	large  bool
	events []event.Event
}

// decodeTickets decodes a page of ticket items, in the goroutine that read
// it (batchGetAs); an item that is not a ticket's is left out.
func decodeTickets(items []item) ([]ticketHistory, error) {
	var recs []ticketRecord
	if err := attributevalue.UnmarshalListOfMaps(items, &recs); err != nil {
		return nil, fmt.Errorf("ticket items: %w", err)
	}
	var d event.Decoder
	out := make([]ticketHistory, 0, len(recs))
	for _, r := range recs {
		t, ok := ticketOf(r.itemKey)
		if !ok {
			continue
		}
		h := ticketHistory{ticket: t, large: r.Large}
		if !r.Large {
			h.events = make([]event.Event, 0, len(r.Events))
			for _, body := range r.Events {
				e, err := d.Decode([]byte(body))
				if err != nil {
					return nil, fmt.Errorf("ticket %s: stored event %.80q: %w", t, body, err)
				}
				h.events = append(h.events, e)
			}
		}
		out = append(out, h)
	}
	return out, nil
}

// partition is one partition of an index to read, optionally only below
// a sort key.
type partition struct {
	index, attr, value string
	sortAttr, before   string
	only               event.Type // when set, the events of this type alone (emitBodies)
}

// queryPartition emits the events of one index partition, a page at a time.
func (s *Store) queryPartition(ctx context.Context, p partition, emit func([]event.Event) error) error {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(p.index),
		KeyConditionExpression:    aws.String("#p = :p"),
		ProjectionExpression:      aws.String("#body"),
		ExpressionAttributeNames:  map[string]string{"#p": p.attr, "#body": attrBody},
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: p.value}},
	}
	if p.sortAttr != "" {
		in.KeyConditionExpression = aws.String("#p = :p AND #s < :before")
		in.ExpressionAttributeNames["#s"] = p.sortAttr
		in.ExpressionAttributeValues[":before"] = &types.AttributeValueMemberS{Value: p.before}
	}
	return s.queryPages(ctx, in, func(items []item) error { return emitBodies(items, p.only, emit) })
}

// queryPages runs a query to its end, a page at a time, each page read,
// decoded and handed on by page in one of the store's read slots.
func (s *Store) queryPages(ctx context.Context, in *dynamodb.QueryInput, page func([]item) error) error {
	for {
		var next map[string]types.AttributeValue
		err := s.read(ctx, func() error {
			out, err := s.client.Query(ctx, in)
			if err != nil {
				return fmt.Errorf("query %s %s: %w", aws.ToString(in.IndexName), partitionOf(in), err)
			}
			next = out.LastEvaluatedKey
			return page(out.Items)
		})
		if err != nil {
			return err
		}
		if len(next) == 0 {
			return nil
		}
		in.ExclusiveStartKey = next
	}
}

// partitionOf is the partition a query reads, for its errors.
func partitionOf(in *dynamodb.QueryInput) string {
	if v, ok := in.ExpressionAttributeValues[":p"].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return "?"
}

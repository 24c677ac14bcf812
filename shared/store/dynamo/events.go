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

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
)

// scanSegments is the number of parallel segments Events scans.
const scanSegments = 4

// PutEvents stores events idempotently (store.Store): each new event is
// put with the condition that its id is not stored yet, and its body is
// added to its ticket's item in the same transaction; a transaction holds
// up to 100 actions, the events of a ticket together. An event is Stored
// only when the transaction that wrote it succeeded. A put whose condition
// failed is a Duplicate or a Conflict by the content hash of the stored
// event. On error no outcome is returned and the caller delivers the batch
// again.
func (s *Store) PutEvents(ctx context.Context, events []event.Event) ([]store.Outcome, error) {
	first, conflict := store.Dedupe(events)
	out := make([]store.Outcome, len(events))
	var pending []int
	for i := range events {
		if first[i] == i {
			pending = append(pending, i)
		}
	}
	if err := s.write(ctx, events, pending, out); err != nil {
		return nil, fmt.Errorf("put %d events: %w", len(events), err)
	}
	for i := range events {
		if first[i] != i {
			out[i] = store.Repeat(out[first[i]], conflict[i])
		}
	}
	return out, nil
}

// write gives each event of pending its outcome in out, in rounds: each
// round runs the transactions of what is pending, concurrently, and keeps
// for the next round the events that failed no condition in a cancelled
// transaction. A round that learns nothing counts toward maxRounds and is
// followed by a backoff; so is one that met contention.
func (s *Store) write(ctx context.Context, events []event.Event, pending []int, out []store.Outcome) error {
	for stalled := 0; len(pending) > 0; {
		var (
			retry, unknown []int
			grown          []string
			learnt         int
			contention     bool
		)
		err := each(ctx, concurrency, s.plan(events, pending), func(ctx context.Context, tx txPlan, emit func(txResult) error) error {
			r, err := s.transact(ctx, events, tx)
			if err != nil {
				return err
			}
			return emit(r)
		}, func(r txResult) error {
			for i, o := range r.decided {
				out[i] = o
			}
			learnt += len(r.decided)
			retry = append(retry, r.retry...)
			unknown = append(unknown, r.unknown...)
			grown = append(grown, r.large...)
			contention = contention || r.contention
			return nil
		})
		if err != nil {
			return err
		}
		for _, t := range grown {
			if _, known := s.large.LoadOrStore(t, true); !known {
				learnt++
			}
		}
		if len(unknown) > 0 {
			again, err := s.classify(ctx, events, unknown, out)
			if err != nil {
				return err
			}
			learnt += len(unknown) - len(again)
			retry = append(retry, again...)
		}
		pending = retry
		if len(pending) == 0 {
			return nil
		}
		if learnt == 0 {
			stalled++
			if stalled > maxRounds {
				return fmt.Errorf("%d events not written after %d rounds without progress", len(pending), stalled)
			}
		}
		if learnt == 0 || contention {
			if err := sleep(ctx, max(stalled, 1)); err != nil {
				return err
			}
		}
	}
	return nil
}

// classify decides the events whose put failed its condition without the
// stored item coming back, by reading the stored hashes; it returns the
// events that turned out not to be stored.
func (s *Store) classify(ctx context.Context, events []event.Event, idx []int, out []store.Outcome) ([]int, error) {
	byKey := make(map[string]int, len(idx))
	keys := make([]itemKey, len(idx))
	for j, i := range idx {
		keys[j] = eventKey(events[i].ID)
		byKey[keys[j].PK] = i
	}
	p := projection{expr: "#pk, #h", names: map[string]string{"#pk": attrPK, "#h": attrHash}}
	err := s.batchGet(ctx, keys, p, true, func(items []item) error {
		var recs []hashRecord
		if err := attributevalue.UnmarshalListOfMaps(items, &recs); err != nil {
			return fmt.Errorf("stored hashes: %w", err)
		}
		for _, r := range recs {
			i, ok := byKey[r.PK]
			if !ok {
				continue
			}
			out[i] = outcomeOf(&events[i], r.Hash)
			delete(byKey, r.PK)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var again []int
	for _, i := range byKey {
		again = append(again, i)
	}
	return again, nil
}

// outcomeOf is the outcome of putting e when an event with its id and the
// content hash stored is already there.
func outcomeOf(e *event.Event, stored string) store.Outcome {
	if stored == hashString(e.ContentHash()) {
		return store.Outcome{Status: store.Duplicate}
	}
	return store.ConflictOutcome()
}

// Events calls fn with every stored event, a page at a time, from a
// strongly consistent parallel scan of the table.
func (s *Store) Events(ctx context.Context, fn func([]event.Event) error) error {
	segments := make([]int32, scanSegments)
	for i := range segments {
		segments[i] = int32(i)
	}
	err := each(ctx, scanSegments, segments, func(ctx context.Context, seg int32, emit func([]event.Event) error) error {
		in := &dynamodb.ScanInput{
			TableName:                 aws.String(s.table),
			Segment:                   aws.Int32(seg),
			TotalSegments:             aws.Int32(scanSegments),
			ConsistentRead:            aws.Bool(true),
			FilterExpression:          aws.String("#sk = :event"),
			ProjectionExpression:      aws.String("#body"),
			ExpressionAttributeNames:  map[string]string{"#sk": attrSK, "#body": attrBody},
			ExpressionAttributeValues: map[string]types.AttributeValue{":event": &types.AttributeValueMemberS{Value: eventSK}},
		}
		return s.scanPages(ctx, in, func(items []item) error { return emitBodies(items, 0, emit) })
	}, fn)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	return nil
}

// scanPages runs the scan in, one page after another, and calls page with
// the items of each; an error of the scan names its segment.
func (s *Store) scanPages(ctx context.Context, in *dynamodb.ScanInput, page func([]item) error) error {
	for {
		out, err := s.client.Scan(ctx, in)
		if err != nil {
			return fmt.Errorf("scan segment %d: %w", aws.ToInt32(in.Segment), err)
		}
		if err := page(out.Items); err != nil {
			return err
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// emitBodies decodes the event bodies of items and emits them, when there
// are any; with only set, a body of another type (event.BodyType) is passed
// over without being decoded.
func emitBodies(items []item, only event.Type, emit func([]event.Event) error) error {
	if len(items) == 0 {
		return nil
	}
	batch := make([]event.Event, 0, len(items))
	var d event.Decoder // its parser reused over the page
	for _, it := range items {
		// The body read straight from the item: a page of index items has
		// nothing else, and the reflection of attributevalue would cost
		// more than decoding the body (BenchmarkQueryPage).
		s, ok := it[attrBody].(*types.AttributeValueMemberS)
		if !ok {
			return fmt.Errorf("event item without a %q string: %v", attrBody, slices.Collect(maps.Keys(it)))
		}
		body := []byte(s.Value)
		if only != 0 {
			if t, ok := event.BodyType(body); ok && t != only {
				continue
			}
		}
		e, err := d.Decode(body)
		if err != nil {
			return fmt.Errorf("stored event %.80q: %w", body, err)
		}
		batch = append(batch, e)
	}
	if len(batch) == 0 {
		return nil
	}
	return emit(batch)
}

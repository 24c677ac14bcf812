package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/event"
)

// backfillSegments is the number of parallel segments BackfillAssignments
// scans; each updates the assignments of its page with concurrency calls
// at once.
const backfillSegments = 8

// assignedBody is what an assignment's body holds, in AppendJSON's form
// (event.BodyType): the end of the id, then the type.
const assignedBody = `","type":"assigned"`

// BackfillAssignments gives the sparse index by_assigned the assignments
// stored before it existed, then writes the table's marker, from which on
// MonthAssignments reads the index (docs/storage.md). It scans the table
// in parallel segments, strongly consistent, for the event items of
// assignments without the index's keys, and sets on each the keys (the
// month and shard of its by_month partition, its by_month sort key) and
// its unit, on the condition that the item is still there. It returns how
// many items it updated, and calls progress, if not nil, with the running
// total after each page, in one goroutine. It can be run again at any
// time: an item already indexed is not read twice, and an assignment put
// meanwhile is written with the keys (PutEvents). Run it once after the
// index is added to an existing table, when the index is active.
func (s *Store) BackfillAssignments(ctx context.Context, progress func(done int)) (int, error) {
	segments := make([]int32, backfillSegments)
	for i := range segments {
		segments[i] = int32(i)
	}
	done := 0
	err := each(ctx, backfillSegments, segments, s.backfillSegment, func(n int) error {
		done += n
		if progress != nil {
			progress(done)
		}
		return nil
	})
	if err != nil {
		return done, fmt.Errorf("backfill %s: %w", indexByAssigned, err)
	}
	_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.table),
		Item: map[string]types.AttributeValue{
			attrPK:  &types.AttributeValueMemberS{Value: assignedMarkerKey().PK},
			attrSK:  &types.AttributeValueMemberS{Value: assignedMarkerKey().SK},
			"index": &types.AttributeValueMemberS{Value: indexByAssigned},
		},
	})
	if err != nil {
		return done, fmt.Errorf("backfill %s: the marker: %w", indexByAssigned, err)
	}
	s.assignedIndex.Store(true)
	return done, nil
}

// backfillSegment scans one segment of the table and updates the
// assignments it finds, emitting how many of each page it updated.
func (s *Store) backfillSegment(ctx context.Context, seg int32, emit func(int) error) error {
	in := &dynamodb.ScanInput{
		TableName:            aws.String(s.table),
		Segment:              aws.Int32(seg),
		TotalSegments:        aws.Int32(backfillSegments),
		ConsistentRead:       aws.Bool(true),
		FilterExpression:     aws.String("#sk = :event AND contains(#body, :assigned) AND attribute_not_exists(#a)"),
		ProjectionExpression: aws.String("#pk, #body, #m, #ms"),
		ExpressionAttributeNames: map[string]string{"#sk": attrSK, "#body": attrBody, "#a": attrAsg, "#pk": attrPK,
			"#m": attrMonth, "#ms": attrMonthS},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":event":    &types.AttributeValueMemberS{Value: eventSK},
			":assigned": &types.AttributeValueMemberS{Value: assignedBody},
		},
	}
	return s.scanPages(ctx, in, func(items []item) error {
		updates, err := assignedUpdates(items)
		if err != nil {
			return fmt.Errorf("scan segment %d: %w", seg, err)
		}
		n := 0
		err = each(ctx, concurrency, updates, s.setAssigned, func(ok bool) error {
			if ok {
				n++
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("scan segment %d: %w", seg, err)
		}
		return emit(n)
	})
}

// assignedUpdate is what the backfill sets on one assignment's item.
type assignedUpdate struct {
	key                string // pk
	part, sort, unitID string
}

// assignedUpdates decodes a page of the scan: the items of assignments, each
// with its by_month keys; an item whose body turns out not to be an
// assignment's is left out.
func assignedUpdates(items []item) ([]assignedUpdate, error) {
	var d event.Decoder
	out := make([]assignedUpdate, 0, len(items))
	for _, it := range items {
		pk, okPK := it[attrPK].(*types.AttributeValueMemberS)
		body, okB := it[attrBody].(*types.AttributeValueMemberS)
		month, okM := it[attrMonth].(*types.AttributeValueMemberS)
		sort, okS := it[attrMonthS].(*types.AttributeValueMemberS)
		if !okPK || !okB {
			return nil, errors.New("event item without pk and body strings")
		}
		e, err := d.Decode([]byte(body.Value))
		if err != nil {
			return nil, fmt.Errorf("stored event %.80q: %w", body.Value, err)
		}
		if e.Type != event.Assigned {
			continue
		}
		if !okM || !okS {
			return nil, fmt.Errorf("assignment %s without its by_month keys", e.ID)
		}
		part, ok := assignedOfMonth(month.Value)
		if !ok {
			return nil, fmt.Errorf("assignment %s in by_month partition %q, not a month's", e.ID, month.Value)
		}
		out = append(out, assignedUpdate{key: pk.Value, part: part, sort: sort.Value, unitID: e.UnitID})
	}
	return out, nil
}

// setAssigned sets the by_assigned keys and the unit on one item, if it is
// still there; it emits whether it was.
func (s *Store) setAssigned(ctx context.Context, u assignedUpdate, emit func(bool) error) error {
	_, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(s.table),
		Key: map[string]types.AttributeValue{
			attrPK: &types.AttributeValueMemberS{Value: u.key},
			attrSK: &types.AttributeValueMemberS{Value: eventSK},
		},
		UpdateExpression:         aws.String("SET #a = :a, #as = :as, #unit = :unit"),
		ConditionExpression:      aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames: map[string]string{"#a": attrAsg, "#as": attrAsgS, "#unit": attrUnit, "#pk": attrPK},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":a":    &types.AttributeValueMemberS{Value: u.part},
			":as":   &types.AttributeValueMemberS{Value: u.sort},
			":unit": &types.AttributeValueMemberS{Value: u.unitID},
		},
	})
	var gone *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &gone):
		return emit(false)
	case err != nil:
		return fmt.Errorf("index assignment %s: %w", u.key, err)
	}
	return emit(true)
}

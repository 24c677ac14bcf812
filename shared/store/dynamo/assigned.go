package dynamo

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// MonthAssignments calls fn with the summary of every assignment whose `at`
// falls in m, each once, from the 16 shards of m, queried in parallel: in
// the sparse index by_assigned, whose items are the assignments alone with
// their unit and content hash (a page holds four times the assignments of a
// by_month page, and nothing is decoded but three strings), once the table's
// marker says the index is complete (BackfillAssignments); else in by_month,
// passing over the bodies of other events (event.BodyType) and decoding
// those of assignments (docs/performance.md, "The month end reads what it
// needs"). The reads are eventually consistent, as MonthEvents' are.
func (s *Store) MonthAssignments(ctx context.Context, m calendar.Month, fn func([]event.Brief) error) error {
	indexed, err := s.AssignmentsIndexed(ctx)
	if err != nil {
		return fmt.Errorf("assignments of month %s: %w", m, err)
	}
	if indexed {
		err = s.indexedAssignments(ctx, m, fn)
	} else {
		err = s.monthAssignments(ctx, m, fn)
	}
	if err != nil {
		return fmt.Errorf("assignments of month %s: %w", m, err)
	}
	return nil
}

// indexedAssignments reads the assignments of m from by_assigned.
func (s *Store) indexedAssignments(ctx context.Context, m calendar.Month, fn func([]event.Brief) error) error {
	parts := make([]string, shards)
	for sh := range shards {
		parts[sh] = assignedPartition(m, sh)
	}
	return each(ctx, queryPeers, parts, s.queryAssigned, fn)
}

// queryAssigned emits the assignments of one by_assigned partition, a page
// at a time.
func (s *Store) queryAssigned(ctx context.Context, part string, emit func([]event.Brief) error) error {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(indexByAssigned),
		KeyConditionExpression:    aws.String("#p = :p"),
		ProjectionExpression:      aws.String("#pk, #h, #unit"),
		ExpressionAttributeNames:  map[string]string{"#p": attrAsg, "#pk": attrPK, "#h": attrHash, "#unit": attrUnit},
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: part}},
	}
	return s.queryPages(ctx, in, func(items []item) error {
		if len(items) == 0 {
			return nil
		}
		batch, err := decodeBriefs(items)
		if err != nil {
			return fmt.Errorf("%s %s: %w", indexByAssigned, part, err)
		}
		return emit(batch)
	})
}

// monthAssignments reads the assignments of m from by_month, the whole
// month's index items: the way before by_assigned is complete.
func (s *Store) monthAssignments(ctx context.Context, m calendar.Month, fn func([]event.Brief) error) error {
	parts := make([]partition, shards)
	for sh := range shards {
		parts[sh] = partition{index: indexByMonth, attr: attrMonth, value: monthPartition(m, sh), only: event.Assigned}
	}
	return each(ctx, queryPeers, parts, s.queryPartition, func(batch []event.Event) error {
		briefs := make([]event.Brief, 0, len(batch))
		for i := range batch {
			if batch[i].Type == event.Assigned {
				briefs = append(briefs, batch[i].Brief())
			}
		}
		if len(briefs) == 0 {
			return nil
		}
		return fn(briefs)
	})
}

// decodeBriefs reads a page of by_assigned items straight from their
// attributes: the reflection of attributevalue would cost more than the
// rest of the read (BenchmarkQueryPage).
func decodeBriefs(items []item) ([]event.Brief, error) {
	out := make([]event.Brief, len(items))
	for i, it := range items {
		pk, okPK := it[attrPK].(*types.AttributeValueMemberS)
		h, okH := it[attrHash].(*types.AttributeValueMemberS)
		u, okU := it[attrUnit].(*types.AttributeValueMemberS)
		if !okPK || !okH || !okU {
			return nil, fmt.Errorf("assignment item without %s, %s and %s strings", attrPK, attrHash, attrUnit)
		}
		id, ok := strings.CutPrefix(pk.Value, eventPrefix)
		if !ok {
			return nil, fmt.Errorf("assignment item %q: not an event's", pk.Value)
		}
		hash, err := parseHash(h.Value)
		if err != nil {
			return nil, fmt.Errorf("assignment item %q: %w", pk.Value, err)
		}
		out[i] = event.Brief{ID: id, UnitID: u.Value, Hash: hash}
	}
	return out, nil
}

// parseHash reads a content hash as hashString writes it.
func parseHash(s string) (uint64, error) {
	if len(s) != 16 {
		return 0, fmt.Errorf("content hash %q: not 16 hex digits", s)
	}
	h, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("content hash %q: %w", s, err)
	}
	return h, nil
}

// AssignmentsIndexed reports whether the table's sparse index by_assigned
// holds every assignment: the table's marker is there (BackfillAssignments),
// from which on MonthAssignments reads the index; until then by_month. Once seen, it is not read again by this store;
// while missing, it is read again by every call (one item, strongly
// consistent: a month end's reads are thousands of times more).
func (s *Store) AssignmentsIndexed(ctx context.Context) (bool, error) {
	if s.assignedIndex.Load() {
		return true, nil
	}
	var found bool
	err := s.read(ctx, func() error {
		out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
			TableName:                aws.String(s.table),
			Key:                      assignedMarkerKey().attributes(),
			ConsistentRead:           aws.Bool(true),
			ProjectionExpression:     aws.String("#pk"),
			ExpressionAttributeNames: map[string]string{"#pk": attrPK},
		})
		if err != nil {
			return fmt.Errorf("read the marker of %s: %w", indexByAssigned, err)
		}
		found = len(out.Item) > 0
		return nil
	})
	if err != nil {
		return false, err
	}
	if found {
		s.assignedIndex.Store(true)
	}
	return found, nil
}

package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

var _ store.Appeals = (*Store)(nil)

// CreateAppeal stores a new appeal (store.Appeals): one PutItem of its item
// in its month's partition on the condition attribute_not_exists(pk), so
// that of two filings of one deduction the second gets store.ErrExists. An
// appeal whose id does not name its month (appeal.ID) is invalid.
func (s *Store) CreateAppeal(ctx context.Context, a appeal.Appeal) error {
	item, err := appealItem(a)
	if err != nil {
		return fmt.Errorf("create appeal %q: %w", a.ID, err)
	}
	_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.table),
		Item:                     item,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: map[string]string{"#pk": attrPK},
	})
	var taken *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &taken):
		return fmt.Errorf("create appeal %q: %w", a.ID, store.ErrExists)
	case err != nil:
		return fmt.Errorf("create appeal %q: %w", a.ID, err)
	}
	return nil
}

// Appeal returns the appeal of id with one strongly consistent GetItem
// (store.Appeals); store.ErrNotFound when there is none, or when id names
// no month and so no appeal.
func (s *Store) Appeal(ctx context.Context, id string) (appeal.Appeal, error) {
	k, ok := appealKey(id)
	if !ok {
		return appeal.Appeal{}, fmt.Errorf("appeal %q: %w", id, store.ErrNotFound)
	}
	r, found, err := s.appealRecord(ctx, k)
	switch {
	case err != nil:
		return appeal.Appeal{}, fmt.Errorf("appeal %q: %w", id, err)
	case !found:
		return appeal.Appeal{}, fmt.Errorf("appeal %q: %w", id, store.ErrNotFound)
	}
	return r.appeal()
}

// MonthAppeals returns every appeal of a month (store.Appeals): one
// strongly consistent Query of the month's partition, sorted here by
// filing, then id. A page holds 1 MB, about a thousand appeals.
func (s *Store) MonthAppeals(ctx context.Context, month string) ([]appeal.Appeal, error) {
	in := &dynamodb.QueryInput{
		TableName:                aws.String(s.table),
		ConsistentRead:           aws.Bool(true),
		KeyConditionExpression:   aws.String("#pk = :pk AND begins_with(#sk, :label)"),
		ExpressionAttributeNames: map[string]string{"#pk": attrPK, "#sk": attrSK},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":    &types.AttributeValueMemberS{Value: appealsPartition(month)},
			":label": &types.AttributeValueMemberS{Value: appealLabel},
		},
	}
	list := []appeal.Appeal{}
	for {
		page, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("appeals of %s: %w", month, err)
		}
		var recs []appealRecord
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &recs); err != nil {
			return nil, fmt.Errorf("appeals of %s: %w", month, err)
		}
		for _, r := range recs {
			a, err := r.appeal()
			if err != nil {
				return nil, fmt.Errorf("appeals of %s: %w", month, err)
			}
			list = append(list, a)
		}
		if len(page.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	slices.SortFunc(list, func(a, b appeal.Appeal) int {
		if c := a.FiledAt.Compare(b.FiledAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return list, nil
}

// UpdateAppeal replaces the stored appeal of a.ID by a (store.Appeals): one
// PutItem on the condition that the stored status is from, which no
// missing item meets. When it fails, a strongly consistent GetItem tells
// store.ErrNotFound from store.ErrChanged; nothing was written either way.
func (s *Store) UpdateAppeal(ctx context.Context, a appeal.Appeal, from appeal.Status) error {
	k, ok := appealKey(a.ID)
	if !ok {
		return fmt.Errorf("update appeal %q: %w", a.ID, store.ErrNotFound)
	}
	item, err := appealItem(a)
	if err != nil {
		return fmt.Errorf("update appeal %q: %w", a.ID, err)
	}
	_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 aws.String(s.table),
		Item:                      item,
		ConditionExpression:       aws.String("#status = :from"),
		ExpressionAttributeNames:  map[string]string{"#status": attrStatus},
		ExpressionAttributeValues: map[string]types.AttributeValue{":from": &types.AttributeValueMemberS{Value: string(from)}},
	})
	var failed *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &failed):
	case err != nil:
		return fmt.Errorf("update appeal %q: %w", a.ID, err)
	default:
		return nil
	}
	r, found, err := s.appealRecord(ctx, k)
	switch {
	case err != nil:
		return fmt.Errorf("update appeal %q: %w", a.ID, err)
	case !found:
		return fmt.Errorf("update appeal %q: %w", a.ID, store.ErrNotFound)
	}
	return fmt.Errorf("update appeal %q: it is %s, not %s: %w", a.ID, r.Status, from, store.ErrChanged)
}

// appealItem is the item of a, under the key of its id, which must name
// its month: else the appeal would not be in its month's partition.
func appealItem(a appeal.Appeal) (map[string]types.AttributeValue, error) {
	k, ok := appealKey(a.ID)
	if !ok || k.PK != appealsPartition(a.Month) {
		return nil, fault.Errorf(fault.Invalid, "the id %q does not name the appeal's month %q (appeal.ID)", a.ID, a.Month)
	}
	r, err := newAppealRecord(k, a)
	if err != nil {
		return nil, err
	}
	return attributevalue.MarshalMap(r)
}

// appealRecord reads the item of key k with one strongly consistent
// GetItem; found is false when there is none.
func (s *Store) appealRecord(ctx context.Context, k itemKey) (r appealRecord, found bool, err error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            k.attributes(),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return appealRecord{}, false, err
	}
	if len(out.Item) == 0 {
		return appealRecord{}, false, nil
	}
	if err := attributevalue.UnmarshalMap(out.Item, &r); err != nil {
		return appealRecord{}, false, err
	}
	return r, true, nil
}

package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/store"
)

var _ store.Imports = (*Store)(nil)

// PutImport stores the record of an import (store.Imports): one
// TransactWriteItems of two puts, each on attribute_not_exists(pk), the
// record in the IMPORTS partition (importKey) and the guard of its id
// (importIDKey). A failed condition is store.ErrExists, and the
// transaction wrote nothing. The SDK gives the transaction a
// ClientRequestToken, the same on each retry: a retry after a lost answer
// succeeds as the first attempt did, where a conditional PutItem retried
// would fail on its own write.
func (s *Store) PutImport(ctx context.Context, rec store.Import) error {
	r := newImportRecord(rec)
	item, err := attributevalue.MarshalMap(r)
	if err != nil {
		return fmt.Errorf("put import %q: %w", rec.ID, err)
	}
	guard, err := attributevalue.MarshalMap(importIDRecord{itemKey: importIDKey(rec.ID), Record: r.SK})
	if err != nil {
		return fmt.Errorf("put import %q: %w", rec.ID, err)
	}
	put := func(item map[string]types.AttributeValue) types.TransactWriteItem {
		return types.TransactWriteItem{Put: &types.Put{
			TableName:                aws.String(s.table),
			Item:                     item,
			ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
			ExpressionAttributeNames: map[string]string{"#pk": attrPK},
		}}
	}
	_, err = s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{put(guard), put(item)},
	})
	var cancelled *types.TransactionCanceledException
	switch {
	case errors.As(err, &cancelled) && taken(cancelled):
		return fmt.Errorf("put import %q: %w", rec.ID, store.ErrExists)
	case err != nil:
		return fmt.Errorf("put import %q: %w", rec.ID, err)
	}
	return nil
}

// taken reports whether a cancelled transaction failed a condition: an
// item it would create exists.
func taken(c *types.TransactionCanceledException) bool {
	for _, r := range c.CancellationReasons {
		if aws.ToString(r.Code) == "ConditionalCheckFailed" {
			return true
		}
	}
	return false
}

// RecentImports returns at most limit records (store.Imports), the most
// recent first, ties by id descending: one strongly consistent Query of the
// IMPORTS partition backwards, Limit limit, which is the order of the sort
// keys (the time, fixed width, then the id). A page holds 1 MB, a few
// thousand records; a larger limit reads on.
func (s *Store) RecentImports(ctx context.Context, limit int) ([]store.Import, error) {
	list := []store.Import{}
	if limit <= 0 {
		return list, nil
	}
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		ConsistentRead:            aws.Bool(true),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  map[string]string{"#pk": attrPK},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: importsPK}},
		ScanIndexForward:          aws.Bool(false),
	}
	for len(list) < limit {
		in.Limit = aws.Int32(int32(min(limit-len(list), 1<<30)))
		page, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("recent imports: %w", err)
		}
		var recs []importRecord
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &recs); err != nil {
			return nil, fmt.Errorf("recent imports: %w", err)
		}
		for _, r := range recs {
			rec, err := r.record()
			if err != nil {
				return nil, fmt.Errorf("recent imports: %w", err)
			}
			list = append(list, rec)
		}
		if len(page.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	return list, nil
}

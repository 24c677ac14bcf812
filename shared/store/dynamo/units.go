package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// PutUnits replaces the unit registry: one PutItem of the item that holds
// the whole registry in order, so a reader sees the old registry or the new
// one, never a mix. An item holds up to 400 KB: about 4,000 units of
// typical names.
func (s *Store) PutUnits(ctx context.Context, units []unit.Unit) error {
	av, err := attributevalue.MarshalMap(newUnitsRecord(units))
	if err != nil {
		return fmt.Errorf("put %d units: %w", len(units), err)
	}
	if _, err := s.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: av}); err != nil {
		return fmt.Errorf("put %d units: %w", len(units), err)
	}
	return nil
}

// Units returns the unit registry with one strongly consistent GetItem;
// store.ErrNotFound when none was ever put.
func (s *Store) Units(ctx context.Context) ([]unit.Unit, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            unitsKey().attributes(),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	if len(out.Item) == 0 {
		return nil, fmt.Errorf("units: %w", store.ErrNotFound)
	}
	var r unitsRecord
	if err := attributevalue.UnmarshalMap(out.Item, &r); err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	return r.units(), nil
}

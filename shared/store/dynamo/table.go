package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// tableWait is how long CreateTable waits for the table to become active.
const tableWait = 5 * time.Minute

// CreateTable creates the store's table, on demand (pay per request), with
// its four indexes, waits until it and its indexes are active, and then
// turns on its time to live on the ttl attribute (sessions). A table that
// already exists is waited for, not changed. It is meant for tests and
// local runs; deployed tables come from the infrastructure template, with
// the same schema.
func CreateTable(ctx context.Context, client TableClient, table string) error {
	_, err := client.CreateTable(ctx, tableInput(table))
	var exists *types.ResourceInUseException
	created := err == nil
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("create table %s: %w", table, err)
	}
	if err := waitActive(ctx, client, table); err != nil {
		return fmt.Errorf("create table %s: %w", table, err)
	}
	if !created {
		return nil
	}
	if _, err := client.UpdateTimeToLive(ctx, timeToLiveInput(table)); err != nil {
		return fmt.Errorf("create table %s: time to live: %w", table, err)
	}
	return nil
}

// waitActive waits, at most tableWait, until the table and its indexes are
// active.
func waitActive(ctx context.Context, client TableClient, table string) error {
	ctx, cancel := context.WithTimeout(ctx, tableWait)
	defer cancel()
	for attempt := 1; ; attempt++ {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
		if err != nil {
			return err
		}
		if active(out.Table) {
			return nil
		}
		if err := sleep(ctx, attempt); err != nil {
			return fmt.Errorf("not active: %w", err)
		}
	}
}

// timeToLiveInput turns on the table's time to live on the ttl attribute:
// DynamoDB deletes an item some time after the instant (seconds since the
// epoch) that attribute holds; only session items have it.
func timeToLiveInput(table string) *dynamodb.UpdateTimeToLiveInput {
	return &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(attrTTL),
			Enabled:       aws.Bool(true),
		},
	}
}

// active reports whether a table and all its indexes are active.
func active(t *types.TableDescription) bool {
	if t == nil || t.TableStatus != types.TableStatusActive {
		return false
	}
	for _, g := range t.GlobalSecondaryIndexes {
		if g.IndexStatus != types.IndexStatusActive {
			return false
		}
	}
	return true
}

// tableInput is the table's schema: string keys pk and sk, three indexes
// that carry the event body (INCLUDE), so that reading a month or a ticket
// history needs no read of the table itself, and the sparse by_assigned,
// which carries of each assignment only its content hash and unit.
func tableInput(table string) *dynamodb.CreateTableInput {
	attrs := []string{attrPK, attrSK, attrMonth, attrMonthS, attrDue, attrDueS, attrTicket, attrTickS, attrAsg, attrAsgS}
	defs := make([]types.AttributeDefinition, len(attrs))
	for i, a := range attrs {
		defs[i] = types.AttributeDefinition{AttributeName: aws.String(a), AttributeType: types.ScalarAttributeTypeS}
	}
	index := func(name, hash, rng string, include ...string) types.GlobalSecondaryIndex {
		return types.GlobalSecondaryIndex{
			IndexName: aws.String(name),
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String(hash), KeyType: types.KeyTypeHash},
				{AttributeName: aws.String(rng), KeyType: types.KeyTypeRange},
			},
			Projection: &types.Projection{
				ProjectionType:   types.ProjectionTypeInclude,
				NonKeyAttributes: include,
			},
		}
	}
	return &dynamodb.CreateTableInput{
		TableName:   aws.String(table),
		BillingMode: types.BillingModePayPerRequest,
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(attrPK), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(attrSK), KeyType: types.KeyTypeRange},
		},
		AttributeDefinitions: defs,
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			index(indexByMonth, attrMonth, attrMonthS, attrBody),
			index(indexByDue, attrDue, attrDueS, attrBody),
			index(indexByTicket, attrTicket, attrTickS, attrBody),
			index(indexByAssigned, attrAsg, attrAsgS, attrHash, attrUnit),
		},
	}
}

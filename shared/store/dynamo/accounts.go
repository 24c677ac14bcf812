package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/store"
)

var _ store.Accounts = (*Store)(nil)

// CreateAccount stores a new account (store.Accounts): one PutItem of its
// item in the ACCOUNTS partition on the condition attribute_not_exists(pk),
// so that of two writers of one id the second gets store.ErrExists. A
// condition failed by the very item it puts is this call's own earlier
// attempt, sent again after its answer was lost: not an error.
func (s *Store) CreateAccount(ctx context.Context, a account.Account) error {
	av, err := attributevalue.MarshalMap(newAccountRecord(a))
	if err != nil {
		return fmt.Errorf("create account %q: %w", a.ID, err)
	}
	_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                           aws.String(s.table),
		Item:                                av,
		ConditionExpression:                 aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames:            map[string]string{"#pk": attrPK},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var taken *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &taken):
		ours, rerr := s.isStoredAccount(ctx, a, taken.Item)
		switch {
		case rerr != nil:
			return fmt.Errorf("create account %q: %w", a.ID, rerr)
		case ours:
			return nil
		}
		return fmt.Errorf("create account %q: %w", a.ID, store.ErrExists)
	case err != nil:
		return fmt.Errorf("create account %q: %w", a.ID, err)
	}
	return nil
}

// isStoredAccount tells whether the account item that failed CreateAccount's
// condition is a's own, to the last attribute (its password hash is salted
// anew for each account): the put of an earlier attempt of the same call,
// whose answer was lost and which the SDK's retryer sent again. stored is
// the item the failed condition returned, read again when the answer had
// none.
func (s *Store) isStoredAccount(ctx context.Context, a account.Account, stored map[string]types.AttributeValue) (bool, error) {
	if len(stored) == 0 {
		var err error
		if stored, err = s.accountItem(ctx, a.ID); err != nil {
			return false, err
		}
	}
	var r accountRecord
	if err := attributevalue.UnmarshalMap(stored, &r); err != nil {
		return false, fmt.Errorf("stored account: %w", err)
	}
	return r == newAccountRecord(a), nil
}

// accountItem is the stored item of the account of id, read strongly
// consistent; empty when there is none.
func (s *Store) accountItem(ctx context.Context, id string) (map[string]types.AttributeValue, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            accountKey(id).attributes(),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, err
	}
	return out.Item, nil
}

// Account returns the account of id with one strongly consistent GetItem
// (an account made or changed a moment ago signs in as it now is);
// store.ErrNotFound when there is none.
func (s *Store) Account(ctx context.Context, id string) (account.Account, error) {
	it, err := s.accountItem(ctx, id)
	if err != nil {
		return account.Account{}, fmt.Errorf("account %q: %w", id, err)
	}
	if len(it) == 0 {
		return account.Account{}, fmt.Errorf("account %q: %w", id, store.ErrNotFound)
	}
	var r accountRecord
	if err := attributevalue.UnmarshalMap(it, &r); err != nil {
		return account.Account{}, fmt.Errorf("account %q: %w", id, err)
	}
	return r.account()
}

// ListAccounts returns every account, ordered by id: one strongly
// consistent Query of the ACCOUNTS partition, in sort key order, which is
// the ids' byte order. A page holds 1 MB, a few thousand accounts.
func (s *Store) ListAccounts(ctx context.Context) ([]account.Account, error) {
	in := &dynamodb.QueryInput{
		TableName:                aws.String(s.table),
		ConsistentRead:           aws.Bool(true),
		KeyConditionExpression:   aws.String("#pk = :pk AND begins_with(#sk, :label)"),
		ExpressionAttributeNames: map[string]string{"#pk": attrPK, "#sk": attrSK},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":    &types.AttributeValueMemberS{Value: accountsPK},
			":label": &types.AttributeValueMemberS{Value: accountLabel},
		},
	}
	list := []account.Account{}
	for {
		page, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
		var recs []accountRecord
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &recs); err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
		for _, r := range recs {
			a, err := r.account()
			if err != nil {
				return nil, fmt.Errorf("accounts: %w", err)
			}
			list = append(list, a)
		}
		if len(page.LastEvaluatedKey) == 0 {
			return list, nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

// UpdateAccount replaces the stored account of a.ID (store.Accounts): one
// UpdateItem on the condition attribute_exists(pk) that sets every
// attribute but the id and created_at, and removes those a leaves empty (a
// unit, a name, a revocation); store.ErrNotFound when there is no such
// account, and then nothing is written.
func (s *Store) UpdateAccount(ctx context.Context, a account.Account) error {
	av, err := attributevalue.MarshalMap(newAccountRecord(a))
	if err != nil {
		return fmt.Errorf("update account %q: %w", a.ID, err)
	}
	names := map[string]string{"#pk": attrPK}
	values := map[string]types.AttributeValue{}
	var set, remove []string
	for i, attr := range accountAttributes {
		ref := fmt.Sprintf("#a%d", i)
		names[ref] = attr
		if v, ok := av[attr]; ok {
			values[fmt.Sprintf(":a%d", i)] = v
			set = append(set, fmt.Sprintf("%s = :a%d", ref, i))
		} else {
			remove = append(remove, ref)
		}
	}
	expr := "SET " + strings.Join(set, ", ")
	if len(remove) > 0 {
		expr += " REMOVE " + strings.Join(remove, ", ")
	}
	_, err = s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       accountKey(a.ID).attributes(),
		UpdateExpression:          aws.String(expr),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	var missing *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &missing):
		return fmt.Errorf("update account %q: %w", a.ID, store.ErrNotFound)
	case err != nil:
		return fmt.Errorf("update account %q: %w", a.ID, err)
	}
	return nil
}

package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// fakeDB is a hand-written fake of the two calls PutEvents makes,
// TransactWriteItems and BatchGetItem, over a map of items by pk, that
// understands the expressions the store writes; any other call panics. It
// keeps DynamoDB's rules that the store relies on: at most 100 actions, no
// item twice in a transaction, all or nothing, and a cancellation reason
// per action.
type fakeDB struct {
	Client // nil: the calls the fake does not have panic

	mu    sync.Mutex
	items map[string]item
	calls int

	conflictEvery int  // every n-th transaction meets a TransactionConflict
	withoutItem   bool // cancellation reasons do not return the stored item
}

func newFakeDB() *fakeDB { return &fakeDB{items: map[string]item{}} }

func pkOf(it item) string { return it[attrPK].(*types.AttributeValueMemberS).Value }

func (f *fakeDB) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if n := len(in.TransactItems); n == 0 || n > maxActions {
		return nil, fmt.Errorf("ValidationException: %d actions", n)
	}
	reasons := make([]types.CancellationReason, len(in.TransactItems))
	touched := map[string]bool{}
	cancel := false
	for i, a := range in.TransactItems {
		reasons[i].Code = aws.String(reasonNone)
		var pk string
		switch {
		case a.Put != nil:
			pk = pkOf(a.Put.Item)
			if old, ok := f.items[pk]; ok {
				cancel = true
				reasons[i].Code = aws.String(reasonCondition)
				if !f.withoutItem {
					reasons[i].Item = old
				}
			}
		case a.Update != nil:
			pk = pkOf(a.Update.Key)
			if !f.fits(a.Update) {
				cancel = true
				reasons[i].Code = aws.String(reasonCondition)
			}
		}
		if touched[pk] {
			return nil, errors.New("ValidationException: Transaction request cannot include multiple operations on one item")
		}
		touched[pk] = true
	}
	if f.conflictEvery > 0 && f.calls%f.conflictEvery == 0 {
		reasons[0] = types.CancellationReason{Code: aws.String(reasonConflict)}
		cancel = true
	}
	if cancel {
		return nil, &types.TransactionCanceledException{CancellationReasons: reasons}
	}
	for _, a := range in.TransactItems {
		if a.Put != nil {
			f.items[pkOf(a.Put.Item)] = a.Put.Item
			continue
		}
		f.update(a.Update)
	}
	return &dynamodb.TransactWriteItemsOutput{}, nil
}

// fits evaluates the condition of a ticket update: not large, and room
// for the bodies.
func (f *fakeDB) fits(u *types.Update) bool {
	if u.ConditionExpression == nil {
		return true
	}
	old := f.items[pkOf(u.Key)]
	if _, large := old[attrLarge]; large {
		return false
	}
	b, ok := old[attrBytes]
	if !ok {
		return true
	}
	have, _ := strconv.Atoi(b.(*types.AttributeValueMemberN).Value)
	room, _ := strconv.Atoi(u.ExpressionAttributeValues[":room"].(*types.AttributeValueMemberN).Value)
	return have <= room
}

// update applies a ticket update: the two forms ticketUpdate makes.
func (f *fakeDB) update(u *types.Update) {
	pk := pkOf(u.Key)
	it := f.items[pk]
	if it == nil {
		it = item{attrPK: u.Key[attrPK], attrSK: u.Key[attrSK]}
		f.items[pk] = it
	}
	if v, ok := u.ExpressionAttributeValues[":true"]; ok {
		it[attrLarge] = v
		return
	}
	var bodies []string
	if old, ok := it[attrEvents]; ok {
		bodies = old.(*types.AttributeValueMemberSS).Value
	}
	bodies = append(slices.Clone(bodies), u.ExpressionAttributeValues[":bodies"].(*types.AttributeValueMemberSS).Value...)
	slices.Sort(bodies)
	it[attrEvents] = &types.AttributeValueMemberSS{Value: slices.Compact(bodies)}
	n, _ := strconv.Atoi(u.ExpressionAttributeValues[":n"].(*types.AttributeValueMemberN).Value)
	if old, ok := it[attrBytes]; ok {
		have, _ := strconv.Atoi(old.(*types.AttributeValueMemberN).Value)
		n += have
	}
	it[attrBytes] = &types.AttributeValueMemberN{Value: strconv.Itoa(n)}
}

func (f *fakeDB) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := &dynamodb.BatchGetItemOutput{Responses: map[string][]item{}}
	for table, req := range in.RequestItems {
		if len(req.Keys) > maxBatchGet {
			return nil, fmt.Errorf("ValidationException: %d keys", len(req.Keys))
		}
		for _, k := range req.Keys {
			if it, ok := f.items[pkOf(k)]; ok {
				out.Responses[table] = append(out.Responses[table], it)
			}
		}
	}
	return out, nil
}

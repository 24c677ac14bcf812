package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDB's limits on one batch call.
const (
	maxBatchGet   = 100 // keys per BatchGetItem
	maxBatchWrite = 25  // requests per BatchWriteItem
)

// item is one item as the SDK carries it.
type item = map[string]types.AttributeValue

// projection names the attributes a read returns.
type projection struct {
	expr  string
	names map[string]string
}

// batchGet reads the items of keys with BatchGetItem calls of up to 100
// keys, concurrently, strongly consistent or not, and hands every page of
// items to sink. Keys DynamoDB leaves unprocessed are asked again with backoff, at
// most maxRounds times; items that do not exist are left out.
func (s *Store) batchGet(ctx context.Context, keys []itemKey, p projection, consistent bool, sink func([]item) error) error {
	return batchGetAs(ctx, s, keys, p, consistent, func(items []item) ([]item, error) { return items, nil }, sink)
}

// batchGetAs is batchGet with each page turned into a T by decode in the
// goroutine that read it, so that decoding runs as parallel as the reads
// and sink, in the caller's goroutine, only gathers.
func batchGetAs[T any](ctx context.Context, s *Store, keys []itemKey, p projection, consistent bool, decode func([]item) (T, error), sink func(T) error) error {
	groups := chunk(keys, maxBatchGet)
	return each(ctx, readPeers, groups, func(ctx context.Context, group []itemKey, emit func(T) error) error {
		req := types.KeysAndAttributes{
			Keys:                     make([]item, len(group)),
			ConsistentRead:           aws.Bool(consistent),
			ProjectionExpression:     aws.String(p.expr),
			ExpressionAttributeNames: p.names,
		}
		for i, k := range group {
			req.Keys[i] = k.attributes()
		}
		for round := 0; ; round++ {
			var left types.KeysAndAttributes
			err := s.read(ctx, func() error {
				out, err := s.client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
					RequestItems: map[string]types.KeysAndAttributes{s.table: req},
				})
				if err != nil {
					return fmt.Errorf("batch get %d keys: %w", len(req.Keys), err)
				}
				left = out.UnprocessedKeys[s.table]
				if got := out.Responses[s.table]; len(got) > 0 {
					v, err := decode(got)
					if err != nil {
						return err
					}
					return emit(v)
				}
				return nil
			})
			if err != nil {
				return err
			}
			if len(left.Keys) == 0 {
				return nil
			}
			if round == maxRounds {
				return fmt.Errorf("batch get: %d keys still unprocessed after %d rounds", len(left.Keys), round+1)
			}
			if err := sleep(ctx, round+1); err != nil {
				return err
			}
			req.Keys = left.Keys
		}
	}, sink)
}

// batchPut writes items with BatchWriteItem calls of up to 25 puts,
// concurrently. Puts DynamoDB leaves unprocessed are sent again with
// backoff, at most maxRounds times. Only for items whose overwrite by the
// same content is harmless: a batch write has no conditions.
func (s *Store) batchPut(ctx context.Context, items []item) error {
	groups := chunk(items, maxBatchWrite)
	return each(ctx, concurrency, groups, func(ctx context.Context, group []item, _ func(struct{}) error) error {
		reqs := make([]types.WriteRequest, len(group))
		for i, it := range group {
			reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
		}
		for round := 0; ; round++ {
			out, err := s.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
				RequestItems: map[string][]types.WriteRequest{s.table: reqs},
			})
			if err != nil {
				return fmt.Errorf("batch write %d items: %w", len(reqs), err)
			}
			reqs = out.UnprocessedItems[s.table]
			if len(reqs) == 0 {
				return nil
			}
			if round == maxRounds {
				return fmt.Errorf("batch write: %d items still unprocessed after %d rounds", len(reqs), round+1)
			}
			if err := sleep(ctx, round+1); err != nil {
				return err
			}
		}
	}, func(struct{}) error { return nil })
}

// chunk splits s into parts of at most n elements.
func chunk[T any](s []T, n int) [][]T {
	var out [][]T
	for i := 0; i < len(s); i += n {
		out = append(out, s[i:min(i+n, len(s))])
	}
	return out
}

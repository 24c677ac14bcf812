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

// PutResult stores r as the next version of its period, not final
// (store.Store). The body goes first, into content-addressed chunks; then
// the header of version latest+1 is put on the condition that no header has
// that version yet, so two writers never get the same version: the loser
// reads the latest again and takes the next one. A result with the latest
// version's policy and fingerprint is not stored again: the latest version
// is returned, with its body.
func (s *Store) PutResult(ctx context.Context, r store.Result) (store.Result, error) {
	if r.Period == "" {
		return store.Result{}, errors.New("put result: no period")
	}
	var ref, summary *blobRef
	for attempt := 0; ; attempt++ {
		latest, ok, err := s.latest(ctx, r.Period)
		if err != nil {
			return store.Result{}, fmt.Errorf("put result %s: %w", r.Period, err)
		}
		if ok && latest.Policy == r.Policy && latest.Fingerprint == r.Fingerprint {
			return s.withBody(ctx, latest)
		}
		if ref == nil {
			b, err := s.putBlob(ctx, r.Body)
			if err != nil {
				return store.Result{}, fmt.Errorf("put result %s: %w", r.Period, err)
			}
			ref = &b
		}
		if summary == nil && r.Summary != nil {
			b, err := s.putBlob(ctx, r.Summary)
			if err != nil {
				return store.Result{}, fmt.Errorf("put result %s: summary: %w", r.Period, err)
			}
			summary = &b
		}
		next := r
		next.Version, next.Final, next.Summary = latest.Version+1, false, nil
		rec := newResultRecord(next, *ref)
		rec.Summary = summary
		av, err := attributevalue.MarshalMap(rec)
		if err != nil {
			return store.Result{}, fmt.Errorf("put result %s: %w", r.Period, err)
		}
		_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:                aws.String(s.table),
			Item:                     av,
			ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
			ExpressionAttributeNames: map[string]string{"#pk": attrPK},
		})
		var taken *types.ConditionalCheckFailedException
		switch {
		case err == nil:
			return next, nil
		case !errors.As(err, &taken):
			return store.Result{}, fmt.Errorf("put result %s v%d: %w", r.Period, next.Version, err)
		case attempt == maxRounds:
			return store.Result{}, fmt.Errorf("put result %s: version %d taken, %d attempts", r.Period, next.Version, attempt+1)
		}
		if err := sleep(ctx, attempt+1); err != nil {
			return store.Result{}, err
		}
	}
}

// Result returns version v of a period's result with its body, the latest
// when v is 0.
func (s *Store) Result(ctx context.Context, period string, v int) (store.Result, error) {
	rec, err := s.version(ctx, period, v)
	if err != nil {
		return store.Result{}, fmt.Errorf("result %s v%d: %w", period, v, err)
	}
	return s.withBody(ctx, rec)
}

// version is the header of version v of a period's result, the latest when
// v is 0; store.ErrNotFound when there is none.
func (s *Store) version(ctx context.Context, period string, v int) (resultRecord, error) {
	var (
		rec resultRecord
		ok  bool
		err error
	)
	if v == 0 {
		rec, ok, err = s.latest(ctx, period)
	} else {
		rec, ok, err = s.header(ctx, period, v)
	}
	switch {
	case err != nil:
		return resultRecord{}, err
	case !ok:
		return resultRecord{}, store.ErrNotFound
	}
	return rec, nil
}

// ResultSummary returns version v of a period's result with its summary
// and without its body, the latest when v is 0: the header, and the
// summary's chunks when it has one.
func (s *Store) ResultSummary(ctx context.Context, period string, v int) (store.Result, error) {
	rec, err := s.version(ctx, period, v)
	if err != nil {
		return store.Result{}, fmt.Errorf("result summary %s v%d: %w", period, v, err)
	}
	r := rec.result()
	if rec.Summary != nil {
		if r.Summary, err = s.readBlob(ctx, *rec.Summary); err != nil {
			return store.Result{}, fmt.Errorf("result summary %s v%d: %w", r.Period, r.Version, err)
		}
	}
	return r, nil
}

// Results lists every version of every period without bodies, newest
// period first and newest version first: one query of the RESULTS
// partition, read backwards.
func (s *Store) Results(ctx context.Context) ([]store.Result, error) {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		ConsistentRead:            aws.Bool(true),
		ScanIndexForward:          aws.Bool(false),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  map[string]string{"#pk": attrPK},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: resultsPK}},
	}
	var list []store.Result
	for {
		page, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("results: %w", err)
		}
		var recs []resultRecord
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &recs); err != nil {
			return nil, fmt.Errorf("results: %w", err)
		}
		for _, r := range recs {
			list = append(list, r.result())
		}
		if len(page.LastEvaluatedKey) == 0 {
			return list, nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

// Finalize marks the latest version of a period final, with a conditional
// update of its header, and returns it with its body.
func (s *Store) Finalize(ctx context.Context, period string) (store.Result, error) {
	latest, ok, err := s.latest(ctx, period)
	switch {
	case err != nil:
		return store.Result{}, fmt.Errorf("finalize %s: %w", period, err)
	case !ok:
		return store.Result{}, fmt.Errorf("finalize %s: %w", period, store.ErrNotFound)
	}
	out, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       latest.itemKey.attributes(),
		UpdateExpression:          aws.String("SET #final = :true"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  map[string]string{"#final": attrFinal, "#pk": attrPK},
		ExpressionAttributeValues: map[string]types.AttributeValue{":true": &types.AttributeValueMemberBOOL{Value: true}},
		ReturnValues:              types.ReturnValueAllNew,
	})
	if err != nil {
		return store.Result{}, fmt.Errorf("finalize %s v%d: %w", period, latest.Version, err)
	}
	var rec resultRecord
	if err := attributevalue.UnmarshalMap(out.Attributes, &rec); err != nil {
		return store.Result{}, fmt.Errorf("finalize %s v%d: %w", period, latest.Version, err)
	}
	return s.withBody(ctx, rec)
}

// latest reads the header of a period's latest version: the first item of
// the period's key range, read backwards.
func (s *Store) latest(ctx context.Context, period string) (resultRecord, bool, error) {
	out, err := s.client.Query(ctx, &dynamodb.QueryInput{
		TableName:                aws.String(s.table),
		ConsistentRead:           aws.Bool(true),
		ScanIndexForward:         aws.Bool(false),
		Limit:                    aws.Int32(1),
		KeyConditionExpression:   aws.String("#pk = :pk AND begins_with(#sk, :prefix)"),
		ExpressionAttributeNames: map[string]string{"#pk": attrPK, "#sk": attrSK},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":     &types.AttributeValueMemberS{Value: resultsPK},
			":prefix": &types.AttributeValueMemberS{Value: resultPrefix(period)},
		},
	})
	if err != nil {
		return resultRecord{}, false, fmt.Errorf("latest version: %w", err)
	}
	if len(out.Items) == 0 {
		return resultRecord{}, false, nil
	}
	var rec resultRecord
	if err := attributevalue.UnmarshalMap(out.Items[0], &rec); err != nil {
		return resultRecord{}, false, fmt.Errorf("latest version: %w", err)
	}
	return rec, true, nil
}

// header reads the header of version v of a period.
func (s *Store) header(ctx context.Context, period string, v int) (resultRecord, bool, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            resultKey(period, v).attributes(),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil || len(out.Item) == 0 {
		return resultRecord{}, false, err
	}
	var rec resultRecord
	if err := attributevalue.UnmarshalMap(out.Item, &rec); err != nil {
		return resultRecord{}, false, err
	}
	return rec, true, nil
}

// withBody is the result of a header, with its body read.
func (s *Store) withBody(ctx context.Context, rec resultRecord) (store.Result, error) {
	r := rec.result()
	body, err := s.readBlob(ctx, rec.Blob)
	if err != nil {
		return store.Result{}, fmt.Errorf("result %s v%d: %w", r.Period, r.Version, err)
	}
	r.Body = body
	return r, nil
}

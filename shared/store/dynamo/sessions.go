package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/store"
)

var _ store.Sessions = (*Store)(nil)

// PutSession stores s under its token's hash, replacing a session of the
// same hash (store.Sessions): one unconditional PutItem, whose ttl
// attribute is expires in whole seconds since the epoch, rounded up.
func (s *Store) PutSession(ctx context.Context, sess account.Session, expires time.Time) error {
	av, err := attributevalue.MarshalMap(newSessionRecord(sess, expires))
	if err != nil {
		return fmt.Errorf("put session of %q: %w", sess.AccountID, err)
	}
	if _, err := s.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: av}); err != nil {
		return fmt.Errorf("put session of %q: %w", sess.AccountID, err)
	}
	return nil
}

// Session returns the session of a token hash with one strongly consistent
// GetItem (the request right after a sign-in finds it); store.ErrNotFound
// when there is none. An expired session that DynamoDB has not yet deleted
// is returned like any other: whether it may be used is the caller's to
// judge (account.Lifetime.Admits).
func (s *Store) Session(ctx context.Context, tokenHash string) (account.Session, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            sessionKey(tokenHash).attributes(),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return account.Session{}, fmt.Errorf("session: %w", err)
	}
	if len(out.Item) == 0 {
		return account.Session{}, fmt.Errorf("session: %w", store.ErrNotFound)
	}
	var r sessionRecord
	if err := attributevalue.UnmarshalMap(out.Item, &r); err != nil {
		return account.Session{}, fmt.Errorf("session: %w", err)
	}
	return r.session(tokenHash)
}

// DeleteSession removes the session of a token hash with one unconditional
// DeleteItem: deleting what is not there succeeds, so signing out twice is
// no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String(s.table),
		Key:       sessionKey(tokenHash).attributes(),
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// SweepSessions removes nothing and returns 0: DynamoDB's time to live
// deletes each session item after the instant in its ttl attribute (the
// table's TimeToLiveSpecification, which CreateTable enables), usually
// within a few days and at no write cost. Until then an expired session
// may still be read; account.Lifetime refuses it.
func (s *Store) SweepSessions(context.Context, time.Time) (int, error) { return 0, nil }

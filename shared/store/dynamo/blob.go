package dynamo

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// chunkSize is the most compressed bytes one chunk item holds, well below
// DynamoDB's 400 KB item limit. A Beijing-scale ranking of ~10 MB of JSON
// compresses to about 1 MB: a handful of chunks.
const chunkSize = 300 << 10

// gzipEncoding names the only encoding of stored bodies.
const gzipEncoding = "gzip"

// putBlob stores a result body compressed, in chunk items addressed by the
// body's SHA-256, and returns where it is. Writing the same body again
// writes the same items, so a retried or raced write leaves no mix.
func (s *Store) putBlob(ctx context.Context, body []byte) (blobRef, error) {
	sum := sha256.Sum256(body)
	ref := blobRef{Sum: hex.EncodeToString(sum[:]), Size: len(body), Encoding: gzipEncoding}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(body); err != nil {
		return ref, fmt.Errorf("compress body: %w", err)
	}
	if err := zw.Close(); err != nil {
		return ref, fmt.Errorf("compress body: %w", err)
	}
	parts := chunk(buf.Bytes(), chunkSize)
	ref.Chunks = len(parts)
	items := make([]item, len(parts))
	for i, p := range parts {
		av, err := attributevalue.MarshalMap(chunkRecord{itemKey: chunkKey(ref.Sum, i), Data: p})
		if err != nil {
			return ref, fmt.Errorf("body chunk %d: %w", i, err)
		}
		items[i] = av
	}
	if err := s.batchPut(ctx, items); err != nil {
		return ref, fmt.Errorf("body: %w", err)
	}
	return ref, nil
}

// readBlob reads a body back with a strongly consistent query of its chunk
// partition and checks its size and hash.
func (s *Store) readBlob(ctx context.Context, ref blobRef) ([]byte, error) {
	if ref.Encoding != gzipEncoding {
		return nil, fmt.Errorf("body %s: unknown encoding %q", ref.Sum, ref.Encoding)
	}
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		ConsistentRead:            aws.Bool(true),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  map[string]string{"#pk": attrPK},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: blobPartition(ref.Sum)}},
	}
	var gz []byte
	n := 0
	for {
		page, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("body %s: %w", ref.Sum, err)
		}
		var recs []chunkRecord
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &recs); err != nil {
			return nil, fmt.Errorf("body %s: %w", ref.Sum, err)
		}
		for _, r := range recs {
			if r.itemKey != chunkKey(ref.Sum, n) {
				return nil, fmt.Errorf("body %s: chunk %q where chunk %d belongs", ref.Sum, r.SK, n)
			}
			gz = append(gz, r.Data...)
			n++
		}
		if len(page.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	if n != ref.Chunks {
		return nil, fmt.Errorf("body %s: %d chunks of %d", ref.Sum, n, ref.Chunks)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("body %s: %w", ref.Sum, err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("body %s: %w", ref.Sum, err)
	}
	if sum := sha256.Sum256(body); len(body) != ref.Size || hex.EncodeToString(sum[:]) != ref.Sum {
		return nil, fmt.Errorf("body %s: stored bytes do not match their hash", ref.Sum)
	}
	return body, nil
}

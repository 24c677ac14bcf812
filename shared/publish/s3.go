package publish

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// PutObjectAPI is the one call of the SDK's S3 client that S3 makes.
type PutObjectAPI interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// S3 puts objects into one bucket with the SDK's S3 client.
type S3 struct {
	api    PutObjectAPI
	bucket string
}

var _ Bucket = (*S3)(nil)

// NewS3 returns the client of bucket in the region of cfg, with the SDK's
// retryer. Addressing is virtual-hosted, except path-style under an
// endpoint override (the local server, AWS_ENDPOINT_URL[_S3]) and for
// bucket names with dots (which would not match the TLS certificate).
func NewS3(cfg aws.Config, bucket string) *S3 {
	api := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = o.BaseEndpoint != nil || strings.Contains(bucket, ".")
	})
	return &S3{api: api, bucket: bucket}
}

// PutObject puts o, with its content type and server-side encryption.
func (s *S3) PutObject(ctx context.Context, o Object) error {
	in := &s3.PutObjectInput{
		Bucket:      aws.String(s.bucket),
		Key:         aws.String(o.Key),
		Body:        bytes.NewReader(o.Body),
		ContentType: aws.String(o.ContentType),
	}
	if o.Encryption != "" {
		in.ServerSideEncryption = types.ServerSideEncryption(o.Encryption)
	}
	if _, err := s.api.PutObject(ctx, in); err != nil {
		return fmt.Errorf("put object %s: %w", o.Key, err)
	}
	return nil
}

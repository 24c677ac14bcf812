package publish

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/shizhong/hotline/shared/cloud/awshttp"
)

// S3 puts objects into one bucket, each with one signed PUT (the S3
// PutObject action).
type S3 struct {
	cfg  awshttp.Config
	base string // the bucket's URL, without a trailing slash
}

var _ Bucket = (*S3)(nil)

// NewS3 returns the client of bucket in the region of cfg: virtual-hosted
// (https://<bucket>.s3.<region>.amazonaws.com), or path-style under the
// endpoint override for S3 if cfg has one (the local server) and for
// bucket names with dots (which would not match the TLS certificate).
func NewS3(cfg awshttp.Config, bucket string) *S3 {
	host := "s3." + cfg.Region + "." + awshttp.DNSSuffix(cfg.Region)
	base := "https://" + bucket + "." + host
	if e := cfg.Endpoint("S3"); e != "" {
		base = e + "/" + bucket
	} else if strings.Contains(bucket, ".") {
		base = "https://" + host + "/" + bucket
	}
	return &S3{cfg: cfg, base: base}
}

// PutObject puts o, with its content type and server-side encryption.
func (s *S3) PutObject(ctx context.Context, o Object) error {
	h := http.Header{"Content-Type": {o.ContentType}}
	if o.Encryption != "" {
		h.Set("X-Amz-Server-Side-Encryption", o.Encryption)
	}
	_, err := s.cfg.Do(ctx, awshttp.Call{
		Service:       "s3",
		Region:        s.cfg.Region,
		Method:        http.MethodPut,
		URL:           s.base + "/" + escapeKey(o.Key),
		Header:        h,
		Body:          o.Body,
		UnescapedPath: true,
	})
	if err != nil {
		return fmt.Errorf("put object %s: %w", o.Key, err)
	}
	return nil
}

// escapeKey percent-encodes a key as S3 signs it: every byte but the
// unreserved characters and "/".
func escapeKey(key string) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

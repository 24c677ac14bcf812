package cloud

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/shizhong/hotline/shared/fault"
)

// UploadsPrefix is where uploaded files live in their bucket: the role of
// the api function may put and get objects under it only (template.yaml),
// and a lifecycle rule of the bucket expires them.
const UploadsPrefix = "imports/"

// DefaultUploadTTL is how long a URL to put a file to is valid. A URL
// signed with the function's temporary credentials is valid no longer than
// they are, whatever it says.
const DefaultUploadTTL = 15 * time.Minute

// maxKeyBytes is the longest key S3 takes.
const maxKeyBytes = 1024

// GetObjectAPI is the call of the SDK's S3 client that S3Uploads makes;
// *s3.Client satisfies it.
type GetObjectAPI interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// PresignPutAPI is the call of the SDK's presigner that S3Uploads makes;
// *s3.PresignClient satisfies it.
type PresignPutAPI interface {
	PresignPutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

var (
	_ GetObjectAPI  = (*s3.Client)(nil)
	_ PresignPutAPI = (*s3.PresignClient)(nil)
)

// S3Uploads keeps files too large for a request body in a bucket: a person
// puts the file straight into S3 with a pre-signed URL (API Gateway takes
// 10 MB a request, a Lambda function 6 MB), and the import reads it from
// there. Keys are under Prefix; any other key is refused. It implements
// the Uploads of shared/httpapi.
type S3Uploads struct {
	Client  GetObjectAPI
	Presign PresignPutAPI
	Bucket  string
	Prefix  string        // UploadsPrefix when empty
	TTL     time.Duration // DefaultUploadTTL when zero
}

// Uploads returns the uploads of the bucket HOTLINE_UPLOADS_BUCKET names
// (c.UploadsBucket), under UploadsPrefix, with clients of the SDK
// configuration cfg; nil and no error when the variable is unset. Assign
// the result to an interface only when it is not nil: a nil *S3Uploads in
// an interface is not a nil interface.
func Uploads(cfg aws.Config, c Config) (*S3Uploads, error) {
	if c.UploadsBucket == "" {
		return nil, nil
	}
	if err := checkBucket(c.UploadsBucket); err != nil {
		return nil, fmt.Errorf("%s: %w", EnvUploadsBucket, err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		// Virtual-hosted addressing, but path-style under an endpoint
		// override (the local server) and for a name with dots, which
		// would not match the TLS certificate.
		o.UsePathStyle = o.BaseEndpoint != nil || strings.Contains(c.UploadsBucket, ".")
	})
	return &S3Uploads{Client: client, Presign: s3.NewPresignClient(client), Bucket: c.UploadsBucket,
		Prefix: UploadsPrefix, TTL: DefaultUploadTTL}, nil
}

// PresignPut returns a URL to PUT the file of key to, and when it stops
// being valid: the signing time and lifetime the URL carries.
func (u *S3Uploads) PresignPut(ctx context.Context, key string) (string, time.Time, error) {
	if err := u.checkKey(key); err != nil {
		return "", time.Time{}, err
	}
	ttl := u.TTL
	if ttl <= 0 {
		ttl = DefaultUploadTTL
	}
	before := time.Now()
	req, err := u.Presign.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(u.Bucket), Key: aws.String(key)},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("presign the upload of %s: %w", key, err)
	}
	if req.Method != http.MethodPut {
		return "", time.Time{}, fmt.Errorf("presign the upload of %s: a %s request, not PUT", key, req.Method)
	}
	expires, ok := signedUntil(req.URL)
	if !ok {
		expires = before.Add(ttl)
	}
	return req.URL, expires, nil
}

// Open reads the file of key back; the caller closes it. A key without an
// object is fault.NotFound.
func (u *S3Uploads) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := u.checkKey(key); err != nil {
		return nil, err
	}
	out, err := u.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(u.Bucket), Key: aws.String(key)})
	if missing(err) {
		return nil, fault.Wrap(fault.NotFound, fmt.Errorf("open the upload %s: %w", key, err), "no file was uploaded as "+key)
	}
	if err != nil {
		return nil, fmt.Errorf("open the upload %s: %w", key, err)
	}
	return out.Body, nil
}

// checkKey refuses a key outside the prefix, with nothing after it, with
// "..", a backslash or a control character, or longer than S3 takes: a
// refusal of code fault.Invalid.
func (u *S3Uploads) checkKey(key string) error {
	prefix := u.Prefix
	if prefix == "" {
		prefix = UploadsPrefix
	}
	name, ok := strings.CutPrefix(key, prefix)
	switch {
	case !ok:
		return fault.Errorf(fault.Invalid, "the upload key %q is not under %s", key, prefix)
	case name == "" || strings.HasPrefix(name, "/"):
		return fault.Errorf(fault.Invalid, "the upload key %q names no file under %s", key, prefix)
	case strings.Contains(key, ".."):
		return fault.Errorf(fault.Invalid, "the upload key %q has ..", key)
	case strings.ContainsAny(key, "\\\x7f") || strings.ContainsFunc(key, func(r rune) bool { return r < ' ' }):
		return fault.Errorf(fault.Invalid, "the upload key %q has a backslash or a control character", key)
	case len(key) > maxKeyBytes:
		return fault.Errorf(fault.Invalid, "the upload key is %d bytes, more than the %d S3 takes", len(key), maxKeyBytes)
	}
	return nil
}

// missing reports whether err is S3's answer that the object is not there:
// NoSuchKey, or a 404 of a GetObject (whose body a HEAD would lack) that is
// not a missing bucket, which is the deployment's fault, not the caller's.
func missing(err error) bool {
	if err == nil {
		return false
	}
	var noKey *types.NoSuchKey
	if errors.As(err, &noKey) {
		return true
	}
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "NoSuchBucket" {
		return false
	}
	var resp *smithyhttp.ResponseError
	return errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusNotFound
}

// signedUntil is when a pre-signed URL expires: its X-Amz-Date plus its
// X-Amz-Expires seconds.
func signedUntil(raw string) (time.Time, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return time.Time{}, false
	}
	q := u.Query()
	signed, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	if err != nil {
		return time.Time{}, false
	}
	seconds, err := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil || seconds <= 0 {
		return time.Time{}, false
	}
	return signed.Add(time.Duration(seconds) * time.Second), true
}

// checkBucket refuses what cannot be an S3 bucket's name: 3 to 63
// lowercase letters, digits, dots and hyphens, beginning and ending with a
// letter or a digit.
func checkBucket(name string) error {
	ok := len(name) >= 3 && len(name) <= 63
	for i, r := range name {
		alnum := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		if !alnum && (r != '.' && r != '-' || i == 0 || i == len(name)-1) {
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("%q is not the name of an S3 bucket", name)
	}
	return nil
}

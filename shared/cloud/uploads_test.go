package cloud

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/fault"
)

// localAWS is the SDK configuration of the local server (moto serves S3
// besides DynamoDB), or stops the test: failing in CI, skipping elsewhere.
func localAWS(t *testing.T) aws.Config {
	t.Helper()
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(testenv.Endpoint(t)),
		Credentials: credentials.NewStaticCredentialsProvider("hotline-test", "hotline-test", "")}
}

// TestUploadsAgainstLocalServer: a file is put to the pre-signed URL with
// plain net/http, as a browser would, and read back by its key; a key
// without a file is fault.NotFound; the URL says when it expires.
func TestUploadsAgainstLocalServer(t *testing.T) {
	cfg := localAWS(t)
	ctx := context.Background()
	bucket := fmt.Sprintf("hotline-uploads-%d", time.Now().UnixNano())
	admin := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := admin.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	u, err := Uploads(cfg, Config{UploadsBucket: bucket})
	if err != nil || u == nil {
		t.Fatalf("Uploads: %v, %v", u, err)
	}
	key := UploadsPrefix + "2026-11/imp-20261102T013000Z-0a1b2c3d/平台导出 10月.xlsx"
	before := time.Now().Truncate(time.Second)
	raw, expires, err := u.PresignPut(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi := before.Add(DefaultUploadTTL), time.Now().Add(DefaultUploadTTL); expires.Before(lo) || expires.After(hi) {
		t.Errorf("expires %v, want within [%v, %v]", expires, lo, hi)
	}
	signed, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(signed.Path, "/"+bucket+"/"+UploadsPrefix) || signed.Query().Get("X-Amz-Signature") == "" {
		t.Errorf("the URL %s is not a signed path-style URL of the key", raw)
	}
	for name := range signed.Query() {
		// A checksum signed into the URL would be the empty body's, and S3
		// would refuse the file.
		if strings.HasPrefix(strings.ToLower(name), "x-amz-checksum") || strings.EqualFold(name, "x-amz-sdk-checksum-algorithm") {
			t.Errorf("the URL signs %s", name)
		}
	}

	body := bytes.Repeat([]byte("工单编号,承办单位\r\n"), 50000) // ~1 MB
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, raw, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT to the URL: HTTP %d %s", resp.StatusCode, answer)
	}

	r, err := u.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(got, body) {
		t.Errorf("Open read %d bytes (%v), want the %d put", len(got), err, len(body))
	}

	_, err = u.Open(ctx, UploadsPrefix+"never-uploaded.xlsx")
	if fault.CodeOf(err) != fault.NotFound || strings.Contains(fault.MessageOf(err), "StatusCode") {
		t.Errorf("Open of a key never put: %v (code %q, message %q), want not found", err, fault.CodeOf(err), fault.MessageOf(err))
	}
	gone := &S3Uploads{Client: u.Client, Presign: u.Presign, Bucket: bucket + "-missing"}
	if _, err := gone.Open(ctx, key); err == nil || fault.CodeOf(err) == fault.NotFound {
		t.Errorf("Open in a missing bucket: %v (code %q), want an internal error: the deployment is wrong, not the key", err, fault.CodeOf(err))
	}
}

// TestUploadKeys: a key outside the prefix, naming nothing under it, with
// "..", a backslash or a control character, or too long is refused before
// S3 is asked.
func TestUploadKeys(t *testing.T) {
	u := &S3Uploads{Client: noS3{t}, Presign: noS3{t}, Bucket: "hotline"}
	for _, key := range []string{
		"", "imports", "imports/", "imports//a.xlsx", "rankings/2026-10/latest.json", "/imports/a.xlsx", "Imports/a.xlsx",
		"imports/../rankings/latest.json", "imports/a/../../b", "imports/a..xlsx", `imports\a.xlsx`, "imports/a\n.xlsx",
		"imports/a\x00", "imports/" + strings.Repeat("a", maxKeyBytes),
	} {
		if _, _, err := u.PresignPut(context.Background(), key); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("PresignPut(%q): %v, want invalid", key, err)
		}
		if _, err := u.Open(context.Background(), key); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("Open(%q): %v, want invalid", key, err)
		}
	}
	other := &S3Uploads{Client: noS3{t}, Presign: noS3{t}, Bucket: "hotline", Prefix: "tmp/"}
	if _, err := other.Open(context.Background(), "imports/a.xlsx"); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("Open of a key outside the prefix tmp/: %v, want invalid", err)
	}
}

// noS3 fails the test when S3 is asked.
type noS3 struct{ t *testing.T }

func (n noS3) GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	n.t.Error("GetObject called")
	return nil, errors.New("no S3")
}

func (n noS3) PresignPutObject(context.Context, *s3.PutObjectInput, ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	n.t.Error("PresignPutObject called")
	return nil, errors.New("no S3")
}

// TestUploadsUnset: without a bucket there are no uploads, and no error;
// a bucket that cannot be one is an error naming the variable.
func TestUploadsUnset(t *testing.T) {
	if u, err := Uploads(aws.Config{Region: "us-east-1"}, Config{}); u != nil || err != nil {
		t.Errorf("Uploads without a bucket: %v, %v; want nil, nil", u, err)
	}
	if _, err := Uploads(aws.Config{Region: "us-east-1"}, Config{UploadsBucket: "Not_A_Bucket"}); err == nil || !strings.Contains(err.Error(), EnvUploadsBucket) {
		t.Errorf("Uploads of a bad bucket name: %v", err)
	}
	public := func(bucket string) bool {
		u, err := Uploads(aws.Config{Region: "us-east-1"}, Config{UploadsBucket: bucket})
		if err != nil {
			t.Fatal(err)
		}
		return u.Client.(*s3.Client).Options().UsePathStyle
	}
	if public("hotline-reports") {
		t.Error("a bucket of the public endpoint is addressed path-style")
	}
	if !public("reports.example") {
		t.Error("a dotted bucket is addressed virtual-hosted: its name would not match the certificate")
	}
}

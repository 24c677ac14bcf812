package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/smithy-go"

	"github.com/shizhong/hotline/internal/testenv"
)

// localServer returns the configuration of the local server (moto serves
// S3 and SNS besides DynamoDB), or stops the test: failing in CI, skipping
// elsewhere.
func localServer(t *testing.T) aws.Config {
	t.Helper()
	endpoint := testenv.Endpoint(t)
	c := testConfig()
	c.BaseEndpoint = aws.String(endpoint)
	return c
}

// testConfig is an SDK configuration in us-east-1 with test credentials.
func testConfig() aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
}

// isCode says whether err is the service's error code.
func isCode(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}

// TestPublishAgainstLocalServer publishes a version to a bucket and a topic
// of the local server through S3 and SNS, and reads back with the SDK what
// a subscriber would see: the objects with their content types and
// encryption, and the message delivered to an HTTP subscription.
func TestPublishAgainstLocalServer(t *testing.T) {
	cfg := localServer(t)
	ctx := context.Background()
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = true
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	bucket := "hotline-publish-" + time.Now().Format("150405000000")
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}

	delivered := make(chan []byte, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		delivered <- body
	}))
	defer hook.Close()
	snsc := sns.NewFromConfig(cfg)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String(hook.URL)}); err != nil {
		t.Fatal(err)
	}
	notifier, err := NewSNS(cfg, *topic.TopicArn)
	if err != nil {
		t.Fatal(err)
	}

	r := result(t)
	p := &Publisher{Objects: NewS3(cfg, bucket), Bucket: bucket, Prefix: "rankings", Topic: notifier}
	got, err := p.Publish(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if got.MessageID == "" {
		t.Error("no message id")
	}
	for key, typ := range map[string]string{got.Keys.JSON: TypeJSON, got.Keys.XLSX: TypeXLSX, got.Keys.Latest: TypeJSON} {
		obj, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		body, _ := io.ReadAll(obj.Body)
		obj.Body.Close()
		if aws.ToString(obj.ContentType) != typ || obj.ServerSideEncryption != "AES256" || len(body) == 0 {
			t.Errorf("%s: content type %q, encryption %q, %d bytes", key, aws.ToString(obj.ContentType), obj.ServerSideEncryption, len(body))
		}
		if key == got.Keys.JSON && !bytes.Equal(body, r.Body) {
			t.Errorf("%s is not the stored body", key)
		}
	}

	select {
	case note := <-delivered:
		var envelope struct{ Subject, Message string }
		if err := json.Unmarshal(note, &envelope); err != nil {
			t.Fatalf("the notification %s: %v", note, err)
		}
		var m Message
		if err := json.Unmarshal([]byte(envelope.Message), &m); err != nil {
			t.Fatalf("the message %q: %v", envelope.Message, err)
		}
		if m.Period != "2026-10" || m.Version != 3 || m.Bucket != bucket || m.Keys != got.Keys || m.BottomUnits != got.BottomUnits ||
			envelope.Subject != "hotline ranking 2026-10 v3" {
			t.Errorf("delivered %s / %+v", envelope.Subject, m)
		}
	case <-time.After(10 * time.Second):
		t.Error("no message delivered to the subscription")
	}

	// A key of Chinese, a space and a plus is put and read back by its name
	// (the SDK escapes it as S3 signs it).
	odd := "rankings/2026-10/v1/排名 a+b.json"
	if err := NewS3(cfg, bucket).PutObject(ctx, Object{Key: odd, ContentType: TypeJSON, Body: []byte("{}")}); err != nil {
		t.Errorf("put %s: %v", odd, err)
	} else if obj, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(odd)}); err != nil {
		t.Errorf("get %s: %v", odd, err)
	} else {
		obj.Body.Close()
	}

	// A bucket or topic that does not exist is the service's error.
	if err := NewS3(cfg, bucket+"-missing").PutObject(ctx, Object{Key: "k", ContentType: TypeJSON, Body: []byte("{}")}); !isCode(err, "NoSuchBucket") {
		t.Errorf("a missing bucket: %v", err)
	}
	missing, _ := NewSNS(cfg, strings.Replace(*topic.TopicArn, bucket, bucket+"-missing", 1))
	if _, err := missing.Publish(ctx, "s", "m"); !isCode(err, "NotFound") {
		t.Errorf("a missing topic: %v", err)
	}
}

func TestNewSNS(t *testing.T) {
	s, err := NewSNS(testConfig(), "arn:aws-cn:sns:cn-north-1:123456789012:hotline")
	if err != nil || s.api.(*sns.Client).Options().Region != "cn-north-1" {
		t.Errorf("NewSNS: %+v, %v: the client must be in the topic's region", s, err)
	}
	for _, bad := range []string{"", "hotline", "arn:aws:sqs:us-east-1:1:q", "arn:aws:sns::1:t"} {
		if _, err := NewSNS(testConfig(), bad); err == nil {
			t.Errorf("NewSNS(%q) accepted", bad)
		}
	}
	pathStyle := func(cfg aws.Config, bucket string) bool {
		return NewS3(cfg, bucket).api.(*s3.Client).Options().UsePathStyle
	}
	if pathStyle(testConfig(), "hotline-reports") {
		t.Error("a bucket of the public endpoint is addressed path-style")
	}
	if !pathStyle(testConfig(), "reports.example") {
		t.Error("a dotted bucket is addressed virtual-hosted: its name would not match the certificate")
	}
	local := testConfig()
	local.BaseEndpoint = aws.String("http://127.0.0.1:5000")
	if !pathStyle(local, "hotline-reports") {
		t.Error("a bucket of an endpoint override is addressed virtual-hosted")
	}
}

package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/cloud/awshttp"
)

// localServer returns the configuration of the local server (moto serves
// S3 and SNS besides DynamoDB), or stops the test: failing in CI, skipping
// elsewhere.
func localServer(t *testing.T) awshttp.Config {
	t.Helper()
	endpoint := testenv.Endpoint(t)
	c, err := awshttp.FromEnv(func(k string) string {
		return map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": endpoint}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPublishAgainstLocalServer publishes a version to a bucket and a topic
// of the local server through S3 and SNS, and reads back with the SDK what
// a subscriber would see: the objects with their content types and
// encryption, and the message delivered to an HTTP subscription.
func TestPublishAgainstLocalServer(t *testing.T) {
	cfg := localServer(t)
	ctx := context.Background()
	s3c := s3.NewFromConfig(cfg.SDK("S3"), func(o *s3.Options) {
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
	snsc := sns.NewFromConfig(cfg.SDK("SNS"))
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

	// A bucket or topic that does not exist is the service's error.
	if err := NewS3(cfg, bucket+"-missing").PutObject(ctx, Object{Key: "k", ContentType: TypeJSON, Body: []byte("{}")}); !awshttp.IsCode(err, "NoSuchBucket") {
		t.Errorf("a missing bucket: %v", err)
	}
	missing, _ := NewSNS(cfg, strings.Replace(*topic.TopicArn, bucket, bucket+"-missing", 1))
	if _, err := missing.Publish(ctx, "s", "m"); !awshttp.IsCode(err, "NotFound") {
		t.Errorf("a missing topic: %v", err)
	}
}

func TestNewSNS(t *testing.T) {
	cfg, err := awshttp.FromEnv(func(k string) string {
		return map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSNS(cfg, "arn:aws-cn:sns:cn-north-1:123456789012:hotline")
	if err != nil || s.url != "https://sns.cn-north-1.amazonaws.com.cn/" || s.region != "cn-north-1" {
		t.Errorf("NewSNS: %+v, %v", s, err)
	}
	for _, bad := range []string{"", "hotline", "arn:aws:sqs:us-east-1:1:q", "arn:aws:sns::1:t"} {
		if _, err := NewSNS(cfg, bad); err == nil {
			t.Errorf("NewSNS(%q) accepted", bad)
		}
	}
	if got := NewS3(cfg, "hotline-reports").base; got != "https://hotline-reports.s3.us-east-1.amazonaws.com" {
		t.Errorf("S3 URL %q", got)
	}
	if got := NewS3(cfg, "reports.example").base; got != "https://s3.us-east-1.amazonaws.com/reports.example" {
		t.Errorf("S3 URL of a dotted bucket %q", got)
	}
}

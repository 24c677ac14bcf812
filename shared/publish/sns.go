package publish

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/shizhong/hotline/shared/cloud/awshttp"
)

// SNS publishes to one topic, each message with one signed POST (the
// Publish action of the SNS query protocol).
type SNS struct {
	cfg    awshttp.Config
	topic  string
	region string
	url    string
}

var _ Topic = (*SNS)(nil)

// NewSNS returns the client of the topic with ARN topicARN
// (arn:<partition>:sns:<region>:<account>:<name>), in the topic's region,
// at the endpoint override for SNS if cfg has one.
func NewSNS(cfg awshttp.Config, topicARN string) (*SNS, error) {
	parts := strings.Split(topicARN, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sns" || parts[3] == "" || parts[5] == "" {
		return nil, fmt.Errorf("%q is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)", topicARN)
	}
	region := parts[3]
	u := cfg.Endpoint("SNS")
	if u == "" {
		u = "https://sns." + region + "." + awshttp.DNSSuffix(region)
	}
	return &SNS{cfg: cfg, topic: topicARN, region: region, url: u + "/"}, nil
}

// Publish sends a message with a subject and returns its message id.
func (s *SNS) Publish(ctx context.Context, subject, message string) (string, error) {
	form := url.Values{
		"Action":   {"Publish"},
		"Version":  {"2010-03-31"},
		"TopicArn": {s.topic},
		"Subject":  {subject},
		"Message":  {message},
	}
	out, err := s.cfg.Do(ctx, awshttp.Call{
		Service: "sns",
		Region:  s.region,
		Method:  http.MethodPost,
		URL:     s.url,
		Header:  http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}},
		Body:    []byte(form.Encode()),
	})
	if err != nil {
		return "", fmt.Errorf("publish to %s: %w", s.topic, err)
	}
	id := awshttp.Element(string(out), "MessageId")
	if id == "" {
		return "", fmt.Errorf("publish to %s: no message id in the answer %.200q", s.topic, out)
	}
	return id, nil
}

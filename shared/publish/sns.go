package publish

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// PublishAPI is the one call of the SDK's SNS client that SNS makes.
type PublishAPI interface {
	Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// SNS publishes to one topic with the SDK's SNS client.
type SNS struct {
	api   PublishAPI
	topic string
}

var _ Topic = (*SNS)(nil)

// NewSNS returns the client of the topic with ARN topicARN
// (arn:<partition>:sns:<region>:<account>:<name>), in the topic's region,
// with the SDK's retryer and any endpoint override cfg carries.
func NewSNS(cfg aws.Config, topicARN string) (*SNS, error) {
	a, err := arn.Parse(topicARN)
	if err != nil || a.Service != "sns" || a.Region == "" || a.AccountID == "" || a.Resource == "" {
		return nil, fmt.Errorf("%q is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)", topicARN)
	}
	api := sns.NewFromConfig(cfg, func(o *sns.Options) { o.Region = a.Region })
	return &SNS{api: api, topic: topicARN}, nil
}

// Publish sends a message with a subject and returns its message id.
func (s *SNS) Publish(ctx context.Context, subject, message string) (string, error) {
	out, err := s.api.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(s.topic), Subject: aws.String(subject), Message: aws.String(message)})
	if err != nil {
		return "", fmt.Errorf("publish to %s: %w", s.topic, err)
	}
	if aws.ToString(out.MessageId) == "" {
		return "", fmt.Errorf("publish to %s: no message id in the answer", s.topic)
	}
	return aws.ToString(out.MessageId), nil
}

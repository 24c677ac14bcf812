package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/shizhong/hotline/shared/store/dynamo"
)

// prepare makes on the local server at endpoint what the functions read
// (a table, the keys parameter from src's sample keys, a bucket and a
// topic) and returns the functions' environment.
func prepare(ctx context.Context, endpoint, src string) ([]string, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("test", "test", "")),
		config.WithBaseEndpoint(endpoint))
	if err != nil {
		return nil, err
	}
	name := "coldstart-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := dynamo.CreateTable(ctx, dynamodb.NewFromConfig(cfg), name); err != nil {
		return nil, fmt.Errorf("create table: %w", err)
	}
	keys, err := os.ReadFile(filepath.Join(src, "events", "keys.sample.yaml"))
	if err != nil {
		return nil, err
	}
	parameter := "/" + name + "/clients"
	if _, err := ssm.NewFromConfig(cfg).PutParameter(ctx, &ssm.PutParameterInput{
		Name: aws.String(parameter), Value: aws.String(string(keys)), Type: ssmtypes.ParameterTypeSecureString,
	}); err != nil {
		return nil, fmt.Errorf("put parameter: %w", err)
	}
	if _, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		return nil, fmt.Errorf("create bucket: %w", err)
	}
	topic, err := sns.NewFromConfig(cfg).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("create topic: %w", err)
	}
	return []string{
		"AWS_ENDPOINT_URL=" + endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"HOTLINE_TABLE=" + name, "HOTLINE_CLIENTS_PARAMETER=" + parameter,
		"HOTLINE_REPORT_BUCKET=" + name, "HOTLINE_TOPIC_ARN=" + aws.ToString(topic.TopicArn),
	}, nil
}

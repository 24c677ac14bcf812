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

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/store"
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
	db := dynamodb.NewFromConfig(cfg)
	if err := dynamo.CreateTable(ctx, db, name); err != nil {
		return nil, fmt.Errorf("create table: %w", err)
	}
	if err := fill(ctx, dynamo.New(db, name, gen.Shanghai()), 2026, 10); err != nil {
		return nil, fmt.Errorf("fill the table: %w", err)
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

// fill stores a small generated district (its units and a month of
// events, year-month y-m), so that the month end computes and publishes a
// real result on its first invocation, and computes that month, so that
// the API has a ranking to serve.
func fill(ctx context.Context, st store.Store, y, m int) error {
	reg, events, err := testenv.Generate(gen.Config{Seed: 1, Tickets: 300, Month: calendar.Month{Year: y, Month: time.Month(m)}, Months: 1, Location: gen.Shanghai()})
	if err != nil {
		return err
	}
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		return err
	}
	if _, err := st.PutEvents(ctx, events); err != nil {
		return err
	}
	svc, err := compute.New(st, policy.Builtin(), calendar.New(gen.Shanghai()))
	if err != nil {
		return err
	}
	_, err = svc.Month(ctx, calendar.Month{Year: y, Month: time.Month(m)}, time.Now())
	return err
}

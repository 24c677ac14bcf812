package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

// TestBackfill: `hotline backfill --table` indexes, in a deployed table, the
// assignments stored before by_assigned (here one, its index attributes
// removed), which the month end's staffing rule (SPEC §6, 四(一)) then
// reads; without --table it is bad input (exit 2).
func TestBackfill(t *testing.T) {
	if code, _, errOut := hotline(t, "backfill"); code != 2 || !strings.Contains(errOut, "--table") {
		t.Errorf("hotline backfill: exit %d, stderr %q; want 2 naming --table", code, errOut)
	}
	ep := testenv.Endpoint(t)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ENDPOINT_URL", ep)
	t.Setenv("AWS_ACCESS_KEY_ID", "hotline-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "hotline-test")
	ctx := context.Background()
	client := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(ep),
		Credentials: credentials.NewStaticCredentialsProvider("hotline-test", "hotline-test", "")})
	table := fmt.Sprintf("hotline-backfill-%d", time.Now().UnixNano())
	if err := dynamo.CreateTable(ctx, client, table); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(table)}) })
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	_, events := testenv.District(t, gen.Config{Seed: 5, Tickets: 20, Month: calendar.Month{Year: 2026, Month: 10}, Location: loc})
	if _, err := dynamo.New(client, table, loc).PutEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	var old string
	for _, e := range events {
		if e.Type == event.Assigned {
			old = e.ID
			break
		}
	}
	_, err = client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                aws.String(table),
		Key:                      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "EVENT#" + old}, "sk": &types.AttributeValueMemberS{Value: "EVENT"}},
		UpdateExpression:         aws.String("REMOVE gsi4pk, gsi4sk, #unit"),
		ExpressionAttributeNames: map[string]string{"#unit": "unit"},
	})
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := hotline(t, "backfill", "--table", table)
	if code != 0 || !strings.Contains(errOut, "1 assignments indexed") {
		t.Fatalf("hotline backfill: exit %d, stderr %q; want 0 and 1 assignment indexed", code, errOut)
	}
	marker, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "META"}, "sk": &types.AttributeValueMemberS{Value: "BY_ASSIGNED"}}})
	if err != nil || len(marker.Item) == 0 {
		t.Errorf("after hotline backfill the marker is %v, %v; want it there", marker, err)
	}
	if code, _, errOut := hotline(t, "backfill", "--table", table, "--quiet"); code != 0 || !strings.Contains(errOut, "0 assignments indexed") {
		t.Errorf("hotline backfill again: exit %d, stderr %q; want 0 and nothing indexed", code, errOut)
	}
}

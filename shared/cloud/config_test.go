package cloud

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		EnvTable: "hotline", EnvClientsParameter: "/hotline/clients",
		EnvOrigins: " https://hotline.example.gov.cn, http://localhost:5173 ,",
	}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"https://hotline.example.gov.cn", "http://localhost:5173"}, c.Origins); diff != "" {
		t.Errorf("origins (-want +got):\n%s", diff)
	}
	if c.Location.String() != DefaultTimezone || c.Table != "hotline" || c.ClientsParameter != "/hotline/clients" || c.InLambda || c.Addr != DefaultAddr ||
		c.UploadsBucket != "" {
		t.Errorf("%+v", c)
	}
	env[EnvUploadsBucket] = "hotline-reports-123"
	if c, err := ConfigFromEnv(func(k string) string { return env[k] }); err != nil || c.UploadsBucket != "hotline-reports-123" {
		t.Errorf("with %s: %+v, %v", EnvUploadsBucket, c, err)
	}
	for _, bad := range []string{"Hotline", "ab", "-hotline", "hotline_reports", "s3://hotline"} {
		env[EnvUploadsBucket] = bad
		if _, err := ConfigFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), EnvUploadsBucket) {
			t.Errorf("%s=%q: %v, want an error naming it", EnvUploadsBucket, bad, err)
		}
	}
	_, err = ConfigFromEnv(func(k string) string { return map[string]string{EnvTimezone: "Nowhere/At_All"}[k] })
	for _, name := range []string{EnvTable, EnvClientsParameter, EnvTimezone} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("the error does not name %s: %v", name, err)
		}
	}
}

func TestMonthlyConfigFromEnv(t *testing.T) {
	c, err := MonthlyConfigFromEnv(func(k string) string {
		return map[string]string{"HOTLINE_TABLE": "t", "HOTLINE_REPORT_BUCKET": "b", "HOTLINE_TOPIC_ARN": "arn:aws:sns:us-east-1:1:x", "HOTLINE_POLICY": "p.yaml"}[k]
	})
	if err != nil || c.Prefix != "" || c.Location.String() != "Asia/Shanghai" || c.TopicARN == "" || c.Policy != "p.yaml" {
		t.Errorf("%+v, %v", c, err)
	}
	_, err = MonthlyConfigFromEnv(func(k string) string { return map[string]string{"HOTLINE_TIMEZONE": "Mars/Olympus"}[k] })
	for _, name := range []string{"HOTLINE_TABLE", "HOTLINE_REPORT_BUCKET", "HOTLINE_TIMEZONE"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("the error does not name %s: %v", name, err)
		}
	}
}

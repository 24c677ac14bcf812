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
	if c.Location.String() != DefaultTimezone || c.Table != "hotline" || c.ClientsParameter != "/hotline/clients" || c.InLambda || c.Addr != DefaultAddr {
		t.Errorf("%+v", c)
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

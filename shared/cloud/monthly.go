package cloud

import (
	"errors"
	"fmt"
	"time"
)

// The environment variables of the month-end function, besides
// HOTLINE_TABLE, HOTLINE_TIMEZONE and HOTLINE_POLICY.
const (
	EnvBucket   = "HOTLINE_REPORT_BUCKET" // the bucket of the published results
	EnvPrefix   = "HOTLINE_REPORT_PREFIX" // their key prefix; publish.DefaultPrefix when unset
	EnvTopicARN = "HOTLINE_TOPIC_ARN"     // optional: the SNS topic told of each publication
)

// MonthlyConfig is what the month-end function needs from its environment.
type MonthlyConfig struct {
	Table    string
	Bucket   string
	Prefix   string // "" for the publisher's default
	TopicARN string
	Policy   string // HOTLINE_POLICY: a policy file, or "" for the built-in policy
	Location *time.Location
}

// MonthlyConfigFromEnv reads the configuration with getenv (os.Getenv);
// every missing or wrong variable is named.
func MonthlyConfigFromEnv(getenv func(string) string) (MonthlyConfig, error) {
	c := MonthlyConfig{Table: getenv(EnvTable), Bucket: getenv(EnvBucket), Prefix: getenv(EnvPrefix), TopicARN: getenv(EnvTopicARN),
		Policy: getenv(EnvPolicy)}
	var errs []error
	if c.Table == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvTable))
	}
	if c.Bucket == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvBucket))
	}
	loc, err := Location(getenv)
	if err != nil {
		errs = append(errs, err)
	}
	c.Location = loc
	return c, errors.Join(errs...)
}

package scoring

import (
	"errors"
	"fmt"
	"time"

	"github.com/shizhong/hotline/shared/cloud"
	"github.com/shizhong/hotline/shared/cloud/rules"
	"github.com/shizhong/hotline/shared/publish"
)

// The environment variables of the month-end function, besides
// HOTLINE_TABLE, HOTLINE_TIMEZONE and HOTLINE_POLICY.
const (
	EnvBucket   = "HOTLINE_REPORT_BUCKET" // the bucket of the published results
	EnvPrefix   = "HOTLINE_REPORT_PREFIX" // their key prefix; default "rankings"
	EnvTopicARN = "HOTLINE_TOPIC_ARN"     // optional: the SNS topic told of each publication
)

// Config is what the month-end function needs from its environment.
type Config struct {
	Table    string
	Bucket   string
	Prefix   string
	TopicARN string
	Policy   string // a policy file, or "" for the built-in policy
	Location *time.Location
}

// ConfigFromEnv reads the configuration with getenv (os.Getenv); every
// missing or wrong variable is named.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Table:    getenv(cloud.EnvTable),
		Bucket:   getenv(EnvBucket),
		Prefix:   getenv(EnvPrefix),
		TopicARN: getenv(EnvTopicARN),
		Policy:   getenv(rules.EnvPolicy),
	}
	if c.Prefix == "" {
		c.Prefix = publish.DefaultPrefix
	}
	var errs []error
	if c.Table == "" {
		errs = append(errs, fmt.Errorf("%s is not set", cloud.EnvTable))
	}
	if c.Bucket == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvBucket))
	}
	loc, err := cloud.Location(getenv)
	if err != nil {
		errs = append(errs, err)
	}
	c.Location = loc
	return c, errors.Join(errs...)
}

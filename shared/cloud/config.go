package cloud

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// The environment variables the functions read.
const (
	EnvTable            = "HOTLINE_TABLE"             // the DynamoDB table
	EnvClientsParameter = "HOTLINE_CLIENTS_PARAMETER" // the SSM SecureString with the keys file
	EnvTimezone         = "HOTLINE_TIMEZONE"          // months and working days; default calendar.DefaultZone
	EnvOrigins          = "HOTLINE_ORIGINS"           // browser origins allowed by CORS, comma-separated; optional
	EnvAddr             = "HOTLINE_ADDR"              // outside Lambda: the address served; default 127.0.0.1:8080
	EnvPolicy           = "HOTLINE_POLICY"            // optional: a policy file in the deployment package
	EnvUploadsBucket    = "HOTLINE_UPLOADS_BUCKET"    // optional: the bucket of files too large for a request body (the api's; Uploads)
	EnvRuntimeAPI       = "AWS_LAMBDA_RUNTIME_API"    // set by Lambda (and the emulator): the function runs in Lambda
)

// DefaultTimezone is the policy zone when HOTLINE_TIMEZONE is not set.
const DefaultTimezone = calendar.DefaultZone

// DefaultAddr is the address an HTTP function serves outside Lambda.
const DefaultAddr = "127.0.0.1:8080"

// Config is what an HTTP function needs from its environment.
type Config struct {
	Table            string
	ClientsParameter string
	Location         *time.Location
	KeysTTL          time.Duration
	Origins          []string
	// InLambda is true under the Lambda runtime API; outside it, the
	// function serves Addr itself.
	InLambda bool
	Addr     string
	// UploadsBucket is the bucket of uploaded files (EnvUploadsBucket), ""
	// for none.
	UploadsBucket string
}

// ConfigFromEnv reads the configuration with getenv (os.Getenv); every
// missing or wrong variable is named.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{Table: getenv(EnvTable), ClientsParameter: getenv(EnvClientsParameter), KeysTTL: 5 * time.Minute,
		InLambda: getenv(EnvRuntimeAPI) != "", Addr: getenv(EnvAddr), UploadsBucket: getenv(EnvUploadsBucket)}
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	var errs []error
	if c.Table == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvTable))
	}
	if c.ClientsParameter == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvClientsParameter))
	}
	if c.UploadsBucket != "" {
		if err := checkBucket(c.UploadsBucket); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", EnvUploadsBucket, err))
		}
	}
	loc, err := Location(getenv)
	if err != nil {
		errs = append(errs, err)
	}
	c.Location = loc
	for _, o := range strings.Split(getenv(EnvOrigins), ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.Origins = append(c.Origins, o)
		}
	}
	return c, errors.Join(errs...)
}

// Location reads the policy zone from HOTLINE_TIMEZONE (DefaultTimezone
// when unset).
func Location(getenv func(string) string) (*time.Location, error) {
	tz := getenv(EnvTimezone)
	if tz == "" {
		tz = DefaultTimezone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a time zone", EnvTimezone, tz)
	}
	return loc, nil
}

package cloud

import (
	"errors"
	"fmt"
	"time"
)

// The environment variables the functions read.
const (
	EnvTable            = "HOTLINE_TABLE"             // the DynamoDB table
	EnvClientsParameter = "HOTLINE_CLIENTS_PARAMETER" // the SSM SecureString with the keys file
	EnvTimezone         = "HOTLINE_TIMEZONE"          // months and working days; default Asia/Shanghai
)

// Config is what a function needs from its environment.
type Config struct {
	Table            string
	ClientsParameter string
	Location         *time.Location
	KeysTTL          time.Duration
}

// ConfigFromEnv reads the configuration with getenv (os.Getenv); every
// missing or wrong variable is named.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{Table: getenv(EnvTable), ClientsParameter: getenv(EnvClientsParameter), KeysTTL: 5 * time.Minute}
	var errs []error
	if c.Table == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvTable))
	}
	if c.ClientsParameter == "" {
		errs = append(errs, fmt.Errorf("%s is not set", EnvClientsParameter))
	}
	tz := getenv(EnvTimezone)
	if tz == "" {
		tz = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %q is not a time zone", EnvTimezone, tz))
	}
	c.Location = loc
	return c, errors.Join(errs...)
}

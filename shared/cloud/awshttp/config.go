package awshttp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Config is where and as whom the functions call AWS.
type Config struct {
	Region      string
	Credentials aws.CredentialsProvider
	// HTTP sends the requests; nil means a client with a 30 s timeout.
	HTTP *http.Client

	endpoints map[string]string // service id ("" for all) → base URL
}

// FromEnv reads the configuration as Lambda sets it: the region from
// AWS_REGION (or AWS_DEFAULT_REGION), the function role's credentials from
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and the
// endpoint overrides of the SDKs, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<ID>
// (ID: DYNAMODB, S3, SNS, SSM), which the tests point at the local server.
// Every missing variable is named.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{Region: getenv("AWS_REGION"), endpoints: map[string]string{}}
	if c.Region == "" {
		c.Region = getenv("AWS_DEFAULT_REGION")
	}
	var errs []error
	if c.Region == "" {
		errs = append(errs, errors.New("AWS_REGION is not set"))
	}
	key, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" || secret == "" {
		errs = append(errs, errors.New("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role)"))
	}
	c.Credentials = aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, getenv("AWS_SESSION_TOKEN")))
	for _, id := range []string{"", "DYNAMODB", "S3", "SNS", "SSM"} {
		name := "AWS_ENDPOINT_URL"
		if id != "" {
			name += "_" + id
		}
		if v := strings.TrimRight(getenv(name), "/"); v != "" {
			if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				errs = append(errs, fmt.Errorf("%s: %q is not an http(s) URL", name, v))
			}
			c.endpoints[id] = v
		}
	}
	return c, errors.Join(errs...)
}

// WithEndpoint returns c with the base URL of the service id (DYNAMODB, S3,
// SNS, SSM; "" for every service) set to url, as AWS_ENDPOINT_URL_<ID>
// would set it.
func (c Config) WithEndpoint(id, url string) Config {
	e := make(map[string]string, len(c.endpoints)+1)
	for k, v := range c.endpoints {
		e[k] = v
	}
	e[id] = strings.TrimRight(url, "/")
	c.endpoints = e
	return c
}

// Endpoint is the base URL that overrides the public endpoint of the
// service id, or "" when there is none.
func (c Config) Endpoint(id string) string {
	if v, ok := c.endpoints[id]; ok {
		return v
	}
	return c.endpoints[""]
}

// SDK is the configuration of an SDK client of the service id: region,
// credentials and endpoint override. The caller sets the retryer.
func (c Config) SDK(id string) aws.Config {
	cfg := aws.Config{Region: c.Region, Credentials: c.Credentials}
	if c.HTTP != nil {
		cfg.HTTPClient = c.HTTP
	}
	if e := c.Endpoint(id); e != "" {
		cfg.BaseEndpoint = aws.String(e)
	}
	return cfg
}

// DNSSuffix is the domain of the public endpoints of a region:
// amazonaws.com.cn in the China regions, amazonaws.com elsewhere.
func DNSSuffix(region string) string {
	if strings.HasPrefix(region, "cn-") {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

func (c Config) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP
}

var defaultHTTP = &http.Client{Timeout: 30 * time.Second}

package ssmkeys

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/shizhong/hotline/shared/cloud/awshttp"
)

// SSM reads parameters with the GetParameter action of Systems Manager's
// JSON 1.1 protocol: one signed POST with the header
// X-Amz-Target: AmazonSSM.GetParameter.
type SSM struct {
	cfg awshttp.Config
	url string
}

var _ Client = (*SSM)(nil)

// NewSSM returns the client of the region of cfg, at the endpoint override
// for SSM if cfg has one.
func NewSSM(cfg awshttp.Config) *SSM {
	url := cfg.Endpoint("SSM")
	if url == "" {
		url = "https://ssm." + cfg.Region + "." + awshttp.DNSSuffix(cfg.Region)
	}
	return &SSM{cfg: cfg, url: url + "/"}
}

// GetParameter returns the value of parameter name, decrypted when decrypt
// is true. A parameter that does not exist is an *awshttp.Error with the
// code ParameterNotFound.
func (s *SSM) GetParameter(ctx context.Context, name string, decrypt bool) (string, error) {
	body, err := json.Marshal(struct {
		Name           string
		WithDecryption bool
	}{name, decrypt})
	if err != nil {
		return "", err
	}
	out, err := s.cfg.Do(ctx, awshttp.Call{
		Service: "ssm",
		Region:  s.cfg.Region,
		Method:  http.MethodPost,
		URL:     s.url,
		Header: http.Header{
			"Content-Type": {"application/x-amz-json-1.1"},
			"X-Amz-Target": {"AmazonSSM.GetParameter"},
		},
		Body: body,
	})
	if err != nil {
		return "", fmt.Errorf("get parameter %s: %w", name, err)
	}
	var answer struct {
		Parameter struct {
			Value string
		}
	}
	if err := json.Unmarshal(out, &answer); err != nil {
		return "", fmt.Errorf("get parameter %s: the answer: %w", name, err)
	}
	return answer.Parameter.Value, nil
}

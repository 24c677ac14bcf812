package ssmkeys

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// ParameterAPI is the one call of the SDK's SSM client that SSM makes.
type ParameterAPI interface {
	GetParameter(ctx context.Context, in *ssm.GetParameterInput, opts ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// SSM is Client over the SDK's Systems Manager client.
type SSM struct{ api ParameterAPI }

var _ Client = (*SSM)(nil)

// NewSSM returns the client of the region of cfg, with the SDK's retryer
// and any endpoint override (AWS_ENDPOINT_URL[_SSM]) cfg carries.
func NewSSM(cfg aws.Config) *SSM { return &SSM{api: ssm.NewFromConfig(cfg)} }

// GetParameter returns the value of parameter name, decrypted when decrypt
// is true. A parameter that does not exist is a
// *types.ParameterNotFound (errors.As).
func (s *SSM) GetParameter(ctx context.Context, name string, decrypt bool) (string, error) {
	out, err := s.api.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(decrypt)})
	if err != nil {
		return "", fmt.Errorf("get parameter %s: %w", name, err)
	}
	if out.Parameter == nil {
		return "", fmt.Errorf("get parameter %s: the answer has no parameter", name)
	}
	return aws.ToString(out.Parameter.Value), nil
}

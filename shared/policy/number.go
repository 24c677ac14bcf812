package policy

import (
	"fmt"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Number is an exact decimal value of a policy. It decodes from a YAML
// scalar such that a value that is not a number is reported with its line,
// and decoding goes on to report every other problem too.
type Number struct{ decimal.Decimal }

// N makes a Number from its decimal text; for constants.
func N(s string) Number { return Number{decimal.RequireFromString(s)} }

// UnmarshalYAML implements yaml.Unmarshaler.
func (n *Number) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind == yaml.ScalarNode {
		if d, err := decimal.NewFromString(node.Value); err == nil {
			n.Decimal = d
			return nil
		}
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %q is not a number", node.Line, node.Value)}}
}

// MarshalYAML implements yaml.Marshaler: the number as written.
func (n Number) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: n.String()}, nil
}

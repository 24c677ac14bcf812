package importer

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The mapping file as YAML: decoded strictly (unknown keys are errors),
// then checked and turned into a Mapping by load.go.

type rawMapping struct {
	Source      string                       `yaml:"source"`
	Zone        string                       `yaml:"zone"`
	TimeFormats []string                     `yaml:"time_formats"`
	Values      map[string]map[string]scalar `yaml:"values"`
	Tables      []rawTable                   `yaml:"tables"`
}

type rawTable struct {
	Name      string     `yaml:"name"`
	Sheet     string     `yaml:"sheet"`
	HeaderRow int        `yaml:"header_row"`
	EndBefore *rawEnd    `yaml:"end_before"`
	Columns   yaml.Node  `yaml:"columns"` // a mapping: its order is the columns'
	Events    []rawEvent `yaml:"events"`
}

type rawEnd struct {
	Column string `yaml:"column"`
	Prefix string `yaml:"prefix"`
}

type rawEvent struct {
	Type   string                       `yaml:"type"`
	At     string                       `yaml:"at"`
	When   *rawCond                     `yaml:"when"`
	Fields yaml.Node                    `yaml:"fields"`
	Values map[string]map[string]scalar `yaml:"values"`
}

// rawColumn is a column: `key: 承办单位|办理单位`, or `key: {header: …,
// optional: true}`.
type rawColumn struct {
	Header   string
	Optional bool
}

func (c *rawColumn) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Header = n.Value
		return nil
	}
	return strictMap(n, map[string]func(*yaml.Node) error{
		"header":   func(v *yaml.Node) error { return v.Decode(&c.Header) },
		"optional": func(v *yaml.Node) error { return v.Decode(&c.Optional) },
	})
}

// rawField is a field's source: `due_at: due` (a column key), or
// `meeting: {value: dispatch}`.
type rawField struct {
	Column   string
	Value    scalar
	Constant bool
}

func (f *rawField) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		f.Column = n.Value
		return nil
	}
	return strictMap(n, map[string]func(*yaml.Node) error{
		"value": func(v *yaml.Node) error { f.Constant = true; return v.Decode(&f.Value) },
	})
}

// rawCond is `when: column`, or `when: {column: c, equals: 是}`.
type rawCond struct {
	Column string
	Equals string
}

func (c *rawCond) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Column = n.Value
		return nil
	}
	return strictMap(n, map[string]func(*yaml.Node) error{
		"column": func(v *yaml.Node) error { return v.Decode(&c.Column) },
		"equals": func(v *yaml.Node) error { return v.Decode(&c.Equals) },
	})
}

// scalar is a value of a vocabulary or a constant: text, or true/false, as
// the contract writes it.
type scalar string

func (s *scalar) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return fmt.Errorf("line %d: a value must be text, true or false", n.Line)
	}
	*s = scalar(n.Value)
	return nil
}

// strictMap decodes the mapping n by its keys, each with its function; an
// unknown key, a key set twice, or n not a mapping is an error with its
// line. (Inside a custom unmarshaler the decoder's KnownFields does not
// reach, so the few mappings of this form check their keys here.)
func strictMap(n *yaml.Node, keys map[string]func(*yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected text or a mapping", n.Line)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		dec, ok := keys[k.Value]
		if !ok {
			names := make([]string, 0, len(keys))
			for name := range keys {
				names = append(names, name)
			}
			return fmt.Errorf("line %d: unknown key %q (this mapping has %s)", k.Line, k.Value, strings.Join(sorted(names), ", "))
		}
		if seen[k.Value] {
			return fmt.Errorf("line %d: key %q appears twice", k.Line, k.Value)
		}
		seen[k.Value] = true
		if err := dec(v); err != nil {
			return fmt.Errorf("line %d: %s: %w", v.Line, k.Value, err)
		}
	}
	return nil
}

package importer

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// lineOf is the line of the value at path in the YAML document root, e.g.
// "tables[1].events[0].type"; the line of the deepest part found when the
// path goes further than the document (a key left out), 0 when nothing of
// it is there.
func lineOf(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, part := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			next := child(n, key)
			if next == nil {
				return line
			}
			line, n = next.Line, next
		}
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			i, err := strconv.Atoi(idx)
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return line
			}
			n = n.Content[i]
			line = n.Line
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return line
}

// child is the value of key in the mapping n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// sorted returns the strings sorted, for messages that list names.
func sorted(list []string) []string {
	slices.Sort(list)
	return list
}

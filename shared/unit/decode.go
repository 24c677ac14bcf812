package unit

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Decode reads the pinned units.yaml format (SPEC §2) strictly: unknown
// keys are errors, and every problem of the file is reported at once
// (errors.Join), each with its line (and its column where a line holds
// several units) and the index of its unit, e.g.
//
//	line 5: units[1]: duplicate id "wenhualu" (first on line 2)
func Decode(r io.Reader) (*Registry, error) {
	var root yaml.Node
	if err := yaml.NewDecoder(r).Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("no units: the file is empty")
		}
		return nil, err
	}
	d := &decoder{perLine: map[int]int{}, first: map[string]*yaml.Node{}}
	units := d.file(&root)
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return NewRegistry(units)
}

// decoder walks the node tree of a units file, gathering its problems.
type decoder struct {
	errs    []error
	perLine map[int]int           // line → units that start on it (flow style puts several on one)
	first   map[string]*yaml.Node // id → the node of its first unit
}

// at records a problem at node n.
func (d *decoder) at(n *yaml.Node, format string, args ...any) {
	pos := "line " + strconv.Itoa(n.Line)
	if d.perLine[n.Line] > 1 {
		pos += ", column " + strconv.Itoa(n.Column)
	}
	d.errs = append(d.errs, fmt.Errorf(pos+": "+format, args...))
}

// file decodes the document: a mapping whose one key is units.
func (d *decoder) file(doc *yaml.Node) []Unit {
	top := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		top = doc.Content[0]
	}
	top = resolve(top)
	if isNull(top) {
		d.errs = append(d.errs, errors.New("units: at least one unit is required"))
		return nil
	}
	if top.Kind != yaml.MappingNode {
		d.at(top, "the file must be a mapping with the key units, not %s", kind(top))
		return nil
	}
	var list *yaml.Node
	for _, kv := range d.pairs("", top) {
		if kv.key.Value != "units" {
			d.at(kv.key, "unknown key %q: the file has only units", kv.key.Value)
			continue
		}
		list = kv.value
	}
	if list == nil || isNull(list) {
		d.errs = append(d.errs, errors.New("units: at least one unit is required"))
		return nil
	}
	if list.Kind != yaml.SequenceNode {
		d.at(list, "units must be a list of units, not %s", kind(list))
		return nil
	}
	if len(list.Content) == 0 {
		d.at(list, "units: at least one unit is required")
		return nil
	}
	for _, item := range list.Content {
		d.perLine[item.Line]++
	}
	units := make([]Unit, 0, len(list.Content))
	for i, item := range list.Content {
		if u, ok := d.unit(i, item); ok {
			units = append(units, u)
		}
	}
	return units
}

// unit decodes units[i] from its node item and checks it; ok is false when
// it has a problem. The problems of a unit given as an alias (*anchor) are
// reported where the alias stands.
func (d *decoder) unit(i int, item *yaml.Node) (Unit, bool) {
	path := fmt.Sprintf("units[%d]", i)
	n := resolve(item)
	place := func(at *yaml.Node) *yaml.Node {
		if at == nil || item != n {
			return item
		}
		return at
	}
	if n.Kind != yaml.MappingNode {
		d.at(item, "%s: a unit must be a mapping of id, name and group, not %s", path, kind(n))
		return Unit{}, false
	}
	before := len(d.errs)
	var u Unit
	fields := map[string]*string{"id": &u.ID, "name": &u.Name, "group": (*string)(&u.Group)}
	values := map[string]*yaml.Node{} // field → its value, when it decoded
	bad := map[string]bool{}          // field → its value had a problem of its own
	for _, kv := range d.pairs(path, n) {
		k := kv.key.Value
		dst, known := fields[k]
		switch {
		case k == "aliases":
			u.Aliases, values[k] = d.aliases(path, place(kv.value), kv.value), kv.value
			bad[k] = u.Aliases == nil && !isNull(kv.value)
		case !known:
			d.at(place(kv.key), "%s: unknown key %q: a unit has only id, name, group and aliases", path, k)
		case kv.value.Kind != yaml.ScalarNode:
			d.at(place(kv.value), "%s.%s must be text, not %s", path, k, kind(kv.value))
			bad[k] = true
		default:
			if err := kv.value.Decode(dst); err != nil {
				d.at(place(kv.value), "%s.%s: %v", path, k, err)
				bad[k] = true
				continue
			}
			values[k] = kv.value
		}
	}
	for _, p := range u.problems() {
		if !bad[p.field] {
			d.at(place(values[p.field]), "%s: %s", path, p.msg)
		}
	}
	if len(d.errs) > before {
		return u, false
	}
	at := place(values["id"])
	if first, dup := d.first[u.ID]; dup {
		d.at(at, "%s: duplicate id %q (first on line %d)", path, u.ID, first.Line)
		return u, false
	}
	d.first[u.ID] = at
	return u, true
}

// aliases decodes a unit's aliases: a list of text, or nothing; nil after
// a problem, reported at the node at.
func (d *decoder) aliases(path string, at, v *yaml.Node) []string {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.at(at, "%s.aliases must be a list of names, not %s", path, kind(v))
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for i, item := range v.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || isNull(item) {
			d.at(item, "%s.aliases[%d] must be a name, not %s", path, i, kind(item))
			return nil
		}
		out = append(out, item.Value)
	}
	return out
}

// pair is a key of a mapping with its value.
type pair struct{ key, value *yaml.Node }

// pairs lists the keys of mapping n with their values, the keys of merged
// mappings (<<: *anchor) included unless n sets them itself; a key set
// twice is a problem (yaml.v3 refuses it too), reported under path.
func (d *decoder) pairs(path string, n *yaml.Node) []pair {
	var own, merged []pair
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged = append(merged, d.merge(path, v)...)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.at(k, "%skey %q appears twice (first on line %d)", prefix(path), k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		own = append(own, pair{k, v})
	}
	for _, kv := range merged {
		if seen[kv.key.Value] == nil {
			seen[kv.key.Value] = kv.key
			own = append(own, kv)
		}
	}
	return own
}

// merge lists the pairs a merge key's value brings: a mapping, or a list of
// mappings of which the first to set a key wins.
func (d *decoder) merge(path string, v *yaml.Node) []pair {
	var maps []*yaml.Node
	switch v.Kind {
	case yaml.MappingNode:
		maps = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, m := range v.Content {
			maps = append(maps, resolve(m))
		}
	}
	var out []pair
	for _, m := range maps {
		if m.Kind != yaml.MappingNode {
			d.at(m, "%s<< must merge a mapping, not %s", prefix(path), kind(m))
			continue
		}
		out = append(out, d.pairs(path, m)...)
	}
	return out
}

// prefix is path followed by ": ", or nothing at the top of the file.
func prefix(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is an empty or null value.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// kind names the YAML kind of n for messages.
func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if isNull(n) {
		return "empty"
	}
	return strconv.Quote(n.Value)
}

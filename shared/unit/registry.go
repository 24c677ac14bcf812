package unit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Registry is the set of known units, in file order, addressable by id and by
// a dense index (0..Len()-1) that the engine uses for its tables.
type Registry struct {
	units []Unit
	index map[string]int
	names map[string]int // name or alias → dense index (names.go)
}

// NewRegistry builds a registry, rejecting invalid units and duplicate ids;
// every problem of every unit is reported (errors.Join), each with the
// index of its unit. Decode reports the problems of a file with their lines.
func NewRegistry(units []Unit) (*Registry, error) {
	r := &Registry{units: make([]Unit, 0, len(units)), index: make(map[string]int, len(units)), names: make(map[string]int, len(units))}
	var errs []error
	for i, u := range units {
		if ps := u.problems(); len(ps) > 0 {
			for _, p := range ps {
				errs = append(errs, fmt.Errorf("units[%d]: %s", i, p.msg))
			}
			continue
		}
		if _, dup := r.index[u.ID]; dup {
			errs = append(errs, fmt.Errorf("units[%d]: duplicate id %q", i, u.ID))
			continue
		}
		if err := r.addNames(i, u); err != nil {
			errs = append(errs, err)
			continue
		}
		u.Aliases = slices.Clone(u.Aliases) // the registry keeps its own copy
		r.index[u.ID] = len(r.units)
		r.units = append(r.units, u)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// Len is the number of units.
func (r *Registry) Len() int { return len(r.units) }

// At returns the unit with dense index i.
func (r *Registry) At(i int) Unit { return r.units[i] }

// Index returns the dense index of the unit with the given id.
func (r *Registry) Index(id string) (int, bool) {
	i, ok := r.index[id]
	return i, ok
}

// Lookup returns the unit with the given id.
func (r *Registry) Lookup(id string) (Unit, bool) {
	i, ok := r.index[id]
	if !ok {
		return Unit{}, false
	}
	return r.units[i], true
}

// Units returns a copy of the units in registry order, their aliases
// copied too.
func (r *Registry) Units() []Unit {
	out := append([]Unit(nil), r.units...)
	for i := range out {
		out[i].Aliases = slices.Clone(out[i].Aliases)
	}
	return out
}

// file is the pinned units.yaml format, as Encode writes it.
type file struct {
	Units []Unit `yaml:"units"`
}

// Load reads a units file; errors name the file.
func Load(path string) (*Registry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	reg, err := Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return reg, nil
}

// Encode writes the registry in the pinned units.yaml format.
func (r *Registry) Encode(w io.Writer) error { return encode(w, r.units) }

// EncodeAssessed writes the registry as Encode does but without the
// aliases: the part of it a result depends on (ids, names, groups, order),
// for the fingerprint of a result's input. Aliases only find units by name
// in an import and take no part in the assessment, so adding or changing
// them must not make a new result version; a registry without aliases
// encodes as Encode writes it, so the fingerprints of results stored before
// aliases stay as they were.
func (r *Registry) EncodeAssessed(w io.Writer) error {
	units := make([]Unit, len(r.units))
	for i, u := range r.units {
		u.Aliases = nil
		units[i] = u
	}
	return encode(w, units)
}

// encode writes units in the pinned units.yaml format.
func encode(w io.Writer, units []Unit) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(file{Units: units}); err != nil {
		return fmt.Errorf("encode units: %w", err)
	}
	return enc.Close()
}

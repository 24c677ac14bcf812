package unit

import (
	"fmt"
	"slices"
	"strings"
)

// Units by name (issue 15): the platform's exports and the centre's
// workbooks name units in Chinese, by their name or a variant of it, which
// units.yaml lists as aliases.

// addNames indexes the name and aliases of u, the i-th unit given, which is
// to take the next dense index. An alias may not be another unit's name or
// alias: a name in an export must find one unit. Two units of the same name
// stay allowed, as before aliases; ByName finds the first.
func (r *Registry) addNames(i int, u Unit) error {
	next := len(r.units)
	for _, a := range u.Aliases {
		if j, taken := r.names[a]; taken {
			return fmt.Errorf("units[%d]: alias %q of unit %s is already a name of unit %s", i, a, u.ID, r.units[j].ID)
		}
	}
	if j, taken := r.names[u.Name]; taken && slices.Contains(r.units[j].Aliases, u.Name) {
		return fmt.Errorf("units[%d]: name %q of unit %s is already an alias of unit %s", i, u.Name, u.ID, r.units[j].ID)
	}
	if _, taken := r.names[u.Name]; !taken {
		r.names[u.Name] = next
	}
	for _, a := range u.Aliases {
		r.names[a] = next
	}
	return nil
}

// ByName finds the unit that text names, spaces around it aside: by its id,
// else by its name or one of its aliases.
func (r *Registry) ByName(text string) (Unit, bool) {
	text = strings.TrimFunc(text, isSpace)
	if u, ok := r.Lookup(text); ok {
		return u, true
	}
	i, ok := r.names[text]
	if !ok {
		return Unit{}, false
	}
	return r.units[i], true
}

// Closest lists at most n units whose name or alias is nearest to text (by
// edit distance over characters, then registry order), for the message of a
// name that matches none.
func (r *Registry) Closest(text string, n int) []Unit {
	text = strings.TrimFunc(text, isSpace)
	type scored struct{ i, d int }
	all := make([]scored, len(r.units))
	for i, u := range r.units {
		d := distance(text, u.Name)
		for _, a := range u.Aliases {
			d = min(d, distance(text, a))
		}
		all[i] = scored{i, d}
	}
	slices.SortStableFunc(all, func(a, b scored) int { return a.d - b.d })
	out := make([]Unit, 0, min(n, len(all)))
	for _, s := range all[:min(n, len(all))] {
		out = append(out, r.units[s.i])
	}
	return out
}

// distance is the Levenshtein distance between a and b, counted in
// characters.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

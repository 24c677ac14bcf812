package report

import (
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/unit"
)

// groupUnits are the units of one group in reading order.
type groupUnits struct {
	group unit.Group
	units []*score.UnitResult
}

// byGroup splits r's units by group: the groups of unit.Groups first, each
// listed even when empty, then any unknown group in order of appearance.
// Within a group, ranked units come first by rank, then assessed units
// without a rank, then the units not assessed; ties keep the input order.
func byGroup(r *score.Result) []groupUnits {
	var out []groupUnits
	index := map[unit.Group]int{}
	add := func(g unit.Group) int {
		if i, ok := index[g]; ok {
			return i
		}
		index[g] = len(out)
		out = append(out, groupUnits{group: g})
		return len(out) - 1
	}
	for _, g := range unit.Groups {
		add(g)
	}
	for i := range r.Units {
		u := &r.Units[i]
		j := add(u.Group)
		out[j].units = append(out[j].units, u)
	}
	for _, g := range out {
		slices.SortStableFunc(g.units, func(a, b *score.UnitResult) int {
			if c := standing(a) - standing(b); c != 0 {
				return c
			}
			if a.Rank != nil && b.Rank != nil {
				return *a.Rank - *b.Rank
			}
			return 0
		})
	}
	return out
}

// standing orders ranked units before assessed unranked ones before units
// not assessed.
func standing(u *score.UnitResult) int {
	switch {
	case u.Assessed && u.Rank != nil:
		return 0
	case u.Assessed:
		return 1
	}
	return 2
}

// isAnnual reports whether r is an annual result: its period is a year
// ("2026") rather than a month ("2026-10").
func isAnnual(r *score.Result) bool {
	return r.Period != "" && !strings.Contains(r.Period, "-")
}

// unitNames maps unit ids to names, for tickets and deductions that only
// carry ids.
type unitNames map[string]string

func namesOf(r *score.Result) unitNames {
	m := unitNames{}
	for _, u := range r.Units {
		m[u.UnitID] = u.Name
	}
	return m
}

// name is the unit's name, or its id when the result does not list it.
func (m unitNames) name(id string) string {
	if n := m[id]; n != "" {
		return n
	}
	return id
}

// names joins the names of ids with the Chinese enumeration comma.
func (m unitNames) names(ids []string) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = m.name(id)
	}
	return strings.Join(s, "、")
}

package score

import (
	"math/big"

	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/unit"
)

// pool sums the satisfaction of a set of units: its rates are Σ satisfied
// / Σ connected over them (四(三) 全区平均 when the set is every unit).
type pool struct{ connected, resultSat, procSat int64 }

func (p *pool) add(a *acc) {
	p.connected += int64(a.connected)
	p.resultSat += int64(a.resultSat)
	p.procSat += int64(a.procSat)
}

// rates are the pooled rates, nil when nothing was connected.
func (p *pool) rates() rates {
	if p.connected == 0 {
		return rates{}
	}
	return rates{big.NewRat(p.resultSat, p.connected), big.NewRat(p.procSat, p.connected)}
}

// rates are a result and a process satisfaction rate; nil when there is
// none.
type rates struct{ result, process *big.Rat }

// averageSet is what the units of a period are compared with: the
// district's rates, and each group's.
type averageSet struct {
	district rates
	groups   map[unit.Group]rates
}

// poolAverages pools the accs of every unit (indexed as the registry) for
// the district and for each group.
func poolAverages(reg *unit.Registry, accs func(u int) *acc) averageSet {
	var district pool
	groups := map[unit.Group]*pool{}
	for u := range reg.Len() {
		a := accs(u)
		district.add(a)
		g := reg.At(u).Group
		if groups[g] == nil {
			groups[g] = &pool{}
		}
		groups[g].add(a)
	}
	out := averageSet{district: district.rates(), groups: map[unit.Group]rates{}}
	for g, p := range groups {
		out.groups[g] = p.rates()
	}
	return out
}

// forGroup is the average a unit of group g is compared with under the
// policy's satisfaction.average (SPEC §6 v1.1).
func (a averageSet) forGroup(pol *policy.Policy, g unit.Group) rates {
	if pol.Satisfaction.Average == policy.GroupAverage {
		return a.groups[g]
	}
	return a.district
}

// groupOutput is the groups' averages for the output, only when the policy
// compares units with their group's.
func (a averageSet) groupOutput(pol *policy.Policy) map[unit.Group]Averages {
	if pol.Satisfaction.Average != policy.GroupAverage {
		return nil
	}
	out := map[unit.Group]Averages{}
	for _, g := range unit.Groups {
		r := a.groups[g]
		out[g] = averages(r.result, r.process)
	}
	return out
}

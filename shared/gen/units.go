package gen

import (
	"math/rand/v2"
	"strconv"

	"github.com/shizhong/hotline/shared/unit"
)

// Streams of the PCG generator: each part of the output draws from its own,
// so that, e.g., the units do not depend on the number of months.
const (
	streamUnits   = 0x9e3779b97f4a7c15
	streamMonths  = 0xbf58476d1ce4e5b9
	streamTickets = 0x94d049bb133111eb
	// streamCorrections draws the centre's refusals and corrections, apart
	// from the tickets so that adding them left every other event as it was.
	streamCorrections = 0xd6e8feb86659fd93
)

// Units returns the generated units, towns and streets first: about 2/7 are
// in the group town_street (ids like "wenhualu", names like 文化路街道), the
// rest departments (ids like "jiaotiju", names like 区教育和体育局, then
// local offices like 文化路派出所). The units depend on the number of units
// only; their hidden qualities depend on the seed.
func Units(cfg Config) []unit.Unit {
	n := cfg.unitCount()
	towns := (2*n + 3) / 7
	if n >= 2 {
		towns = min(max(towns, 1), n-1)
	}
	units := make([]unit.Unit, 0, n)
	taken := make(map[string]bool, n)
	add := func(id, name string, g unit.Group) bool {
		if taken[id] {
			return false
		}
		taken[id] = true
		units = append(units, unit.Unit{ID: id, Name: name, Group: g})
		return true
	}
	var stems []place // the stems of the towns, for local offices
	for _, p := range townPlaces() {
		if len(units) == towns {
			break
		}
		name := p.hanzi + "街道"
		id := p.pinyin
		if p.town {
			name, id = p.hanzi+"镇", p.pinyin+"zhen"
		}
		if add(id, name, unit.TownStreet) {
			stems = append(stems, p)
		}
	}
	for i := 1; len(units) < towns; i++ {
		add("town"+pad(i, 3), "第"+strconv.Itoa(i)+"街道", unit.TownStreet)
	}
	for _, d := range departments {
		if len(units) == n {
			break
		}
		add(d.id, d.name, unit.Department)
	}
	for _, p := range stems {
		for _, s := range stations {
			if len(units) == n {
				break
			}
			add(p.pinyin+"_"+s.id, p.hanzi+s.name, unit.Department)
		}
	}
	for i := 1; len(units) < n; i++ {
		add("dept"+pad(i, 3), "区直属单位"+pad(i, 3), unit.Department)
	}
	return units
}

// townPlaces lists the place stems in the order towns take them: the
// district's own, then the composed ones, their first syllables interleaved.
func townPlaces() []place {
	ps := append([]place(nil), shizhongPlaces...)
	nf, ns := len(placeFirst), len(placeSecond) // gcd(nf+1, ns) = 1: every pair once
	for k := range nf * ns {
		a, b := placeFirst[k%nf], placeSecond[(k+k/nf)%ns]
		ps = append(ps, place{a.pinyin + b.pinyin, a.hanzi + b.hanzi, b.town})
	}
	return ps
}

// district is the generated units with their hidden traits.
type district struct {
	units   []unit.Unit
	quality []int   // 0 (worst) to 1000 (best)
	factor  []int   // per mille multiplier of bad rates: 300 (best) to 1700 (worst)
	cum     []int64 // cumulative ticket weights, for picking a unit
}

// newDistrict builds the units of cfg and draws their traits from its seed.
func newDistrict(cfg Config) *district {
	d := &district{units: Units(cfg)}
	r := rand.New(rand.NewPCG(cfg.Seed, streamUnits))
	var total int64
	for _, u := range d.units {
		q := (r.IntN(1001) + r.IntN(1001)) / 2
		d.quality = append(d.quality, q)
		d.factor = append(d.factor, 300+1400*(1000-q)/1000)
		w := int64(1000)
		if u.Group == unit.TownStreet {
			w = 3000 // towns and streets handle most demands
		}
		w = w * (400 + r.Int64N(2100)) / 1000 * (400 + r.Int64N(2100)) / 1000
		total += max(w, 1)
		d.cum = append(d.cum, total)
	}
	return d
}

// pick draws a unit by ticket weight, other than not (-1: any).
func (d *district) pick(r *rand.Rand, not int) int {
	if len(d.units) == 1 {
		return 0
	}
	for {
		x := r.Int64N(d.cum[len(d.cum)-1])
		lo, hi := 0, len(d.cum)-1
		for lo < hi {
			m := (lo + hi) / 2
			if d.cum[m] > x {
				hi = m
			} else {
				lo = m + 1
			}
		}
		if lo != not {
			return lo
		}
	}
}

// pickWeak draws a unit uniformly, leaning to the worse of two.
func (d *district) pickWeak(r *rand.Rand) int {
	a, b := r.IntN(len(d.units)), r.IntN(len(d.units))
	if d.quality[b] < d.quality[a] {
		return b
	}
	return a
}

// pad writes i with at least width digits.
func pad(i, width int) string {
	return string(appendPad(nil, i, width))
}

// appendPad appends i with at least width digits.
func appendPad(b []byte, i, width int) []byte {
	for n, x := 1, 10; n < width; n, x = n+1, x*10 {
		if i < x {
			b = append(b, '0')
		}
	}
	return strconv.AppendInt(b, int64(i), 10)
}

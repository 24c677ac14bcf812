package gen

import (
	"math/rand/v2"

	"github.com/shizhong/hotline/shared/event"
)

// Probabilities are integers in parts per million, so that the output never
// depends on floating-point rounding.
const million = 1_000_000

// chance is true with probability ppm parts per million.
func chance(r *rand.Rand, ppm int) bool { return int(r.Uint32N(million)) < ppm }

// scale multiplies a probability by a per-mille factor of a unit.
func scale(ppm, factor int) int { return min(ppm*factor/1000, million) }

// weighted draws an index by cumulative weights in parts per million.
func weighted(r *rand.Rand, cum []int) int {
	x := int(r.Uint32N(million))
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// channelCum are the cumulative shares of event.Channels: the 12345 hotline
// dominates, the mailboxes and platforms bring the rest.
var channelCum = cumulate(event.Channels, map[string]int{
	"hotline_12345":             800_000,
	"mayor_mailbox":             40_000,
	"district_mailbox":          30_000,
	"state_council_supervision": 5_000,
	"leader_message_board":      20_000,
	"provincial_hotline":        30_000,
	"provincial_enterprise":     15_000,
	"qihu_zaoying":              20_000,
	"shandian_news":             10_000,
	"other":                     30_000,
})

// dueDays are the working days to reply and their cumulative shares.
var (
	dueDays   = []int{1, 2, 3, 4, 5, 10}
	dueDayCum = []int{100_000, 180_000, 480_000, 600_000, 950_000, million}
)

// cumulate turns shares keyed by value into cumulative shares in the order
// of values.
func cumulate(values []string, share map[string]int) []int {
	cum := make([]int, len(values))
	total := 0
	for i, v := range values {
		total += share[v]
		cum[i] = total
	}
	if total != million {
		panic("gen: shares do not add up to a million")
	}
	return cum
}

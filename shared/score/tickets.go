package score

import (
	"slices"

	"github.com/zeebo/xxh3"
)

// tickets numbers ticket ids densely (0 is "no ticket") and keeps their text
// in one byte arena: no pointer per ticket, so that a Beijing-scale month of
// 2 million tickets costs the garbage collector nothing to scan. Ids are
// looked up by a 128-bit hash, which two different ids share with a
// probability of about n²/2¹²⁹.
type tickets struct {
	index map[[2]uint64]uint32
	text  []byte
	ends  []uint32 // ticket i's id is text[ends[i-1]:ends[i]]
}

func newTickets(n int) tickets {
	t := tickets{index: make(map[[2]uint64]uint32, n), ends: make([]uint32, 1, n+1)}
	t.index[[2]uint64{}] = 0
	return t
}

func (t *tickets) grow(n int) {
	t.ends = slices.Grow(t.ends, n)
	t.text = slices.Grow(t.text, 16*n)
}

// number returns the number of ticket id, whose hash is h (ticketHash),
// adding it when new.
func (t *tickets) number(id string, h xxh3.Uint128) uint32 {
	if id == "" {
		return 0
	}
	key := [2]uint64{h.Hi, h.Lo | 1} // never the zero key of "no ticket"
	if i, ok := t.index[key]; ok {
		return i
	}
	i := uint32(len(t.ends))
	t.index[key] = i
	t.text = append(t.text, id...)
	t.ends = append(t.ends, uint32(len(t.text)))
	return i
}

// id returns the id of ticket i.
func (t *tickets) id(i uint32) string {
	if i == 0 {
		return ""
	}
	return string(t.text[t.ends[i-1]:t.ends[i]])
}

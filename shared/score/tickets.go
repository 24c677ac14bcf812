package score

import (
	"github.com/zeebo/xxh3"
)

// tickets numbers ticket ids densely (0 is "no ticket") and keeps their text
// in one byte arena: no pointer per ticket, so that a Beijing-scale month of
// 2 million tickets costs the garbage collector nothing to scan. Ids are
// looked up by a 128-bit hash, which two different ids share with a
// probability of about n²/2¹²⁹.
type tickets struct {
	index hashTable[uint32]
	text  []byte
	ends  []uint32 // ticket i's id is text[ends[i-1]:ends[i]]
	// last is the key and number of the ticket numbered last: the events
	// of a ticket often come one after another.
	last    [2]uint64
	lastNum uint32
}

func newTickets(n int) tickets {
	return tickets{ends: make([]uint32, 1, n+1)}
}

func (t *tickets) grow(n int) {
	t.index.grow(n)
	t.ends = growHuge(t.ends, n)
	t.text = growHuge(t.text, 16*n)
}

// number returns the number of ticket id, whose hash is h (ticketHash),
// adding it when new.
func (t *tickets) number(id string, h xxh3.Uint128) uint32 {
	if id == "" {
		return 0
	}
	key := [2]uint64{h.Hi, h.Lo | 1} // never the zero key of "no ticket"
	if key == t.last {
		return t.lastNum
	}
	i, found := t.index.getOrPut(key, uint32(len(t.ends)))
	if !found {
		t.text = append(t.text, id...)
		t.ends = append(t.ends, uint32(len(t.text)))
	}
	t.last, t.lastNum = key, i
	return i
}

// peek reads ahead the slot the ticket of x will be looked up in (hashTable.peek).
func (t *tickets) peek(x *ticketRecord) uint64 {
	return t.index.peek([2]uint64{x.hash.Hi, x.hash.Lo | 1})
}

// id returns the id of ticket i.
func (t *tickets) id(i uint32) string {
	if i == 0 {
		return ""
	}
	return string(t.text[t.ends[i-1]:t.ends[i]])
}

package score

import "math/bits"

// hashTable maps 128-bit hashes (event ids, ticket ids) to values: open
// addressing with linear probing in one slice of slots, no pointer, sized
// ahead by grow so that a large input is read without rehashing. Its keys
// are hashes already, so it hashes nothing: the slot of a key is key[1]
// scaled to the table's length. The zero key marks an empty slot and is
// kept aside.
type hashTable[V any] struct {
	slots   []hashSlot[V]
	n       int // keys in slots
	hasZero bool
	zero    V
}

type hashSlot[V any] struct {
	key [2]uint64
	val V
}

// maxLoad is the share of slots a table fills before it grows: low enough
// that a missing key is found missing after a few slots.
const (
	maxLoadNum = 3
	maxLoadDen = 4
)

// Len is the number of keys.
func (t *hashTable[V]) Len() int {
	if t.hasZero {
		return t.n + 1
	}
	return t.n
}

// get returns the value of key.
func (t *hashTable[V]) get(key [2]uint64) (V, bool) {
	if key == [2]uint64{} {
		return t.zero, t.hasZero
	}
	if len(t.slots) == 0 {
		var none V
		return none, false
	}
	for i := t.home(key); ; {
		s := &t.slots[i]
		switch s.key {
		case key:
			return s.val, true
		case [2]uint64{}:
			var none V
			return none, false
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// getOrPut returns the value of key if it has one (found true), else
// gives it val.
func (t *hashTable[V]) getOrPut(key [2]uint64, val V) (prev V, found bool) {
	if key == [2]uint64{} {
		if t.hasZero {
			return t.zero, true
		}
		t.hasZero, t.zero = true, val
		return val, false
	}
	if (t.n+1)*maxLoadDen > len(t.slots)*maxLoadNum {
		t.resize(max(2*len(t.slots), 64))
	}
	for i := t.home(key); ; {
		s := &t.slots[i]
		switch s.key {
		case key:
			return s.val, true
		case [2]uint64{}:
			s.key, s.val = key, val
			t.n++
			return val, false
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// grow makes room for n more keys without resizing: an empty table to
// just that, a full one to at least twice its size.
func (t *hashTable[V]) grow(n int) {
	if need := (t.n+n)*maxLoadDen/maxLoadNum + 1; need > len(t.slots) {
		t.resize(max(need, 2*len(t.slots)))
	}
}

// peek reads the first word of key's first slot: AddBatch reads those of
// many keys at once before looking them up, so that the memory is fetched
// for all of them together.
func (t *hashTable[V]) peek(key [2]uint64) uint64 {
	if len(t.slots) == 0 {
		return 0
	}
	return t.slots[t.home(key)].key[0]
}

// home is the first slot to probe for key.
func (t *hashTable[V]) home(key [2]uint64) int {
	hi, _ := bits.Mul64(key[1], uint64(len(t.slots)))
	return int(hi)
}

func (t *hashTable[V]) resize(size int) {
	old := t.slots
	t.slots = growHuge[hashSlot[V]](nil, size)[:size]
	for _, s := range old {
		if s.key == [2]uint64{} {
			continue
		}
		for i := t.home(s.key); ; {
			if t.slots[i].key == [2]uint64{} {
				t.slots[i] = s
				break
			}
			if i++; i == len(t.slots) {
				i = 0
			}
		}
	}
}

package score

// eventIDs keeps, for each record of the ledger, the text of its event id
// when a deduction may name it (causesDeduction), else nothing: one byte
// arena and one offset a record, no pointer, so that the ids of a
// Beijing-scale month cost about 60 MB and the garbage collector nothing.
type eventIDs struct {
	text []byte
	ends []uint32 // record i's id is text[ends[i-1]:ends[i]]
}

// grow makes room for n more records: their offsets, and the ids of a
// third of them (the assignments, most of the ids kept) at 16 bytes each,
// so that the arena is not copied again and again as it fills.
func (x *eventIDs) grow(n int) {
	x.ends = growHuge(x.ends, n)
	x.text = growHuge(x.text, 16*n/3)
}

// add keeps the id of the next record ("" for none).
func (x *eventIDs) add(id string) {
	x.text = append(x.text, id...)
	x.ends = append(x.ends, uint32(len(x.text)))
}

// at returns the id of record i, "" when it was not kept.
func (x *eventIDs) at(i int32) string {
	start := uint32(0)
	if i > 0 {
		start = x.ends[i-1]
	}
	return string(x.text[start:x.ends[i]])
}
